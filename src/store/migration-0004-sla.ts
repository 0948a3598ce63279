import type { Kysely, Migration } from 'kysely';

/**
 * The response clock on each decision, and the scheduler's bookkeeping: one row per job run (so two
 * app processes never run the same minute's sweep twice) and per-portal cursors (reconciliation's
 * "contacts created or changed since").
 */
export const migration0004Sla: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const column of ['sla_due_at', 'first_action_at', 'reminded_at', 'breached_at', 'escalated_at']) {
      await db.schema.alterTable('handoff_decisions').addColumn(column, 'bigint').execute();
    }
    await db.schema.alterTable('handoff_decisions').addColumn('sla_status', 'text').execute();
    await db.schema
      .createIndex('handoff_decisions_sla_idx')
      .on('handoff_decisions')
      .columns(['sla_status', 'sla_due_at'])
      .execute();

    await db.schema
      .createTable('job_runs')
      .addColumn('job', 'text', (col) => col.notNull())
      .addColumn('slot', 'bigint', (col) => col.notNull())
      .addColumn('owner', 'text', (col) => col.notNull())
      .addColumn('started_at', 'bigint', (col) => col.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('detail', 'text')
      .addPrimaryKeyConstraint('job_runs_pk', ['job', 'slot'])
      .execute();

    await db.schema
      .createTable('job_cursors')
      .addColumn('portal_id', 'bigint', (col) => col.notNull())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('value', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('job_cursors_pk', ['portal_id', 'name'])
      .execute();
  },
};
