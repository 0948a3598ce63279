import type { Kysely, Migration } from 'kysely';
import { autoId, idType } from './migration-columns';
import type { StoreDialect } from './schema';

/** Handoff decisions (one per contact and round) and each portal's round-robin state. */
export function migration0002HandoffDecisions(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('handoff_decisions')
        .addColumn('id', idType(dialect), (col) => autoId(col, dialect))
        .addColumn('portal_id', 'bigint', (col) => col.notNull())
        .addColumn('contact_id', 'text', (col) => col.notNull())
        .addColumn('round', 'integer', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('priority', 'text')
        .addColumn('owner_id', 'text')
        .addColumn('match', 'text', (col) => col.notNull())
        .addColumn('company_id', 'text')
        .addColumn('deal_id', 'text')
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('properties', 'text', (col) => col.notNull())
        .addColumn('record', 'text', (col) => col.notNull())
        .addColumn('event_key', 'text', (col) => col.notNull())
        .addColumn('decided_at', 'bigint', (col) => col.notNull())
        .addColumn('written_at', 'bigint')
        .addColumn('tasks_created_at', 'bigint')
        .addColumn('closed_at', 'bigint')
        // One decision per contact and round: a redelivered event cannot decide twice.
        .addUniqueConstraint('handoff_decisions_contact_round', ['portal_id', 'contact_id', 'round'])
        .execute();
      // Capacity counts live open handoffs per owner.
      await db.schema
        .createIndex('handoff_decisions_open_owner_idx')
        .on('handoff_decisions')
        .columns(['portal_id', 'owner_id', 'closed_at'])
        .execute();
      await db.schema
        .createIndex('handoff_decisions_recent_idx')
        .on('handoff_decisions')
        .columns(['portal_id', 'decided_at'])
        .execute();

      await db.schema
        .createTable('routing_states')
        .addColumn('portal_id', 'bigint', (col) => col.primaryKey())
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('version', 'integer', (col) => col.notNull())
        .addColumn('updated_at', 'bigint', (col) => col.notNull())
        .execute();
    },
  };
}
