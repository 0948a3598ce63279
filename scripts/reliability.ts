import { parseArgs } from 'node:util';
import { formatTable, gateFailures } from './reliability/format-table';
import { runReliability, type Form } from './reliability/run-reliability';

/**
 * `npm run reliability`: the reliability suite against the app (real processes) and the simulator,
 * on loopback ports. Prints one line per test with its figures and goals.
 * Flags: --short (the CI form, 2-3 minutes), --tiny, --database postgres://… (PostgreSQL kill loop;
 * default DATABASE_URL when it is a postgres URL), --only NAME[,NAME], --gate (exit 1 when a goal
 * issue 15 sets is missed; without it the exit status only says whether every test ran).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      tiny: { type: 'boolean', default: false },
      gate: { type: 'boolean', default: false },
      database: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const form: Form = values.tiny ? 'tiny' : values.short ? 'short' : 'full';
  const database = values.database ?? process.env.DATABASE_URL;
  const postgresUrl = database && /^postgres(ql)?:\/\//.test(database) ? database : undefined;
  if (values.database && !postgresUrl) {
    console.error(`reliability: --database must be a postgres:// URL; got ${values.database}`);
    process.exit(2);
  }
  const started = Date.now();
  console.log(
    `Handoff reliability suite, ${form} form${postgresUrl ? '' : ' (no PostgreSQL: pass --database postgres://… for its kill loop)'}`,
  );
  const results = await runReliability({
    form,
    postgresUrl,
    only: values.only?.split(',').map((name) => name.trim()),
    onResult: (result) =>
      console.log(
        `  ${result.test}: ${result.seconds.toFixed(0)} s${result.error ? ` (error: ${result.error})` : ''}`,
      ),
  });
  console.log('');
  console.log(formatTable(results));
  console.log(`\n${results.length} tests in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const failures = gateFailures(results);
  const errors = results.filter((result) => result.error);
  if (values.gate && failures.length > 0) {
    console.error(`\nreliability gate: ${failures.length} goal(s) missed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  process.exit(errors.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(`reliability failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
