import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startSimulator, type Simulator } from '../../simulator';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { taskMarker, withMarker } from '../../src/hubspot/marked-tasks';
import { ensureHandoffProperties } from '../../src/hubspot/properties';
import { handoffJobs } from '../../src/jobs/handoff-jobs';
import { sweepNoResponse } from '../../src/jobs/no-response-sweep';
import { silentLogger } from '../../src/log';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { decision } from '../store/decision-battery';
import { testJobWorker } from '../support/handoff-worker';
import { requestMismatches, responseMismatches } from '../support/openapi';

const PORTAL = 62515;
const TOKEN = 'pat-na1-no-response';
// Monday 2 November 2026, 10:00 UTC: handed to sales in business hours.
const MQL = Date.parse('2026-11-02T10:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Seven business days after the first attempt (Monday 11:00) end Wednesday 11 November, 11:00.
const DUE = Date.parse('2026-11-11T11:00:00.000Z');
const NO_ANSWER = '73a0d17f-1163-4015-bdd5-ec830791da20';
const CONNECTED = 'f240bbac-87c9-4f6e-bf70-924b57d47db7';

let sim: Simulator;
let store: Store;
let clients: HubSpotClients;
let offSpec: string[];
const realFetch = globalThis.fetch;

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
  // Every request Handoff sends, and every answer, checked against HubSpot's OpenAPI files.
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input));
    const path = url.pathname + url.search;
    const body = typeof init?.body === 'string' ? init.body : undefined;
    offSpec.push(
      ...requestMismatches({ method: init?.method ?? 'GET', path, body, contentType: 'application/json' }),
    );
    const response = await realFetch(input, init);
    const text = await response.clone().text();
    offSpec.push(
      ...responseMismatches({
        method: init?.method ?? 'GET',
        path: url.pathname,
        status: response.status,
        body: text === '' ? undefined : JSON.parse(text),
      }),
    );
    return response;
  });
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
// On PostgreSQL when DATABASE_URL names one (two sweeps then race on two pooled connections).
const databaseUrl = process.env.DATABASE_URL ?? '';
const runSchema = `handoff_no_response_${process.pid}_${randomBytes(3).toString('hex')}`;
let schemas = 0;
beforeEach(async () => {
  offSpec = [];
  store = databaseUrl.startsWith('postgres')
    ? await openStore(databaseUrl, { schema: `${runSchema}_${(schemas += 1)}` })
    : await openStore('sqlite::memory:');
});
afterEach(async () => store.close());

const portal = () => sim.portal(PORTAL);
const ownerId = () => portal().owners.find((owner) => !owner.archived)!.id;
const iso = (at: number) => new Date(at).toISOString();

/** A contact handed to sales at MQL, with its decision, its `mql` stage and its open follow-up task. */
async function handedOff(email: string): Promise<{ contactId: string; decisionId: number; taskId: string }> {
  const owner = ownerId();
  const contact = portal().create('contacts', {
    email,
    handoff_status: 'sales_ready',
    handoff_stage: 'mql',
    handoff_mql_at: iso(MQL),
    handoff_owner: owner,
    handoff_first_action_at: iso(MQL + HOUR),
    lifecyclestage: 'marketingqualifiedlead',
  });
  const decisionId = (await store.saveDecision(
    decision(contact.id, { ownerId: owner, decidedAt: MQL, slaDueAt: MQL + HOUR }),
  )) as number;
  await store.recordStageTransitions([
    {
      portalId: PORTAL,
      contactId: contact.id,
      round: 1,
      stage: 'mql',
      enteredAt: MQL,
      cause: 'decision',
      detail: null,
      recordedAt: MQL,
    },
  ]);
  const marker = taskMarker(PORTAL, contact.id, 1, 'handoff');
  const task = portal().create('tasks', {
    hs_timestamp: iso(MQL + HOUR),
    hs_task_subject: 'Handoff (high): call the lead',
    hs_task_body: withMarker('Sales-ready', marker),
    hs_task_status: 'NOT_STARTED',
    hubspot_owner_id: owner,
  });
  portal().associate('tasks', task.id, 'contacts', contact.id, 204);
  await store.markDecisionTasksCreated([decisionId], MQL);
  return { contactId: contact.id, decisionId, taskId: task.id };
}

const TO_CONTACT = { calls: 194, emails: 198, meetings: 200 } as const;

