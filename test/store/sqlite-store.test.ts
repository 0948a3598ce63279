import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store/open-store';
import { claimLaneBattery } from './claim-lane-battery';
import { crmIndexBattery } from './crm-index-battery';
import { decisionBattery } from './decision-battery';
import { jobBattery } from './job-battery';
import { leadFeedbackBattery } from './lead-feedback-battery';
import { openUpgraded } from './open-upgraded';
import { handoffGapBattery } from './handoff-gap-battery';
import { scheduleBattery } from './schedule-battery';
import { outcomeBattery } from './outcome-battery';
import { reportingBattery } from './reporting-battery';
import { playbookVersionBattery } from './playbook-version-battery';
import { portalBattery } from './portal-battery';
import { portalLeaseBattery } from './portal-lease-battery';
import { stageTransitionBattery } from './stage-transition-battery';
import { noResponseBattery } from './no-response-battery';
import { newEvent, storeBattery, T0 } from './store-battery';

describe('SQLite store', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-sqlite-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let counter = 0;
  storeBattery(() => openStore(`sqlite:${path.join(dir, `battery-${++counter}.db`)}`));
  decisionBattery(() => openStore(`sqlite:${path.join(dir, `decisions-${++counter}.db`)}`));
  crmIndexBattery(() => openStore(`sqlite:${path.join(dir, `crm-index-${++counter}.db`)}`));
  handoffGapBattery(() => openStore(`sqlite:${path.join(dir, `gaps-${++counter}.db`)}`));
  scheduleBattery(() => openStore(`sqlite:${path.join(dir, `schedules-${++counter}.db`)}`));
  outcomeBattery(() => openStore(`sqlite:${path.join(dir, `outcomes-${++counter}.db`)}`));
  reportingBattery(() => openStore(`sqlite:${path.join(dir, `reporting-${++counter}.db`)}`));
  playbookVersionBattery(() => openStore(`sqlite:${path.join(dir, `versions-${++counter}.db`)}`));
  stageTransitionBattery(() => openStore(`sqlite:${path.join(dir, `stages-${++counter}.db`)}`));
  noResponseBattery(() => openStore(`sqlite:${path.join(dir, `no-response-${++counter}.db`)}`));
  leadFeedbackBattery(() => openStore(`sqlite:${path.join(dir, `feedback-${++counter}.db`)}`));
  claimLaneBattery(() => openStore(`sqlite:${path.join(dir, `jobs-${++counter}.db`)}`));
  portalLeaseBattery(() => openStore(`sqlite:${path.join(dir, `leases-${++counter}.db`)}`));
  portalBattery(() => openStore(`sqlite:${path.join(dir, `portals-${++counter}.db`)}`));
  jobBattery(
    () => openStore(`sqlite:${path.join(dir, `jobs-${++counter}.db`)}`),
    (seed) => openUpgraded(`sqlite:${path.join(dir, `upgrade-${++counter}.db`)}`, {}, seed),
  );

  it('creates its folder and file on first start and keeps data across reopening', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'handoff.db');
    const first = await openStore(`sqlite:${file}`);
    expect(fs.existsSync(file)).toBe(true);
    expect(await first.isReady()).toBe(true);
    await first.events.insert([newEvent('kept', 1)], T0);
    await first.close();

    const second = await openStore(`sqlite:${file}`);
    expect(await second.isReady()).toBe(true);
    expect(await second.events.insert([newEvent('kept', 1)], T0)).toEqual({ inserted: 0, duplicates: 1 });
    expect((await second.events.list({})).map((event) => event.eventKey)).toEqual(['kept']);
    await second.close();
  });

  it('runs in memory', async () => {
    const store = await openStore('sqlite::memory:');
    expect(await store.events.insert([newEvent('m', 1)], T0)).toEqual({ inserted: 1, duplicates: 0 });
    await store.close();
  });

  it('keeps two stores on one file from claiming the same event', async () => {
    const file = path.join(dir, 'shared.db');
    const [a, b] = [await openStore(`sqlite:${file}`), await openStore(`sqlite:${file}`)];
    await a.events.insert(
      Array.from({ length: 60 }, (_, i) => newEvent(`s${i}`, i % 3)),
      T0,
    );
    const claimAll = async (store: typeof a, owner: string): Promise<number[]> => {
      const ids: number[] = [];
      for (
        let batch = await store.events.claim({ owner, limit: 4, leaseMs: 60_000, now: T0 });
        batch.length > 0;
      ) {
        ids.push(...batch.map((event) => event.id));
        batch = await store.events.claim({ owner, limit: 4, leaseMs: 60_000, now: T0 });
      }
      return ids;
    };
    const [fromA, fromB] = await Promise.all([claimAll(a, 'a'), claimAll(b, 'b')]);
    expect(fromA.length + fromB.length).toBe(60);
    expect(new Set([...fromA, ...fromB]).size).toBe(60);
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a DATABASE_URL it cannot read', async () => {
    await expect(openStore('mysql://localhost/x')).rejects.toThrow('DATABASE_URL must start with');
    await expect(openStore('sqlite:')).rejects.toThrow('names no file');
  });
});
