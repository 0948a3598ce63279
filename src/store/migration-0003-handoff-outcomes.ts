import type { Kysely, Migration } from 'kysely';
import { autoId, idType } from './migration-columns';
import type { StoreDialect } from './schema';

/** The audit trail of sales outcomes. */
export function migration0003HandoffOutcomes(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // The audit trail of outcomes (card actions, edits in HubSpot, associated deals). The
      // idempotency key is unique per portal: HubSpot retries a card request once on a 5xx, and
      // the retry must find the first attempt's row instead of writing again.
      await db.schema
        .createTable('handoff_outcomes')
        .addColumn('id', idType(dialect), (col) => autoId(col, dialect))
        .addColumn('portal_id', 'bigint', (col) => col.notNull())
        .addColumn('contact_id', 'text', (col) => col.notNull())
        .addColumn('decision_id', 'bigint')
        .addColumn('idempotency_key', 'text', (col) => col.notNull())
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('outcome', 'text', (col) => col.notNull())
        .addColumn('reason_id', 'text')
        .addColumn('note', 'text')
        .addColumn('source', 'text', (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('properties', 'text', (col) => col.notNull())
        .addColumn('occurred_at', 'bigint', (col) => col.notNull())
        .addColumn('recorded_at', 'bigint')
        .addUniqueConstraint('handoff_outcomes_key', ['portal_id', 'idempotency_key'])
        .execute();
      await db.schema
        .createIndex('handoff_outcomes_contact_idx')
        .on('handoff_outcomes')
        .columns(['portal_id', 'contact_id', 'id'])
        .execute();
    },
  };
}
