import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startSimulator, type Simulator } from '../../simulator';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { ensureHandoffProperties } from '../../src/hubspot/properties';
import { handoffJobs } from '../../src/events/handlers-by-kind';
import { sweepNoResponse } from '../../src/schedules/no-response-sweep';
import { silentLogger } from '../../src/log';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { testJobWorker } from '../support/handoff-worker';
import { checkFetchAgainstOpenApi } from '../support/openapi-fetch';
import { CALL_OUTCOMES, handedOffLead, logCall, logEmail } from '../support/sales-attempts';

const PORTAL = 62515;
const TOKEN = 'pat-na1-no-response';
// Monday 2 November 2026, 10:00 UTC: handed to sales in business hours.
const MQL = Date.parse('2026-11-02T10:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Seven business days after the first attempt (Monday 11:00) end Wednesday 11 November, 11:00.
const DUE = Date.parse('2026-11-11T11:00:00.000Z');
// On PostgreSQL when DATABASE_URL names one (two sweeps then race on two pooled connections).
const databaseUrl = process.env.DATABASE_URL ?? '';
const runSchema = `handoff_no_response_${process.pid}_${randomBytes(3).toString('hex')}`;
let schemas = 0;

let sim: Simulator;
let store: Store;
let clients: HubSpotClients;
/** Requests Handoff sent, or answers it got, that HubSpot's OpenAPI files do not allow. */
const offSpec: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({
    rateLimits: false,
    searchLagMs: 0,
    portals: [{ portalId: PORTAL, accessToken: TOKEN, seed: { seed: 3, companies: 5, contacts: 5 } }],
  });
  clients = new HubSpotClients({
    auth: { mode: 'static', accessToken: TOKEN, portalId: PORTAL },
    baseUrl: sim.url,
    maxRetries: 0,
  });
  await ensureHandoffProperties(new HubSpotCrm(await clients.forPortal(PORTAL)));
  checkFetchAgainstOpenApi(offSpec);
});
afterAll(async () => {
  jest.restoreAllMocks();
  await sim.stop();
  if (!databaseUrl.startsWith('postgres')) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  for (let n = 1; n <= schemas; n += 1)
    await client.query(`drop schema if exists "${runSchema}_${n}" cascade`);
  await client.end();
});
beforeEach(async () => {
  offSpec.length = 0;
  store = databaseUrl.startsWith('postgres')
    ? await openStore(databaseUrl, { schema: `${runSchema}_${(schemas += 1)}` })
    : await openStore('sqlite::memory:');
});
afterEach(async () => store.close());

const portal = () => sim.portal(PORTAL);
const handedOff = (email: string) => handedOffLead(portal(), store, email, MQL);

/** Three unanswered attempts: Monday call, Tuesday email, Thursday call. */
function threeTries(contactId: string): void {
  logCall(portal(), contactId, MQL + HOUR);
  logEmail(portal(), contactId, MQL + DAY);
  logCall(portal(), contactId, MQL + 3 * DAY);
}

function sweep(now: number, on: Store = store, playbook = DEFAULT_PLAYBOOK) {
  return sweepNoResponse(
    {
      store: on,
      log: silentLogger,
      playbook,
      crm: async (id) => new HubSpotCrm(await clients.forPortal(id)),
    },
    now,
  );
}

async function drainJobs(now: number): Promise<void> {
  const { jobs } = handoffJobs({
    store,
    clients,
    playbook: DEFAULT_PLAYBOOK,
    log: silentLogger,
    now: () => now,
  });
  await testJobWorker(store, jobs, { now: () => now }).drain();
}

const writesTo = (contactId: string) =>
  portal().writes.filter((write) => write.type === 'contacts' && write.id === contactId);

