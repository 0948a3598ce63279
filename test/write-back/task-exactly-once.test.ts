import nock from 'nock';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { handoffJobs } from '../../src/events/handlers-by-kind';
import { writeContactJob } from '../../src/jobs/job-names';
import { silentLogger } from '../../src/log';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { decision } from '../store/decision-battery';
import { HUBSPOT_TEST_BASE_URL } from '../support/hubspot-mock';
import { testJobWorker } from '../support/handoff-worker';
import { TaskPortal, type Fault } from '../support/task-portal';

const PORTAL = 62515;
const T0 = Date.parse('2026-11-02T09:00:00.000Z');
const HOUR = 3_600_000;

/** A seeded generator, so a failing run can be replayed exactly. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('side effects happen once per decision, whatever HubSpot answers', () => {
  let store: Store;
  let now: number;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    now = T0;
  });
  afterEach(async () => {
    TaskPortal.stop();
    await store.close();
  });

  /** Stores routed decisions as the decide step does: decision and write-back job in one transaction. */
  async function decide(count: number, overrides: Parameters<typeof decision>[1] = {}): Promise<string[]> {
    const ids = Array.from({ length: count }, (_, i) => String(2001 + i));
    for (const id of ids) {
      await store.transaction(async (tx) => {
        await tx.decisions.save(
          decision(id, {
            properties: {
              handoff_status: 'sales_ready',
              handoff_owner: '111',
              handoff_sla_due_at: '2026-11-02T09:30:00.000Z',
            },
            ...overrides,
          }),
        );
        await tx.jobs.enqueue(writeContactJob(PORTAL, id, 1), T0);
      });
    }
    return ids;
  }

  /** The job worker as `npm start` wires it, run hour by hour of simulated time until the queue is empty. */
  async function runJobs(batchSize: number): Promise<number> {
    const clients = new HubSpotClients({
      auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: PORTAL },
      baseUrl: HUBSPOT_TEST_BASE_URL,
      maxRetries: 0,
    });
    const { jobs } = handoffJobs({
      store,
      clients,
      playbook: DEFAULT_PLAYBOOK,
      log: silentLogger,
      now: () => now,
    });
    const worker = testJobWorker(store, jobs, { now: () => now, batchSize });
    let rounds = 0;
    while ((await store.jobs.counts()).queued > 0 || rounds === 0) {
      await worker.drain();
      now += HOUR;
      rounds += 1;
      if (rounds > 60) throw new Error('the queue did not empty in 60 simulated hours');
    }
    return rounds;
  }

  it('creates one task per lead when 30% of task creates are applied but answered 502', async () => {
    const random = seeded(15);
    const portal = new TaskPortal(({ path }) =>
      path.includes('/tasks/batch/create') && random() < 0.3 ? 'apply-then-502' : 'none',
    );
    const ids = await decide(60);
    await runJobs(4);

    expect(portal.mismatches).toEqual([]);
    const perLead = ids.map((id) => portal.tasksOf(id));
    const writesPerLead = portal.contactWrites.length / ids.length;
    const tasksPerLead = (perLead.reduce((a, b) => a + b, 0) / ids.length).toFixed(2);
    console.log(
      `exactly-once: ${ids.length} leads, 30% of task creates applied then answered 502: ` +
        `tasks per lead ${tasksPerLead}, contact writes per lead ${writesPerLead.toFixed(2)}, ` +
        `${portal.calls} HubSpot calls`,
    );
    expect(perLead.reduce((a, b) => a + b, 0) / ids.length).toBe(1);
    expect(new Set(perLead)).toEqual(new Set([1]));
    // The contact is never written again because its task failed.
    const writes = ids.map((id) => portal.contactWrites.filter((write) => write.id === id).length);
    expect(new Set(writes)).toEqual(new Set([1]));
    expect(await store.jobs.counts()).toEqual({ queued: 0, processing: 0, done: 120, dead: 0 });
    const stored = await store.decisions.latest(PORTAL, ids);
    expect([...stored.values()].every((d) => d.writtenAt !== null && d.tasksCreatedAt !== null)).toBe(true);
  });

  it('creates one task per lead when creates fail after or before HubSpot applied them', async () => {
    const random = seeded(7);
    const portal = new TaskPortal(({ path }) => {
      if (!path.includes('/tasks/')) return 'none';
      const roll = random();
      return roll < 0.2 ? 'apply-then-502' : roll < 0.35 ? '503' : 'none';
    });
    const ids = await decide(30);
    await runJobs(3);
    expect(portal.mismatches).toEqual([]);
    expect(ids.map((id) => portal.tasksOf(id))).toEqual(ids.map(() => 1));
  });

  it('dead-letters a task HubSpot refuses, at once, with its message and correlation id, and leaves the contact alone', async () => {
    const portal = new TaskPortal(({ path }): Fault =>
      path.includes('/tasks/batch/create')
        ? { status: 400, message: 'Property values were not valid: hubspot_owner_id 111 is not an owner' }
        : 'none',
    );
    const [id] = await decide(1);
    await runJobs(10);
    expect(portal.tasks.size).toBe(0);
    expect(portal.contactWrites.map((write) => write.id)).toEqual([id]);
    const [dead] = await store.jobs.list({ status: 'dead', limit: 10 });
    expect(dead).toMatchObject({
      name: 'create-task',
      attempts: 1,
      correlationId: 'c0ffee00-7f07-4993-9211-075dc63e7cbf',
      lastError: expect.stringContaining('hubspot_owner_id 111 is not an owner'),
    });
  });

  it('sends a due time for a routed lead the playbook gave no priority', async () => {
    const portal = new TaskPortal();
    const [id] = await decide(1, {
      priority: null,
      slaDueAt: null,
      properties: { handoff_status: 'sales_ready', handoff_owner: '111', handoff_sla_due_at: '' },
    });
    await runJobs(10);
    const [task] = [...portal.tasks.values()];
    expect(task?.contactId).toBe(id);
    expect(task?.properties.hs_timestamp).toBe(new Date(T0).toISOString());
  });

  it('dead-letters nothing during a HubSpot outage of hours, and finishes after it', async () => {
    let down = true;
    const portal = new TaskPortal(() => (down ? '503' : 'none'));
    const ids = await decide(20);
    const clients = new HubSpotClients({
      auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: PORTAL },
      baseUrl: HUBSPOT_TEST_BASE_URL,
      maxRetries: 0,
    });
    const { jobs } = handoffJobs({
      store,
      clients,
      playbook: DEFAULT_PLAYBOOK,
      log: silentLogger,
      now: () => now,
    });
    const worker = testJobWorker(store, jobs, { now: () => now, batchSize: 5 });
    // Six hours down, tried every minute: the circuit opens, the jobs wait and keep their attempts.
    for (let minute = 0; minute < 360; minute += 1) {
      await worker.drain();
      now += 60_000;
    }
    expect(await store.jobs.counts()).toMatchObject({ dead: 0, done: 0 });
    const attempts = (await store.jobs.list({ limit: 100 })).map((job) => job.attempts);
    expect(Math.max(...attempts)).toBeLessThan(8);
    const callsWhileDown = portal.calls;
    expect(callsWhileDown).toBeLessThan(60);
    console.log(
      `outage: 20 leads, HubSpot down 6 simulated hours, worker polling every minute: 0 dead-lettered, ` +
        `at most ${Math.max(...attempts)} of 8 attempts spent, ${callsWhileDown} HubSpot calls while down`,
    );

    down = false;
    await runJobs(5);
    expect(ids.map((id) => portal.tasksOf(id))).toEqual(ids.map(() => 1));
    expect(await store.jobs.counts()).toEqual({ queued: 0, processing: 0, done: 40, dead: 0 });
  });
});

afterAll(() => nock.restore);
