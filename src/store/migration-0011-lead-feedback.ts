import type { Kysely, Migration } from 'kysely';
import { autoId, idType } from './migration-columns';
import type { StoreDialect } from './schema';

/**
 * Sales' feedback from the card (issue 11): lead-quality ratings and next steps. Each row is one
 * card request, unique per (portal, request id), so HubSpot's retry of a request stores nothing new.
 */
export function migration0011LeadFeedback(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('lead_ratings')
        .addColumn('id', idType(dialect), (col) => autoId(col, dialect))
        .addColumn('portal_id', 'bigint', (col) => col.notNull())
        .addColumn('contact_id', 'text', (col) => col.notNull())
        .addColumn('round', 'integer', (col) => col.notNull())
        .addColumn('rating', 'integer', (col) => col.notNull())
        .addColumn('reason_id', 'text')
        .addColumn('note', 'text')
        .addColumn('rated_by', 'text', (col) => col.notNull())
        .addColumn('rated_at', 'bigint', (col) => col.notNull())
        .addColumn('request_id', 'text', (col) => col.notNull())
        .addUniqueConstraint('lead_ratings_request', ['portal_id', 'request_id'])
        .execute();
      // Reports read a portal's ratings by time; the card reads one contact's latest.
      await db.schema
        .createIndex('lead_ratings_rated_idx')
        .on('lead_ratings')
        .columns(['portal_id', 'rated_at'])
        .execute();
      await db.schema
        .createIndex('lead_ratings_contact_idx')
        .on('lead_ratings')
        .columns(['portal_id', 'contact_id', 'id'])
        .execute();

      await db.schema
        .createTable('next_steps')
        .addColumn('id', idType(dialect), (col) => autoId(col, dialect))
        .addColumn('portal_id', 'bigint', (col) => col.notNull())
        .addColumn('contact_id', 'text', (col) => col.notNull())
        .addColumn('round', 'integer', (col) => col.notNull())
        .addColumn('what', 'text', (col) => col.notNull())
        .addColumn('due_at', 'bigint', (col) => col.notNull())
        .addColumn('owner_id', 'text', (col) => col.notNull())
        .addColumn('requested_by', 'text', (col) => col.notNull())
        .addColumn('requested_at', 'bigint', (col) => col.notNull())
        .addColumn('request_id', 'text', (col) => col.notNull())
        .addUniqueConstraint('next_steps_request', ['portal_id', 'request_id'])
        .execute();
      await db.schema
        .createIndex('next_steps_contact_idx')
        .on('next_steps')
        .columns(['portal_id', 'contact_id', 'id'])
        .execute();
    },
  };
}
