import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreDialect } from './schema';

/**
 * Claims by kind and a hot table that stays small (issue 16):
 * - `claim_group` on each event: contact creations are claimed together, in full batches, apart
 *   from property changes. Existing rows are classified the way `claimGroupOf` does.
 * - `webhook_events_archive`: done events move here after the retention window, so the claim's
 *   indexes only ever hold waiting and recent work. Its unique `event_key` keeps de-duplication.
 * - indexes shaped like the claim's queries ((status, id) for the oldest waiting event, (portal,
 *   status, group, id) for a batch), and the fold's and the reconciliation's look-up by contact
 *   (portal, object id). The claim's old (status, available_at) goes: (status, id) serves its reads.
 * - `sla_check_at` on decisions: when the SLA sweep next needs to read a clock (reminder, due time,
 *   escalation), so a sweep reads only the clocks that are due instead of every open one.
 */
export function migration0013ClaimLanes(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('webhook_events')
        .addColumn('claim_group', 'text', (col) => col.notNull().defaultTo('change'))
        .execute();
      await sql`
        update webhook_events set claim_group = 'create'
        where object_type_id = '0-1'
          and (subscription_type like '%.creation' or subscription_type like '%.restore')
      `.execute(db);
      await db.schema
        .createIndex('webhook_events_next_idx')
        .on('webhook_events')
        .columns(['status', 'id'])
        .execute();
      await db.schema
        .createIndex('webhook_events_group_idx')
        .on('webhook_events')
        .columns(['portal_id', 'status', 'claim_group', 'id'])
        .execute();
      await db.schema
        .createIndex('webhook_events_object_idx')
        .on('webhook_events')
        .columns(['portal_id', 'object_id'])
        .execute();
      // Superseded by (status, id): every status change of a row updates each index naming status.
      await db.schema.dropIndex('webhook_events_claim_idx').execute();

      await db.schema
        .createTable('webhook_events_archive')
        // The hot table's id, kept: log lines and decisions name events by it.
        .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (col) => col.primaryKey())
        .addColumn('portal_id', 'bigint', (col) => col.notNull())
        .addColumn('event_key', 'text', (col) => col.notNull().unique())
        .addColumn('subscription_type', 'text', (col) => col.notNull())
        .addColumn('object_type_id', 'text', (col) => col.notNull())
        .addColumn('object_id', 'bigint', (col) => col.notNull())
        .addColumn('occurred_at', 'bigint', (col) => col.notNull())
        .addColumn('payload', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull())
        .addColumn('last_error', 'text')
        .addColumn('received_at', 'bigint', (col) => col.notNull())
        .addColumn('processed_at', 'bigint')
        .addColumn('claim_group', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_events_archive_portal_idx')
        .on('webhook_events_archive')
        .columns(['portal_id', 'id'])
        .execute();

      // The SLA sweep reads only the clocks due a look (see `nextSlaCheckAt`); 0: at the next sweep.
      await db.schema
        .alterTable('handoff_decisions')
        .addColumn('sla_check_at', 'bigint', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('handoff_decisions_sla_check_idx')
        .on('handoff_decisions')
        .columns(['sla_check_at'])
        .execute();
    },
  };
}
