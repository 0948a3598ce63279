/**
 * `npm run setup [-- --portal ID] [--sync]`: creates the Sales handoff property group and properties
 * in a HubSpot account, or reports what is in the way. Safe to run any number of times. `--sync`
 * then (re)builds the portal's CRM index from HubSpot's list endpoints, resuming an interrupted
 * build from its cursors.
 *
 * Exit status: 0 all properties in place, 2 some property exists with another type (reported with
 * the fix, never overwritten), a routing rule reads a property the account lacks, or the playbook's
 * fallbackOwner is archived or unknown, 1 could not run.
 */
import { loadEnvFile } from '../env-file';
import { describeError } from '../errors';
import { ensureHandoffProperties } from '../hubspot/properties';
import { fallbackOwnerProblems } from '../hubspot/fallback-owner-check';
import { missingRuleProperties } from '../hubspot/rule-properties';
import { readPlaybook } from '../playbooks/read-playbook';
import { explainStartupError } from '../startup-errors';
import { openStore } from '../store/open-store';
import { cliClients } from './cli-clients';
import { loadCliConfig, type CliConfig } from './cli-config';
import { portalToUse } from './cli-context';
import { syncProgressLine } from './sync-progress';
import { syncCrmIndex } from '../crm-index/sync-crm-index';

let config: CliConfig | undefined;

async function main(): Promise<number> {
  loadEnvFile();
  config = loadCliConfig(process.env, 'setup');
  const portalId = portalToUse(config, process.argv.slice(2));
  const store = await openStore(config.databaseUrl);
  try {
    const clients = cliClients(config, store);
    const playbook = await readPlaybook(config.handoffConfigPath);
    const report = await ensureHandoffProperties(await clients.forPortal(portalId), {
      disqualificationReasons: playbook.disqualification.reasons,
      ratingReasons: playbook.leadRating.reasons,
    });
    console.log(`Sales handoff properties in portal ${portalId}:`);
    console.log(`  group: ${report.groupCreated ? 'created' : 'already there'}`);
    console.log(`  created: ${report.created.length ? report.created.join(', ') : 'none'}`);
    console.log(`  already in place: ${report.unchanged.length}`);
    for (const added of report.optionsAdded)
      console.log(`  options added to ${added.name}: ${added.values.join(', ')}`);
    for (const conflict of report.conflicts) console.log(`  CONFLICT ${conflict.name}: ${conflict.message}`);
    const missing = await missingRuleProperties(await clients.forPortal(portalId), playbook.routingRules);
    for (const gap of missing) console.log(`  MISSING ${gap.object} property ${gap.name}: ${gap.message}`);
    const invalid = await fallbackOwnerProblems(await clients.forPortal(portalId), playbook);
    for (const problem of invalid) console.log(`  INVALID ${problem.message}`);
    if (process.argv.includes('--sync')) {
      const progress = syncProgressLine();
      const started = Date.now();
      const state = await syncCrmIndex({
        store,
        client: await clients.forPortal(portalId),
        portalId,
        now: Date.now,
        onPage: (page) => progress.update(page),
      });
      progress.done();
      const counts = await store.crmIndex.counts(portalId);
      console.log(
        `CRM index of portal ${portalId}: ${state.phase}, version ${state.version}; ` +
          `${counts.companies} companies, ${counts.deals} deals, ${counts.contacts} contacts; ` +
          `${state.records} records in ${state.calls} list calls, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    return report.conflicts.length + missing.length + invalid.length > 0 ? 2 : 0;
  } finally {
    await store.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error) => {
    const line = explainStartupError(error, { databaseUrl: config?.databaseUrl });
    console.error(`setup failed: ${line ?? (error instanceof Error ? error.message : describeError(error))}`);
    process.exit(1);
  });
