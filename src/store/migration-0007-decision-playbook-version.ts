import type { Kysely, Migration } from 'kysely';

/**
 * The playbook version that made each decision (a content hash, see playbook-version-id.ts), so
 * reports can compare versions and a dry run can replay each lead against the version that
 * decided it. Decisions made before this migration keep null: the version active when they were
 * decided is inferred where it is needed.
 */
export const migration0007DecisionPlaybookVersion: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('handoff_decisions').addColumn('playbook_version', 'text').execute();
  },
};
