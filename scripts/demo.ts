import { parseArgs } from 'node:util';
import { formatSummary } from './demo/format-summary';
import { runDemo } from './demo/run-demo';

/**
 * `npm run demo`: the app against a simulated HubSpot portal, no account needed.
 * Flags: --size N, --seed S, --faults F (fraction of API calls), --speed N (contacts per second),
 * --port P, --days D (simulated days the leads arrive over and reps work them, default 30),
 * --once (exit after the summary; status 0 only if every lead was handled).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '500' },
      seed: { type: 'string', default: '42' },
      faults: { type: 'string', default: '0' },
      speed: { type: 'string', default: '200' },
      days: { type: 'string', default: '30' },
      port: { type: 'string' },
      once: { type: 'boolean', default: false },
    },
  });
  const number = (name: string, text: string | undefined, check: (n: number) => boolean) => {
    const value = Number(text);
    if (text === undefined || !Number.isFinite(value) || !check(value)) {
      console.error(`demo: --${name} ${text} is not valid`);
      process.exit(2);
    }
    return value;
  };
  const size = number('size', values.size, (n) => Number.isInteger(n) && n > 0 && n <= 20_000);
  const seed = number('seed', values.seed, Number.isInteger);
  const faults = number('faults', values.faults, (n) => n >= 0 && n < 1);
  const speed = number('speed', values.speed, (n) => n > 0);
  const days = number('days', values.days, (n) => Number.isInteger(n) && n >= 1 && n <= 365);
  const port =
    values.port === undefined
      ? undefined
      : number('port', values.port, (n) => Number.isInteger(n) && n > 0 && n < 65536);

  console.log(
    `Handoff demo: ${size} new contacts over ${days} simulated days, seed ${seed}, faults ${(faults * 100).toFixed(1)}%, ${speed} contacts/s, HubSpot rate limits on`,
  );
  const run = await runDemo({ size, seed, faults, speed, port, days });
  const catalog = run.sim.catalogs.get(run.portalId);
  if (catalog) {
    const teams = ['Sales', 'SDR', 'Marketing'].map((team) => {
      const members = catalog.owners.filter((owner) =>
        owner.teams.some((member) => member.name === team && member.primary),
      );
      return `${team} ${members.filter((owner) => !owner.archived).length}+${members.filter((owner) => owner.archived).length} archived`;
    });
    console.log(
      `Simulated portal ${run.portalId}: owners ${teams.join(', ')}; ${catalog.accounts.length} companies, ${catalog.deals} deals, ${catalog.contacts.length} existing contacts`,
    );
  }
  console.log(formatSummary(run.summary, run));
  if (values.once) {
    await run.stop();
    process.exit(run.complete ? 0 : 1);
  }
  console.log(`App:               ${run.app.url}  (metrics ${run.app.url}/metrics)`);
  console.log(`Admin page:        ${run.app.url}/admin  (sign in with the admin token ${run.adminToken})`);
  console.log(`Simulated HubSpot: ${run.sim.url}  (Bearer pat-na1-simulated-demo-token)`);
  console.log(`App log:           ${run.logFile}`);
  console.log('Serving until Ctrl-C.');
  const shutdown = () => {
    void run.stop().then(() => process.exit(run.complete ? 0 : 1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