describe('no-response sweep against the simulated portal', () => {
  it('recycles a lead after 3 unanswered attempts over 7 business days: outcome, stage, task, marketing told', async () => {
    const lead = await handedOff('silent@example.com');
    threeTries(lead.contactId);

    expect(await sweep(DUE - HOUR)).toEqual({ checked: 1, detected: 0, contactMade: 0, waiting: 1 });
    // Not due again until the window ends: the next sweep reads nothing from HubSpot.
    const calls = sim.callLog.count({ portalId: PORTAL });
    expect(await sweep(DUE - HOUR / 2)).toEqual({ checked: 0, detected: 0, contactMade: 0, waiting: 0 });
    expect(sim.callLog.count({ portalId: PORTAL })).toBe(calls);

    const before = sim.callLog.counts({ portalId: PORTAL });
    expect(await sweep(DUE + HOUR)).toMatchObject({ checked: 1, detected: 1 });
    const after = sim.callLog.counts({ portalId: PORTAL });
    const used = Object.fromEntries(
      Object.entries(after)
        .map(([endpoint, n]) => [endpoint, n - (before[endpoint] ?? 0)])
        .filter(([, n]) => n !== 0),
    );
    // Batched reads only: the associations and engagements of each type, then the contact.
    expect(used).toEqual({
      'POST /crm/v4/associations/contacts/calls/batch/read': 1,
      'POST /crm/v4/associations/contacts/emails/batch/read': 1,
      'POST /crm/v4/associations/contacts/meetings/batch/read': 1,
      'POST /crm/v3/objects/calls/batch/read': 1,
      'POST /crm/v3/objects/emails/batch/read': 1,
      'POST /crm/v3/objects/contacts/batch/read': 1,
    });
    await drainJobs(DUE + HOUR);

    const contact = portal().get('contacts', lead.contactId)!.properties;
    expect(contact).toMatchObject({
      handoff_outcome: 'no_response',
      handoff_stage: 'recycled',
      handoff_feedback_note:
        'No response: 3 attempts (2 calls, 1 email) over 7 business days, no reply, connected call or meeting',
      lifecyclestage: 'marketingqualifiedlead',
    });
    // Not a disqualification: the lead goes back to marketing, no reason is set.
    expect(contact.handoff_disqualification_reason ?? '').toBe('');
    expect(writesTo(lead.contactId)).toHaveLength(1);
    expect(portal().get('tasks', lead.taskId)?.properties.hs_task_status).toBe('COMPLETED');
    expect((await store.decisions.get(lead.decisionId))?.closedAt).not.toBeNull();
    const stages = await store.stages.list({ portalId: PORTAL, contactIds: [lead.contactId] });
    expect(stages.map((row) => [row.stage, row.cause, row.enteredAt])).toEqual([
      ['mql', 'decision', MQL],
      ['recycled', 'no_response', DUE],
    ]);
    expect(offSpec).toEqual([]);
  });

  it('leaves a lead who replied, or whose call connected, with its owner and never reads it again', async () => {
    const replied = await handedOff('replied@example.com');
    threeTries(replied.contactId);
    logEmail(portal(), replied.contactId, MQL + 4 * DAY, 'INCOMING_EMAIL');
    const connected = await handedOff('connected@example.com');
    threeTries(connected.contactId);
    logCall(portal(), connected.contactId, MQL + 5 * DAY, { disposition: CALL_OUTCOMES.connected });

    expect(await sweep(DUE + DAY)).toEqual({ checked: 2, detected: 0, contactMade: 2, waiting: 0 });
    expect(await sweep(DUE + 30 * DAY)).toEqual({ checked: 0, detected: 0, contactMade: 0, waiting: 0 });
    await drainJobs(DUE + DAY);
    expect(writesTo(replied.contactId)).toEqual([]);
    expect(portal().get('tasks', connected.taskId)?.properties.hs_task_status).toBe('NOT_STARTED');
    expect(offSpec).toEqual([]);
  });

  it('does nothing, and calls HubSpot for nothing, when the playbook turns the policy off', async () => {
    const lead = await handedOff('off@example.com');
    threeTries(lead.contactId);
    const off = { ...DEFAULT_PLAYBOOK, noResponse: { ...DEFAULT_PLAYBOOK.noResponse, enabled: false } };
    const before = sim.callLog.count({ portalId: PORTAL });
    expect(await sweep(DUE + HOUR, store, off)).toEqual({
      checked: 0,
      detected: 0,
      contactMade: 0,
      waiting: 0,
    });
    expect(sim.callLog.count({ portalId: PORTAL })).toBe(before);
    expect((await store.decisions.get(lead.decisionId))?.closedAt).toBeNull();
  });

  it('reads 150 due rounds in batches: HubSpot calls grow with hundreds of leads, not with each lead', async () => {
    const leads = [];
    for (let n = 0; n < 150; n += 1) leads.push(await handedOff(`bulk-${n}@example.com`));
    for (const lead of leads) threeTries(lead.contactId);
    const before = sim.callLog.count({ portalId: PORTAL });
    expect(await sweep(DUE + HOUR)).toMatchObject({ checked: 150, detected: 150 });
    const calls = sim.callLog.count({ portalId: PORTAL }) - before;
    // 3 association reads (1,000 contacts each), calls 300 and emails 150 by 100, contacts 150 by 100.
    expect(calls).toBe(3 + 3 + 2 + 2);
    console.log(`no-response sweep: 150 due rounds, 450 logged attempts read in ${calls} HubSpot calls`);
    expect(offSpec).toEqual([]);
  });

  it('two schedulers at once and a redelivered sweep record one outcome, one contact write, one task closed', async () => {
    const lead = await handedOff('twice@example.com');
    threeTries(lead.contactId);
    const reports = await Promise.all([sweep(DUE + HOUR), sweep(DUE + HOUR)]);
    expect(reports.map((report) => report.detected).sort()).toEqual([0, 1]);
    await drainJobs(DUE + HOUR);
    expect(await sweep(DUE + 2 * HOUR)).toMatchObject({ detected: 0 });
    await drainJobs(DUE + 2 * HOUR);

    expect(
      await store.outcomes.list({ portalId: PORTAL, contactId: lead.contactId, limit: 10 }),
    ).toHaveLength(1);
    expect(writesTo(lead.contactId)).toHaveLength(1);
    expect(
      portal().writes.filter((write) => write.type === 'tasks' && write.id === lead.taskId),
    ).toHaveLength(1);
  });

  it('a crash before the commit leaves nothing behind; HubSpot down after it delays the writes, never doubles them', async () => {
    const lead = await handedOff('crash@example.com');
    threeTries(lead.contactId);
    // The process dies inside the recording transaction, after the outcome was claimed.
    const real = store.transaction.bind(store);
    let crash = true;
    store.transaction = ((work) =>
      real(async (tx) => {
        const decisions = new Proxy(tx.decisions, {
          get(target, name) {
            if (name === 'close' && crash) {
              crash = false;
              return async () => {
                throw new Error('process killed');
              };
            }
            const value = Reflect.get(target, name) as unknown;
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
        return work(Object.create(tx, { decisions: { value: decisions } }) as Store);
      })) as Store['transaction'];
    expect(await sweep(DUE + HOUR)).toMatchObject({ detected: 0 });
    expect(
      await store.outcomes.list({
        portalId: PORTAL,
        contactId: lead.contactId,
        limit: 10,
        includePending: true,
      }),
    ).toEqual([]);
    expect(await store.jobs.counts()).toMatchObject({ queued: 0 });

    expect(await sweep(DUE + 2 * HOUR)).toMatchObject({ detected: 1 });
    sim.setOutage(true);
    await drainJobs(DUE + 2 * HOUR);
    expect(writesTo(lead.contactId)).toEqual([]);
    sim.setOutage(false);
    await drainJobs(DUE + 4 * HOUR);
    expect(await store.jobs.counts()).toMatchObject({ queued: 0, dead: 0 });

    expect(
      await store.outcomes.list({ portalId: PORTAL, contactId: lead.contactId, limit: 10 }),
    ).toHaveLength(1);
    expect(writesTo(lead.contactId)).toHaveLength(1);
    expect(portal().get('tasks', lead.taskId)?.properties.hs_task_status).toBe('COMPLETED');
    expect(offSpec.filter((problem) => !problem.includes('status 503'))).toEqual([]);
  });
});
