import nock from 'nock';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { hubspotPaths } from '../../src/hubspot/paths';
import { handoffJobs } from '../../src/events/handlers-by-kind';
import { slaJob } from '../../src/schedules/sla-sweep';
import { silentLogger } from '../../src/log';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { owner } from '../fixtures/portal-scenario';
import { decision } from '../store/decision-battery';
import { HUBSPOT_TEST_BASE_URL } from '../support/hubspot-mock';
import { testJobWorker } from '../support/handoff-worker';
import { TaskPortal } from '../support/task-portal';

const PORTAL = 62515;
const ROUTED = Date.parse('2026-11-02T10:00:00.000Z');
const MIN = 60_000;

describe('SLA escalation: the round-robin turn is committed before HubSpot is written', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(async () => {
    TaskPortal.stop();
    await store.close();
  });

  it('writes nothing to HubSpot when another worker takes a turn first, and one task after the retry', async () => {
    const id = (await store.decisions.save(
      decision('501', {
        decidedAt: ROUTED,
        slaDueAt: ROUTED + 30 * MIN,
        ownerId: '101',
        record: { version: 1, contactId: '501', routing: { poolId: 'sales', steps: [], skipped: [] } },
        properties: { handoff_status: 'sales_ready', handoff_owner: '101', hubspot_owner_id: '101' },
      }),
    )) as number;
    const breached = await store.decisions.get(id);
    await store.jobs.enqueue(
      slaJob(breached!, { kind: 'escalate', at: ROUTED + 45 * MIN }),
      ROUTED + 45 * MIN,
    );

    const portal = new TaskPortal();
    // Another worker routes a lead of this portal while the escalation reads the owners.
    let concurrent = true;
    nock(HUBSPOT_TEST_BASE_URL)
      .persist()
      .get(hubspotPaths.owners)
      .query(true)
      .reply(200, async (uri: string) => {
        if (concurrent && uri.includes('archived=false')) {
          concurrent = false;
          const current = await store.decisions.routingState(PORTAL);
          await store.decisions.saveRoutingState(PORTAL, { sales: { next: 0 } }, current.version, ROUTED);
        }
        return {
          results: uri.includes('archived=false')
            ? [owner('101', 'Sam', 'Ortiz', 'Sales'), owner('102', 'Ada', 'Lane', 'Sales')]
            : [],
        };
      });

    let now = ROUTED + 45 * MIN;
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
    const worker = testJobWorker(store, jobs, { now: () => now });

    await worker.drain();
    // The version check failed: no contact write, no task, the lead keeps its owner, the job waits.
    expect(portal.contactWrites).toEqual([]);
    expect(portal.tasks.size).toBe(0);
    expect((await store.decisions.get(id))?.ownerId).toBe('101');
    const [waiting] = await store.jobs.list({ status: 'queued', limit: 5 });
    expect(waiting?.lastError).toContain('round-robin state changed');

    now += 60 * MIN;
    await worker.drain();
    expect(portal.mismatches).toEqual([]);
    expect(portal.tasksOf('501')).toBe(1);
    expect(portal.contactWrites.map((write) => write.properties.handoff_owner)).toEqual(['102']);
    expect((await store.decisions.get(id))?.ownerId).toBe('102');
    // One turn on top of the other worker's: version 1 (theirs) + 1 (this escalation).
    expect((await store.decisions.routingState(PORTAL)).version).toBe(2);
  });
});

describe('SLA breach write after the lead was reassigned', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(async () => {
    TaskPortal.stop();
    await store.close();
  });

  it('writes nothing when a breach job runs late, after the escalation gave the lead a new clock', async () => {
    const id = (await store.decisions.save(
      decision('501', { decidedAt: ROUTED, slaDueAt: ROUTED + 30 * MIN, ownerId: '101' }),
    )) as number;
    await store.decisions.markSla(id, { breachedAt: ROUTED + 31 * MIN, slaStatus: 'breached' });
    const breached = (await store.decisions.get(id))!;
    await store.jobs.enqueue(slaJob(breached, { kind: 'breach', at: ROUTED + 31 * MIN }), ROUTED + 31 * MIN);
    // The breach job waited out an outage; meanwhile the escalation reassigned the lead.
    await store.decisions.markSla(id, { escalatedAt: ROUTED + 46 * MIN });
    await store.decisions.reassign(id, {
      ownerId: '102',
      slaDueAt: ROUTED + 76 * MIN,
      reason: 'Escalated',
      properties: { ...breached.properties, handoff_owner: '102', handoff_sla_status: 'pending' },
    });
    const portal = new TaskPortal();
    const clients = new HubSpotClients({
      auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: PORTAL },
      baseUrl: HUBSPOT_TEST_BASE_URL,
      maxRetries: 0,
    });
    const now = () => ROUTED + 60 * MIN;
    const { jobs } = handoffJobs({ store, clients, playbook: DEFAULT_PLAYBOOK, log: silentLogger, now });
    await testJobWorker(store, jobs, { now }).drain();
    expect(portal.contactWrites).toEqual([]);
    expect(await store.jobs.counts()).toMatchObject({ done: 1, dead: 0 });
  });
});
