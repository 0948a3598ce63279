import { migrationsFor } from '../../src/store/migrations';

/**
 * Kysely records each migration by its key; a database that ran one under a key it no longer finds
 * fails to open, and a renamed key would run again on every existing database. The keys are
 * therefore fixed forever: a new migration adds a key, none changes.
 */
const SHIPPED = [
  '0001_initial',
  '0002_handoff_decisions',
  '0003_handoff_outcomes',
  '0004_sla_and_schedules',
  '0005_playbook_versions',
  '0006_jobs',
  '0007_decision_playbook_version',
  '0008_stage_transitions',
  '0010_no_response_checks',
  '0011_lead_feedback',
  '0012_crm_index',
  '0013_claim_lanes',
  '0014_portal_leases',
];

describe('store migrations', () => {
  it.each(['sqlite', 'postgres'] as const)(
    'keeps every shipped migration name on %s, in order',
    (dialect) => {
      const names = Object.keys(migrationsFor(dialect));
      expect(names.slice(0, SHIPPED.length)).toEqual(SHIPPED);
      expect([...names].sort()).toEqual(names);
    },
  );
});
