/**
 * Issue 16's queue figures, from one run on this machine: a new-contact import against the
 * simulator with HubSpot's limits on (decision batch sizes, first write-back, latency), the cost
 * of a claim after 10,000 and 200,000 stored events (with and without the archiver), and the
 * plans of the claim's queries on each engine.
 *
 *   npm run bench:queue -- [--leads 1000] [--postgres postgres://postgres@127.0.0.1:5432/test]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { measureClaimCost, type ClaimCost } from './claim-cost';
import { claimPlans } from './claim-plans';
import { measureImport } from './queue-import';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');
const leads = Number(args.get('--leads') ?? 1_000);
const postgres = args.get('--postgres');
const only = args.get('--only');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function importFigures(): Promise<void> {
  const run = await measureImport(leads);
  const batches = run.decisionBatches;
  console.log(`import: ${run.leads} new contacts, limits on, ${cpus().length} cores`);
  console.log(
    `  first webhook to last write   ${run.seconds.toFixed(1)} s, ${run.hubspotCalls} HubSpot calls`,
  );
  console.log(
    `  decision batches              ${batches.length} (mean ${(run.leads / Math.max(1, batches.length)).toFixed(1)}, ` +
      `median ${median(batches)}, largest ${Math.max(0, ...batches)} new contacts)`,
  );
  console.log(
    `  first write-back              ${(run.firstWriteMs / 1000).toFixed(1)} s after the first webhook`,
  );
  console.log(
    `  webhook to written, per lead  p50 ${(run.latencyMs.p50 / 1000).toFixed(1)} s, p95 ${(run.latencyMs.p95 / 1000).toFixed(1)} s`,
  );
}

function costLine(engine: string, archive: boolean, cost: ClaimCost): string {
  const mode = archive ? `archived ${cost.archived}` : 'no archiving';
  return `  ${engine.padEnd(10)} ${String(cost.stored).padStart(7)} stored, ${mode.padEnd(16)} claim of 100: median ${cost.medianMs.toFixed(2)} ms, max ${cost.maxMs.toFixed(2)} ms`;
}

async function claimFigures(): Promise<void> {
  console.log('claim cost while a 3,000-contact import waits (20 claims of 100 new contacts):');
  const engines: Array<{ name: string; url: () => string; schema?: () => string }> = [
    {
      name: 'sqlite',
      url: () => `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'handoff-claims-')), 'c.db')}`,
    },
  ];
  const schemas: string[] = [];
  if (postgres) {
    engines.push({
      name: 'postgres',
      url: () => postgres,
      schema: () => {
        schemas.push(`bench_claims_${process.pid}_${randomBytes(3).toString('hex')}`);
        return schemas.at(-1) as string;
      },
    });
  }
  try {
    for (const engine of engines) {
      for (const history of [10_000, 200_000]) {
        for (const archive of [false, true]) {
          console.log(
            costLine(
              engine.name,
              archive,
              await measureClaimCost(engine.url(), history, archive, engine.schema?.()),
            ),
          );
        }
      }
      console.log(`  ${engine.name} plans of the claim's reads:`);
      for (const plan of await claimPlans(engine.url(), engine.schema?.())) console.log(`    ${plan}`);
    }
  } finally {
    if (postgres && schemas.length > 0) {
      const client = new pg.Client({ connectionString: postgres });
      await client.connect();
      for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  }
}

async function main(): Promise<void> {
  if (only !== 'claims') await importFigures();
  if (only !== 'import') await claimFigures();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
