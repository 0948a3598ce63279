import type { Kysely, Migration } from 'kysely';
import { autoId, idType } from './migration-columns';
import type { StoreDialect } from './schema';

/**
 * The lead lifecycle (CONTRACT §5): one row per stage a contact entered in a handoff round. Unique
 * per (portal, contact, round, stage), so a repeated or retried trigger records nothing new.
 */
export function migration0008StageTransitions(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('stage_transitions')
        .addColumn('id', idType(dialect), (col) => autoId(col, dialect))
        .addColumn('portal_id', 'bigint', (col) => col.notNull())
        .addColumn('contact_id', 'text', (col) => col.notNull())
        .addColumn('round', 'integer', (col) => col.notNull())
        .addColumn('stage', 'text', (col) => col.notNull())
        .addColumn('entered_at', 'bigint', (col) => col.notNull())
        .addColumn('cause', 'text', (col) => col.notNull())
        .addColumn('detail', 'text')
        .addColumn('recorded_at', 'bigint', (col) => col.notNull())
        .addUniqueConstraint('stage_transitions_stage', ['portal_id', 'contact_id', 'round', 'stage'])
        .execute();
      // Funnel reports read a portal's transitions by the time they happened.
      await db.schema
        .createIndex('stage_transitions_entered_idx')
        .on('stage_transitions')
        .columns(['portal_id', 'entered_at'])
        .execute();
    },
  };
}
