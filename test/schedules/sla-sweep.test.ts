import { DEFAULT_PLAYBOOK, playbookSchema } from '../../src/handoff';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { hubspotPaths } from '../../src/hubspot/paths';
import { handleEvents } from '../../src/events/handle-events';
import { handoffJobs } from '../../src/events/handlers-by-kind';
import { Scheduler, type ScheduledJob } from '../../src/schedules/scheduler';
import { sweepSla } from '../../src/schedules/sla-sweep';
import { silentLogger } from '../../src/log';
import { EventWorker } from '../../src/queue/event-worker';
import { drainBoth, testJobWorker } from '../support/handoff-worker';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { owner } from '../fixtures/portal-scenario';
import { batchResponse, record } from '../hubspot/fixtures';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';
import { decision } from '../store/decision-battery';

const PORTAL = 62515;
const ROUTED = Date.parse('2026-11-02T10:00:00.000Z'); // Monday, in business hours
const MIN = 60_000;
const READ = hubspotPaths.objectsBatchRead('contacts');
const UPDATE = hubspotPaths.objectsBatchUpdate('contacts');
const TASKS = hubspotPaths.objectsBatchCreate('tasks');

describe('SLA sweep with two schedulers', () => {
  let store: Store;
  let clients: HubSpotClients;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    clients = new HubSpotClients({
      auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: PORTAL },
      baseUrl: HUBSPOT_TEST_BASE_URL,
      maxRetries: 0,
    });
  });
  afterEach(async () => store.close());

  /** Two high-priority leads routed at 10:00 (due 10:30); contact 502's rep calls at 10:12. */
  async function seed(): Promise<void> {
    const pool = { version: 1, contactId: 'x', routing: { poolId: 'sales', steps: [], skipped: [] } };
    for (const contactId of ['501', '502']) {
      await store.decisions.save(
        decision(contactId, {
          decidedAt: ROUTED,
          slaDueAt: ROUTED + 30 * MIN,
          slaStatus: 'pending',
          ownerId: '101',
          record: { ...pool, contactId },
          properties: { handoff_status: 'sales_ready', handoff_owner: '101', hubspot_owner_id: '101' },
        }),
      );
    }
  }

  const activity = (called: boolean) =>
    batchResponse([
      record('501', {
        hs_last_sales_activity_timestamp: null,
        notes_last_contacted: null,
        handoff_first_action_at: null,
      }),
      record('502', {
        hs_last_sales_activity_timestamp: called ? new Date(ROUTED + 12 * MIN).toISOString() : null,
        notes_last_contacted: null,
        handoff_first_action_at: null,
      }),
    ]);

  it('acts on each breach exactly once, though both schedulers sweep with clocks 40 s apart', async () => {
    await seed();
    // B's sweep at 40 s ahead sees 40 s more of the clock: the marks, not the clocks, decide who acts.
    const sweeps = [31.5, 32.5, 46.5, 47.5].map((minutes) => ROUTED + minutes * MIN);
    // Only sweeps with a clock due a look read HubSpot: the first (both clocks new, 501 overdue) and
    // the one at 501's escalation time; the four sweeps between read nothing.
    const reads = new HubSpotMock().reply('POST', READ, 200, activity(true), { times: 2 });
    const job = (skewMs: number): { scheduler: Scheduler; job: ScheduledJob } => {
      const sweepJob: ScheduledJob = {
        name: 'sla-sweep',
        schedule: '* * * * *',
        everyMs: MIN,
        run: async (now) =>
          JSON.stringify(
            await sweepSla(
              {
                store,
                playbook: DEFAULT_PLAYBOOK,
                log: silentLogger,
                crm: async () => new HubSpotCrm(await clients.forPortal(PORTAL)),
              },
              now + skewMs,
            ),
          ),
      };
      return {
        scheduler: new Scheduler({ store, log: silentLogger, jobs: [sweepJob], owner: `s${skewMs}` }),
        job: sweepJob,
      };
    };
    const a = job(0);
    const b = job(40_000);
    const ran: string[] = [];
    for (const at of sweeps) {
      // Both fire for the same wall-clock minute; B's clock runs 40 s ahead, so B claims the next
      // slot first and A then finds it taken: each runs some slots, neither all of them.
      ran.push(`A ${await a.scheduler.runSlot(a.job, at)}`);
      ran.push(`B ${await b.scheduler.runSlot(b.job, at + 40_000)}`);
    }
    expect(ran).toEqual(['A ran', 'B ran', 'A skipped', 'B ran', 'A ran', 'B ran', 'A skipped', 'B ran']);
    reads.done(); // checked against HubSpot's spec
    const slaJobs = await store.jobs.list({ name: 'apply-sla-action', limit: 100 });
    expect(slaJobs.map((job) => job.key.split(':').slice(2).join(':')).sort()).toEqual([
      '1:breach',
      '1:escalate',
      '2:first_action',
    ]);
    const first = await store.decisions.latest(PORTAL, ['501', '502']);
    expect(first.get('502')).toMatchObject({ firstActionAt: ROUTED + 12 * MIN, slaStatus: 'met' });
    expect(first.get('501')).toMatchObject({
      slaStatus: 'breached',
      breachedAt: expect.any(Number),
      escalatedAt: expect.any(Number),
    });

    // The queue writes them: one batch update, one task for the new owner.
    const mock = new HubSpotMock()
      .reply(
        'GET',
        hubspotPaths.owners,
        200,
        { results: [owner('101', 'Sam', 'Ortiz', 'Sales'), owner('102', 'Ada', 'Lane', 'Sales')] },
        { query: { limit: '500', archived: 'false' } },
      )
      .reply('GET', hubspotPaths.owners, 200, { results: [] }, { query: { limit: '500', archived: 'true' } })
      .reply('POST', UPDATE, 200, batchResponse([record('501'), record('502')]))
      .reply('POST', UPDATE, 200, batchResponse([record('501')]))
      .reply('POST', TASKS, 201, batchResponse([record('88001')]));
    const work = handoffJobs({
      store,
      clients,
      playbook: DEFAULT_PLAYBOOK,
      log: silentLogger,
      now: () => ROUTED + 47 * MIN,
    });
    await drainBoth(
      new EventWorker({
        store,
        handler: handleEvents({ clients, log: silentLogger, handlers: work.events }),
        logger: silentLogger,
        now: () => ROUTED + 47 * MIN,
      }),
      testJobWorker(store, work.jobs, { now: () => ROUTED + 47 * MIN }),
    );
    mock.done();
    // The clock's marks in one batch update; the escalation's reassignment, committed in the store
    // first, in its own update after it.
    const updates = mock.calls.filter((call) => call.path === UPDATE) as Array<{
      body: { inputs: Array<{ id: string; properties: Record<string, string> }> };
    }>;
    const byId = new Map<string, Record<string, string>>();
    for (const input of updates.flatMap((call) => call.body.inputs)) {
      byId.set(input.id, { ...byId.get(input.id), ...input.properties });
    }
    // The logged call is the SAL moment (nobody clicked accept): it rides on the clock's update.
    expect(byId.get('502')).toEqual({
      handoff_sla_status: 'met',
      handoff_first_action_at: new Date(ROUTED + 12 * MIN).toISOString(),
      handoff_stage: 'sal',
      handoff_mql_at: new Date(ROUTED).toISOString(),
      handoff_sal_at: new Date(ROUTED + 12 * MIN).toISOString(),
    });
    expect(
      (await store.stages.list({ portalId: PORTAL, contactIds: ['502'] })).map((row) => [
        row.stage,
        row.enteredAt,
        row.cause,
      ]),
    ).toEqual([
      ['mql', ROUTED, 'decision'],
      ['sal', ROUTED + 12 * MIN, 'sales_activity'],
    ]);
    expect(byId.get('501')).toMatchObject({
      handoff_sla_status: 'pending',
      handoff_owner: '102',
      hubspot_owner_id: '102',
      handoff_reason: expect.stringMatching(
        /^Escalated: no first action by 2026-11-02T10:30:00.000Z from Sam Ortiz; reassigned to Ada Lane/,
      ),
    });
    expect(mock.count('POST', UPDATE)).toBe(2);
    const task = (
      mock.calls.find((call) => call.path === TASKS)?.body as {
        inputs: Array<{ properties: Record<string, string> }>;
      }
    ).inputs;
    expect(task).toHaveLength(1);
    expect(task[0]?.properties.hubspot_owner_id).toBe('102');
    expect((await store.decisions.latest(PORTAL, ['501'])).get('501')).toMatchObject({
      ownerId: '102',
      slaStatus: 'pending',
    });

    // Sweeping again later escalates nothing a second time.
    const again = new HubSpotMock().reply('POST', READ, 200, activity(true));
    await a.scheduler.runSlot(a.job, ROUTED + 120 * MIN);
    again.done();
    expect(await store.jobs.list({ name: 'apply-sla-action', limit: 100 })).toHaveLength(3);
  });

  it("follows the portal's own playbook (saved on the admin page): a longer grace delays escalation", async () => {
    await seed();
    const patient = playbookSchema.parse({
      ...JSON.parse(JSON.stringify(DEFAULT_PLAYBOOK)),
      escalation: { graceMinutes: 60, action: 'reassign', teamLeads: {} },
    });
    const reads = new HubSpotMock().reply('POST', READ, 200, activity(false));
    const report = await sweepSla(
      {
        store,
        playbook: DEFAULT_PLAYBOOK,
        playbookFor: async (portalId) => (portalId === PORTAL ? patient : DEFAULT_PLAYBOOK),
        log: silentLogger,
        crm: async () => new HubSpotCrm(await clients.forPortal(PORTAL)),
      },
      ROUTED + 47 * MIN,
    );
    reads.done();
    expect(report).toMatchObject({ breaches: 2, escalations: 0 });
  });
});
