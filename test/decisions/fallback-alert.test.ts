import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { registerAccountabilityGauge } from '../../src/reporting/accountability-metric';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { decideNewContacts } from '../../src/decisions/decide-new-contacts';
import { createLogger } from '../../src/log';
import { createMetrics } from '../../src/metrics';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { contact, NOW, OWNERS } from '../handoff/fixtures';
import { decision } from '../store/decision-battery';
import { newEvent } from '../store/store-battery';

/** CONTRACT §6's alerts: a log line an operator reads and the metrics Prometheus scrapes. */

const PORTAL = 62515;
let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'handoff-fallback-'));
  store = await openStore(`sqlite:${join(dir, 'handoff.db')}`);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function logCapture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).trim().split('\n'))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger('info', stream) };
}

test('a lead whose pool has no active members is routed on, logged as a warning and counted', async () => {
  await store.events.insert([newEvent('e1', PORTAL, { objectId: 9001 })], NOW);
  const events = await store.events.list({ portalId: PORTAL });
  const metrics = createMetrics();
  const { lines, log } = logCapture();
  const decide = decideNewContacts({
    store,
    playbook: DEFAULT_PLAYBOOK,
    log,
    now: () => NOW,
    metrics,
    loadContext: async () => ({
      contacts: [
        contact('9001', { email: 'jo@initech.com', recent_conversion_event_name: 'Request a demo' }),
      ],
      missing: [],
      companiesByContact: new Map(),
      otherContactsByContact: new Map(),
      owners: OWNERS.filter((owner) => owner.teams?.[0]?.name !== 'SDR'),
    }),
  });
  const outcomes = await decide(events, PORTAL);
  expect([...outcomes.values()][0]).toMatchObject({ ok: true });

  const warning = lines.find((line) => line.level === 40);
  expect(warning).toMatchObject({
    portalId: PORTAL,
    objectId: 9001,
    ownerId: '101',
    fallback: { kind: 'no_members', poolId: 'sdr' },
    msg: 'pool fallback: HubSpot team "SDR" has no active owners; add or free up members of pool "sdr"',
  });
  expect(await metrics.registry.getSingleMetricAsString('handoff_routing_fallbacks_total')).toContain(
    'handoff_routing_fallbacks_total{portal_id="62515",kind="no_members",pool="sdr"} 1',
  );
});

test('the gauge of leads handed to sales without owner, due time or task reads the store at each scrape', async () => {
  const metrics = createMetrics();
  const now = NOW + 2 * 86_400_000;
  registerAccountabilityGauge(metrics.registry, store, () => now);
  const read = () => metrics.registry.getSingleMetricAsString('handoff_handed_to_sales_gaps');
  expect(await read()).toContain('handoff_handed_to_sales_gaps{gap="owner",age="over_1d"} 0');

  await store.decisions.save(
    decision('1', { status: 'duplicate_or_existing', ownerId: null, slaDueAt: null, decidedAt: NOW }),
  );
  const text = await read();
  expect(text).toContain('handoff_handed_to_sales_gaps{gap="owner",age="over_1d"} 1');
  expect(text).toContain('handoff_handed_to_sales_gaps{gap="task",age="over_1d"} 1');
  expect(text).toContain('handoff_handed_to_sales_gaps{gap="first_action",age="over_1d"} 0');
});
