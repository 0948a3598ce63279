import {
  Migrator,
  sql,
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';
import { migration0004Sla } from './migration-0004-sla';
import { migration0005PlaybookVersions } from './migration-0005-playbook-versions';
import { migration0006Jobs } from './migration-0006-jobs';
import { migration0007DecisionPlaybookVersion } from './migration-0007-decision-playbook-version';
import { migration0008StageTransitions } from './migration-0008-stage-transitions';
import { migration0010NoResponseChecks } from './migration-0010-no-response-checks';
import { migration0011LeadFeedback } from './migration-0011-lead-feedback';
import { ownSchemaOnly } from './own-schema-only';
import { migration0013ClaimLanes } from './migration-0013-claim-lanes';
import { migration0014PortalLeases } from './migration-0014-portal-leases';
import { migration0012CrmIndex } from './migration-0012-crm-index';
import type { StoreDatabase, StoreDialect } from './schema';

/**
 * In-code migrations, so `npm start` needs no migration step and no files on disk. Each one is
 * written once for both engines; the only difference is how an auto-numbered key is spelled.
 * Never edit a migration that has shipped: add the next one.
 */
/** An auto-numbered key: bigint identity in PostgreSQL, INTEGER AUTOINCREMENT in SQLite. */
export function idType(dialect: StoreDialect): 'bigint' | 'integer' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

export function autoId(col: ColumnDefinitionBuilder, dialect: StoreDialect): ColumnDefinitionBuilder {
  // AUTOINCREMENT keeps SQLite from reusing the id of a deleted newest row, so an id in an old log
  // line never names a different row.
  return dialect === 'postgres'
    ? col.primaryKey().generatedByDefaultAsIdentity()
    : col.primaryKey().autoIncrement();
}

function migrationsFor(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001_initial': {
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
    },
    '0002_handoff_decisions': {
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
    },
    '0003_handoff_outcomes': {
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
    },
    // Later migrations live in files of their own, one line each here.
    '0004_sla_and_schedules': migration0004Sla,
    '0005_playbook_versions': migration0005PlaybookVersions,
    '0006_jobs': migration0006Jobs(dialect),
    '0007_decision_playbook_version': migration0007DecisionPlaybookVersion,
    '0008_stage_transitions': migration0008StageTransitions(dialect),
    '0010_no_response_checks': migration0010NoResponseChecks,
    '0011_lead_feedback': migration0011LeadFeedback(dialect),
    '0013_claim_lanes': migration0013ClaimLanes(dialect),
    '0014_portal_leases': migration0014PortalLeases,
    '0012_crm_index': migration0012CrmIndex,
  };
}

/**
 * Kysely looks for its bookkeeping tables in every schema it can see unless told which one to use;
 * another app's (or another test run's) migrations in the same PostgreSQL database would then pass
 * for ours. Pin them to the schema our tables are created in.
 */
async function migrationTableSchema(
  db: Kysely<StoreDatabase>,
  dialect: StoreDialect,
): Promise<string | undefined> {
  if (dialect !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema)
    throw new Error('PostgreSQL has no current schema: check the search_path of the DATABASE_URL user');
  return schema;
}

async function createMigrator(db: Kysely<StoreDatabase>, dialect: StoreDialect): Promise<Migrator> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(dialect) };
  const schema = await migrationTableSchema(db, dialect);
  return new Migrator({
    db: schema === undefined ? db : ownSchemaOnly(db, schema),
    provider,
    migrationTableSchema: schema,
  });
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<StoreDatabase>, dialect: StoreDialect): Promise<void> {
  const { error, results } = await (await createMigrator(db, dialect)).migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `store migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** True when every known migration has been applied. */
export async function migrationsApplied(db: Kysely<StoreDatabase>, dialect: StoreDialect): Promise<boolean> {
  const migrations = await (await createMigrator(db, dialect)).getMigrations();
  return migrations.every((migration) => migration.executedAt !== undefined);
}

/** Migrates up to and including `name` only: for tests of an upgrade from an older schema. */
export async function migrateTo(
  db: Kysely<StoreDatabase>,
  dialect: StoreDialect,
  name: string,
): Promise<void> {
  const { error } = await (await createMigrator(db, dialect)).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
