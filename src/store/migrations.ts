import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { migration0001Initial } from './migration-0001-initial';
import { migration0002HandoffDecisions } from './migration-0002-handoff-decisions';
import { migration0003HandoffOutcomes } from './migration-0003-handoff-outcomes';
import { migration0004Sla } from './migration-0004-sla';
import { migration0005PlaybookVersions } from './migration-0005-playbook-versions';
import { migration0006Jobs } from './migration-0006-jobs';
import { migration0007DecisionPlaybookVersion } from './migration-0007-decision-playbook-version';
import { migration0008StageTransitions } from './migration-0008-stage-transitions';
import { migration0010NoResponseChecks } from './migration-0010-no-response-checks';
import { migration0011LeadFeedback } from './migration-0011-lead-feedback';
import { migration0012CrmIndex } from './migration-0012-crm-index';
import { migration0013ClaimLanes } from './migration-0013-claim-lanes';
import { migration0014PortalLeases } from './migration-0014-portal-leases';
import { ownSchemaOnly } from './own-schema-only';
import type { StoreDatabase, StoreDialect } from './schema';

export { autoId, idType } from './migration-columns';

/**
 * In-code migrations, so `npm start` needs no migration step and no files on disk: one numbered
 * file each, listed here under the name Kysely records once it has run. Each is written once for
 * both engines; the only difference is how an auto-numbered key is spelled. Never edit a migration
 * that has shipped, and never rename a key (a database that ran it would run it again): add the
 * next one. There is no 0009.
 */
export function migrationsFor(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001_initial': migration0001Initial(dialect),
    '0002_handoff_decisions': migration0002HandoffDecisions(dialect),
    '0003_handoff_outcomes': migration0003HandoffOutcomes(dialect),
    '0004_sla_and_schedules': migration0004Sla,
    '0005_playbook_versions': migration0005PlaybookVersions,
    '0006_jobs': migration0006Jobs(dialect),
    '0007_decision_playbook_version': migration0007DecisionPlaybookVersion,
    '0008_stage_transitions': migration0008StageTransitions(dialect),
    '0010_no_response_checks': migration0010NoResponseChecks,
    '0011_lead_feedback': migration0011LeadFeedback(dialect),
    '0012_crm_index': migration0012CrmIndex,
    '0013_claim_lanes': migration0013ClaimLanes(dialect),
    '0014_portal_leases': migration0014PortalLeases,
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
