import type { Kysely, Migration } from 'kysely';
import { autoId, idType } from './migration-columns';
import type { StoreDialect } from './schema';

/** The first schema: the webhook inbox, installed portals and OAuth states. */
export function migration0001Initial(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('webhook_events')
        .addColumn('id', idType(dialect), (col) => autoId(col, dialect))
        .addColumn('portal_id', 'bigint', (col) => col.notNull())
        .addColumn('event_key', 'text', (col) => col.notNull().unique())
        .addColumn('subscription_type', 'text', (col) => col.notNull())
        .addColumn('object_type_id', 'text', (col) => col.notNull())
        .addColumn('object_id', 'bigint', (col) => col.notNull())
        .addColumn('occurred_at', 'bigint', (col) => col.notNull())
        .addColumn('payload', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('available_at', 'bigint', (col) => col.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('received_at', 'bigint', (col) => col.notNull())
        .addColumn('processed_at', 'bigint')
        .execute();
      // Claiming filters on status then time; the per-portal index serves the second claim step
      // (the batch of one portal) and the admin page's per-portal listing.
      await db.schema
        .createIndex('webhook_events_claim_idx')
        .on('webhook_events')
        .columns(['status', 'available_at'])
        .execute();
      await db.schema
        .createIndex('webhook_events_portal_idx')
        .on('webhook_events')
        .columns(['portal_id', 'status', 'id'])
        .execute();
      await db.schema
        .createIndex('webhook_events_lease_owner_idx')
        .on('webhook_events')
        .column('lease_owner')
        .execute();

      await db.schema
        .createTable('portals')
        .addColumn('portal_id', 'bigint', (col) => col.primaryKey())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('access_token_cipher', 'text')
        .addColumn('refresh_token_cipher', 'text')
        .addColumn('access_token_expires_at', 'bigint')
        .addColumn('scopes', 'text', (col) => col.notNull())
        .addColumn('installed_at', 'bigint', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('oauth_states')
        .addColumn('state_hash', 'text', (col) => col.primaryKey())
        .addColumn('expires_at', 'bigint', (col) => col.notNull())
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('oauth_states_expires_idx')
        .on('oauth_states')
        .column('expires_at')
        .execute();
    },
  };
}
