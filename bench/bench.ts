/**
 * `npm run bench`: issue 16's figures from one run against the simulated HubSpot with its limits on
 * (110 calls per rolling 10 s and 5 searches per second, per portal), each beside its goal.
 *
 *   npm run bench                            # the full run (10,000-contact import: several minutes)
 *   npm run bench -- --short                 # the same table from smaller counts, in about two minutes
 *   npm run bench -- --only import,intake    # some parts: import, lead, intake, memory, processes
 *   DATABASE_URL=postgres://… npm run bench  # adds 1 vs 2 processes on PostgreSQL
 */
import { availableParallelism } from 'node:os';
import {
  importPart,
  intakePart,
  memoryPart,
  processesPart,
  singleLeadPart,
  type BenchSize,
  type Progress,
} from './suite/bench-parts';
import { formatBenchTable, type BenchRow } from './suite/bench-table';

const FULL: BenchSize = {
  importLeads: 10_000,
  importTimeoutMs: 20 * 60_000,
  singleLeads: 20,
  singleImportLeads: 2_000,
  intakeSeconds: 10,
  rssEvents: 100_000,
  rssSampleMs: 5_000,
  portals: 20,
  perPortal: 100,
  processTimeoutMs: 10 * 60_000,
};
const SHORT: BenchSize = {
  importLeads: 500,
  importTimeoutMs: 60_000,
  singleLeads: 5,
  singleImportLeads: 300,
  intakeSeconds: 2,
  rssEvents: 10_000,
  rssSampleMs: 2_000,
  portals: 20,
  perPortal: 5,
  processTimeoutMs: 30_000,
};

const PARTS: Record<string, (size: BenchSize, progress: Progress) => Promise<BenchRow[]>> = {
  import: importPart,
  lead: singleLeadPart,
  intake: intakePart,
  memory: memoryPart,
  processes: processesPart,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const short = args.includes('--short');
  const only = args.includes('--only')
    ? (args[args.indexOf('--only') + 1] ?? '').split(',')
    : Object.keys(PARTS);
  const unknown = only.filter((name) => !(name in PARTS));
  if (unknown.length > 0) {
    throw new Error(`--only: no part ${unknown.join(', ')}; the parts are ${Object.keys(PARTS).join(', ')}`);
  }
  const size = short ? SHORT : FULL;
  const progress: Progress = (what) => process.stderr.write(`bench: ${what}…\n`);
  const rows: BenchRow[] = [];
  for (const name of only) rows.push(...(await (PARTS[name] as (typeof PARTS)[string])(size, progress)));
  rows.push({ section: 'Machine', figure: 'cores', value: availableParallelism(), unit: '' });
  console.log(`\nnpm run bench${short ? ' -- --short' : ''}: ${new Date().toISOString().slice(0, 16)} UTC\n`);
  console.log(formatBenchTable(rows));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
