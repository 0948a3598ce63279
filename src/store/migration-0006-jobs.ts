import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from './schema';

/**
 * Before this migration Handoff's own work rode the webhook inbox as fake events. Their queued and
 * in-flight rows become jobs of the same key (so the unique key still holds), and the events are
 * closed with a note saying where they went. Attempts start afresh: the old rows' attempts were
 * mostly spent by outages, which no longer count.
 */
const MOVED: Record<string, string> = {
  'handoff.writeback': 'write-contact',
  'handoff.sla': 'apply-sla-action',
  'handoff.recycle': 'recycle-lead',
};

export function migration0006Jobs(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const id = dialect === 'postgres' ? 'bigint' : 'integer';
      await db.schema
        .createTable('jobs')
        .addColumn('id', id, (col) =>
          dialect === 'postgres'
            ? col.primaryKey().generatedByDefaultAsIdentity()
            : col.primaryKey().autoIncrement(),
        )
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('portal_id', 'bigint', (col) => col.notNull())
        .addColumn('job_key', 'text', (col) => col.notNull().unique())
        .addColumn('payload', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (col) => col.notNull())
        .addColumn('run_at', 'bigint', (col) => col.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('correlation_id', 'text')
        .addColumn('created_at', 'bigint', (col) => col.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema.createIndex('jobs_claim_idx').on('jobs').columns(['status', 'run_at']).execute();
      await db.schema
        .createIndex('jobs_portal_idx')
        .on('jobs')
        .columns(['portal_id', 'status', 'id'])
        .execute();
      await moveInternalEvents(db, Date.now());
    },
  };
}

async function moveInternalEvents(db: Kysely<unknown>, now: number): Promise<void> {
  for (const [type, name] of Object.entries(MOVED)) {
    await sql`
      insert into jobs (name, portal_id, job_key, payload, status, attempts, max_attempts, run_at, created_at)
      select ${name}, portal_id, event_key, payload, 'queued', 0, 8, available_at, received_at
      from webhook_events
      where subscription_type = ${type} and status in ('queued', 'processing')
    `.execute(db);
    await sql`
      update webhook_events
      set status = 'done', processed_at = ${now}, lease_owner = null, lease_until = null,
          last_error = ${`moved to the job queue as ${name} (migration 0006)`}
      where subscription_type = ${type} and status in ('queued', 'processing')
    `.execute(db);
  }
}
