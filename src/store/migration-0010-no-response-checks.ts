import type { Kysely, Migration } from 'kysely';

/**
 * When each open handoff is next looked at for "no response" (issue 11): one row per decision,
 * moved forward by every sweep that finds it not due yet, so a sweep reads only what is due.
 */
export const migration0010NoResponseChecks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('no_response_checks')
      .addColumn('decision_id', 'bigint', (col) => col.primaryKey())
      .addColumn('portal_id', 'bigint', (col) => col.notNull())
      .addColumn('next_check_at', 'bigint', (col) => col.notNull())
      .addColumn('checked_at', 'bigint', (col) => col.notNull())
      .execute();
    await db.schema
      .createIndex('no_response_checks_due_idx')
      .on('no_response_checks')
      .column('next_check_at')
      .execute();
  },
};
