/**
 * `npm run setup [-- --portal ID]`: creates the Sales handoff property group and properties in a
 * HubSpot account, or reports what is in the way. Safe to run any number of times.
 *
 * Exit status: 0 all properties in place, 2 some property exists with another type (reported with
 * the fix, never overwritten) or a routing rule reads a property the account lacks, 1 could not run.
 */
import { loadConfig } from '../config';
import { describeError } from '../errors';
import { ensureHandoffProperties } from '../hubspot/properties';
import { missingRuleProperties } from '../hubspot/rule-properties';
import { readPlaybook } from '../read-playbook';
import { openStore } from '../store/open-store';
import { cliClients } from './cli-clients';

function portalArgument(argv: string[]): number | undefined {
  const index = argv.indexOf('--portal');
  if (index === -1) return undefined;
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error('--portal needs the numeric HubSpot account id, for example --portal 12345678');
  }
  return value;
}

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const portalId = portalArgument(process.argv.slice(2)) ?? config.hubspotPortalId;
  if (portalId === undefined) {
    throw new Error(
      config.mode === 'static'
        ? 'Set HUBSPOT_PORTAL_ID (the account HUBSPOT_ACCESS_TOKEN belongs to) or pass --portal ID'
        : 'Pass --portal ID: the installed HubSpot account to set up',
    );
  }
  const store = await openStore(config.databaseUrl);
  try {
    const clients = cliClients(config, store, portalId);
    const playbook = await readPlaybook(config.handoffConfigPath);
    const report = await ensureHandoffProperties(await clients.forPortal(portalId), {
      disqualificationReasons: playbook.disqualification.reasons,
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
    return report.conflicts.length + missing.length > 0 ? 2 : 0;
  } finally {
    await store.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(`setup failed: ${describeError(error)}`);
    process.exit(1);
  });
