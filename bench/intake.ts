/**
 * Webhook intake throughput: signed 100-event batches through POST /webhooks/hubspot with the
 * durable, de-duplicated insert, against the same route with the insert replaced by a no-op, in
 * one run on this machine (also a part of `npm run bench`). Prints both figures and the ratio.
 *
 *   npm run bench:intake -- [--seconds 10] [--connections 10] [--database sqlite:./tmp/bench.db]
 */
import { intakeRun } from './suite/intake-run';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');

async function main(): Promise<void> {
  const seconds = Number(args.get('--seconds') ?? 10);
  const connections = Number(args.get('--connections') ?? 10);
  const figures = await intakeRun({ seconds, connections, databaseUrl: args.get('--database') });
  console.log(
    `intake benchmark: ${seconds}s each, ${connections} connections, 100 events per batch, ${figures.database}`,
  );
  console.log(`route without insert       ${figures.withoutInsert.toFixed(0).padStart(7)} events/s`);
  console.log(`route with durable insert  ${figures.durable.toFixed(0).padStart(7)} events/s`);
  console.log(`ratio (durable / without insert): ${figures.ratio.toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