function logCall(contactId: string, at: number, disposition = NO_ANSWER, direction = 'OUTBOUND'): void {
  const call = portal().create('calls', {
    hs_timestamp: iso(at),
    hs_call_title: 'Intro call',
    hs_call_direction: direction,
    hs_call_disposition: disposition,
    hs_call_status: 'COMPLETED',
  });
  portal().associate('calls', call.id, 'contacts', contactId, TO_CONTACT.calls);
}

function logEmail(contactId: string, at: number, direction = 'EMAIL'): void {
  const email = portal().create('emails', {
    hs_timestamp: iso(at),
    hs_email_subject: 'Following up',
    hs_email_direction: direction,
    hs_email_status: 'SENT',
  });
  portal().associate('emails', email.id, 'contacts', contactId, TO_CONTACT.emails);
}

/** Three unanswered attempts: Monday call, Tuesday email, Thursday call. */
function threeTries(contactId: string): void {
  logCall(contactId, MQL + HOUR);
  logEmail(contactId, MQL + DAY);
  logCall(contactId, MQL + 3 * DAY);
}

function sweep(now: number, on: Store = store) {
  return sweepNoResponse(
    {
      store: on,
      log: silentLogger,
      playbook: DEFAULT_PLAYBOOK,
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
    expect((await store.getDecision(lead.decisionId))?.closedAt).not.toBeNull();
    const stages = await store.stageTransitions({ portalId: PORTAL, contactIds: [lead.contactId] });
    expect(stages.map((row) => [row.stage, row.cause, row.enteredAt])).toEqual([
      ['mql', 'decision', MQL],
      ['recycled', 'no_response', DUE],
    ]);
    expect(offSpec).toEqual([]);
  });

  it('leaves a lead who replied, or whose call connected, with its owner and never reads it again', async () => {
    const replied = await handedOff('replied@example.com');
    threeTries(replied.contactId);
    logEmail(replied.contactId, MQL + 4 * DAY, 'INCOMING_EMAIL');
    const connected = await handedOff('connected@example.com');
    threeTries(connected.contactId);
    logCall(connected.contactId, MQL + 5 * DAY, CONNECTED);

    expect(await sweep(DUE + DAY)).toEqual({ checked: 2, detected: 0, contactMade: 2, waiting: 0 });
    expect(await sweep(DUE + 30 * DAY)).toEqual({ checked: 0, detected: 0, contactMade: 0, waiting: 0 });
    await drainJobs(DUE + DAY);
    expect(writesTo(replied.contactId)).toEqual([]);
    expect(portal().get('tasks', connected.taskId)?.properties.hs_task_status).toBe('NOT_STARTED');
    expect(offSpec).toEqual([]);
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

    expect(await store.listOutcomes({ portalId: PORTAL, contactId: lead.contactId, limit: 10 })).toHaveLength(
      1,
    );
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
        const dying = new Proxy(tx, {
          get(target, name) {
            if (name === 'closeDecision' && crash) {
              crash = false;
              return async () => {
                throw new Error('process killed');
              };
            }
            const value = Reflect.get(target, name) as unknown;
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
        return work(dying);
      })) as Store['transaction'];
    expect(await sweep(DUE + HOUR)).toMatchObject({ detected: 0 });
    expect(
      await store.listOutcomes({
        portalId: PORTAL,
        contactId: lead.contactId,
        limit: 10,
        includePending: true,
      }),
    ).toEqual([]);
    expect(await store.jobCounts()).toMatchObject({ queued: 0 });

    expect(await sweep(DUE + 2 * HOUR)).toMatchObject({ detected: 1 });
    sim.setOutage(true);
    await drainJobs(DUE + 2 * HOUR);
    expect(writesTo(lead.contactId)).toEqual([]);
    sim.setOutage(false);
    await drainJobs(DUE + 4 * HOUR);
    expect(await store.jobCounts()).toMatchObject({ queued: 0, dead: 0 });

    expect(await store.listOutcomes({ portalId: PORTAL, contactId: lead.contactId, limit: 10 })).toHaveLength(
      1,
    );
    expect(writesTo(lead.contactId)).toHaveLength(1);
    expect(portal().get('tasks', lead.taskId)?.properties.hs_task_status).toBe('COMPLETED');
    expect(offSpec.filter((problem) => !problem.includes('status 503'))).toEqual([]);
  });
});
