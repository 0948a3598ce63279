/**
 * Evidence figures: N simulated MQLs (drawn from the demo's true effects) stored in a fresh
 * SQLite store, then the Evidence page's two reads timed: the tables, and the suggestion with its
 * threshold search and backtest.
 *
 *   npm run bench:evidence -- [--size 20000]
 */
import { EvidenceService } from '../src/evidence/evidence-service';
import { DEFAULT_PLAYBOOK } from '../src/handoff';
import { PortalPlaybooks } from '../src/playbooks/portal-playbooks';
import { openStore } from '../src/store/open-store';
import { T0 } from '../test/support/evidence-leads';
import { seedEvidence } from '../test/support/seed-evidence';
import { simulatedMqls } from '../test/support/simulated-evidence';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');
const size = Number(args.get('--size') ?? 20_000);
const PORTAL = 1;

async function main(): Promise<void> {
  const store = await openStore('sqlite::memory:');
  try {
    await seedEvidence(store, PORTAL, simulatedMqls(size));
    const now = T0 + 86_400_000;
    const service = new EvidenceService({
      store,
      playbooks: new PortalPlaybooks({ store, fallback: DEFAULT_PLAYBOOK, now: () => now }),
    });
    const query = { from: T0 - 86_400_000, to: now, minSample: 20 };
    let started = performance.now();
    const report = await service.evidence(PORTAL, query);
    const evidenceMs = performance.now() - started;
    started = performance.now();
    const { suggestion } = await service.suggest(PORTAL, {
      ...query,
      goal: { keepOpportunities: 0.8, fewerMqls: 0.2 },
    });
    const suggestMs = performance.now() - started;
    console.log(
      `Evidence over ${report.leads} stored leads (${report.rows.length} rows): ${evidenceMs.toFixed(0)} ms`,
    );
    console.log(
      `Suggestion (fit, threshold search, backtest of ${suggestion.backtest.before.mqls} MQLs, goal ${suggestion.goalMet ? 'met' : 'not met'}): ${suggestMs.toFixed(0)} ms`,
    );
  } finally {
    await store.close();
  }
}

void main();
