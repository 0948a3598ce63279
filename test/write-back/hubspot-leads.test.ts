import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import { playbookSchema, type Playbook } from '../../src/handoff/playbook';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { createLeadJobHandler } from '../../src/write-back/create-hubspot-leads';
import { createLeadJob } from '../../src/jobs/job-names';
import { eventKind } from '../../src/events/event-kind';
import { recordLeadStages } from '../../src/lifecycle/record-lead-stages';
import { createLogger, silentLogger } from '../../src/log';
import { openStore } from '../../src/store/open-store';
import type { NewDecision, NewEvent, Store, StoredEvent, StoredJob } from '../../src/store/store';
import { batchResponse, record } from '../hubspot/fixtures';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';
import { claimedEvent, routedDecision } from '../support/stored-fixtures';

const PORTAL = 62515;
const CONTACT = '501';
const NOW = Date.UTC(2026, 10, 2, 10, 0, 0);
const ROUTED = NOW - 3_600_000;
const LOOK = '/crm/v4/associations/contacts/leads/batch/read';
const CREATE = '/crm/v3/objects/leads/batch/create';
const LEAD_CONTACTS = '/crm/v4/associations/leads/contacts/batch/read';
const READ = '/crm/v3/objects/contacts/batch/read';
const UPDATE = '/crm/v3/objects/contacts/batch/update';
const STAMP = '2026-11-02T09:00:00.000Z';

const leadsOn: Playbook = playbookSchema.parse({
  ...DEFAULT_PLAYBOOK,
  stages: { ...DEFAULT_PLAYBOOK.stages, leadStatus: { enabled: false }, leadsObject: { enabled: true } },
});

let nextId = 1;
function stored(event: NewEvent): StoredEvent {
  return claimedEvent(event, nextId++, NOW);
}

/** The `create-lead` job of the decision below, as the job worker hands it over. */
function leadJob(): StoredJob {
  return {
    ...createLeadJob(PORTAL, CONTACT, 1),
    id: nextId++,
    status: 'processing',
    attempts: 1,
    maxAttempts: 8,
    runAt: ROUTED,
    leaseOwner: 'w',
    leaseUntil: NOW + 60_000,
    lastError: null,
    correlationId: null,
    createdAt: ROUTED,
    finishedAt: null,
  };
}

function decision(overrides: Partial<NewDecision> = {}): NewDecision {
  return routedDecision({
    portalId: PORTAL,
    contactId: CONTACT,
    decidedAt: ROUTED,
    match: 'existing_account',
    companyId: '9001',
    record: { inputs: { email: 'ada@acme.com', company: 'Acme' } },
    ...overrides,
  });
}

const associations = (from: string, to: string[], typeId: number) => ({
  from: { id: from },
  to: to.map((id) => ({
    toObjectId: id,
    associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId }],
  })),
});

describe('HubSpot Leads object (playbook option)', () => {
  let store: Store;
  let hubspot: HubSpotMock;
  let deps: Parameters<typeof createLeadJobHandler>[0] & { now: () => number };
  let playbook: Playbook;

  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    hubspot = new HubSpotMock();
    playbook = leadsOn;
    const clients = new HubSpotClients({
      auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: PORTAL },
      baseUrl: HUBSPOT_TEST_BASE_URL,
      maxRetries: 0,
    });
    deps = {
      store,
      log: silentLogger,
      now: () => NOW,
      crm: async (portalId) => new HubSpotCrm(await clients.forPortal(portalId)),
      playbookFor: async () => playbook,
    };
  });
  afterEach(async () => store.close());

  const runLeadJob = () =>
    createLeadJobHandler(deps).run([leadJob()], { portalId: PORTAL, log: silentLogger });

  it('creates one lead owned by the handoff owner, labelled by priority, with its contact and company', async () => {
    await store.decisions.save(decision());
    hubspot
      .reply('POST', LOOK, 200, batchResponse([]))
      .reply('POST', CREATE, 201, batchResponse([record('880001', { hs_lead_name: 'ada@acme.com (Acme)' })]));
    const outcomes = await runLeadJob();
    expect([...outcomes.values()]).toEqual([{ ok: true }]);
    expect(hubspot.calls.find((call) => call.path === CREATE)?.body).toEqual({
      inputs: [
        {
          properties: {
            hs_lead_name: 'ada@acme.com (Acme)',
            hubspot_owner_id: '111',
            hs_lead_type: 'NEW_BUSINESS',
            hs_lead_label: 'HOT',
          },
          associations: [
            {
              to: { id: CONTACT },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }],
            },
            {
              to: { id: '9001' },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 580 }],
            },
          ],
        },
      ],
    });
    hubspot.done();
  });

  it('after an ambiguous failure, reads the contact’s leads first and never creates a second', async () => {
    await store.decisions.save(decision());
    hubspot
      .reply('POST', LOOK, 200, batchResponse([]))
      .failConnection('POST', CREATE)
      .reply('POST', LOOK, 200, batchResponse([associations(CONTACT, ['880001'], 579)]));
    const first = await runLeadJob();
    expect([...first.values()][0]).toMatchObject({ ok: false });
    const retry = await runLeadJob();
    expect([...retry.values()]).toEqual([{ ok: true }]);
    expect(hubspot.count('POST', CREATE)).toBe(1);
    hubspot.done();
  });

  it('calls HubSpot for nothing while the option is off', async () => {
    playbook = DEFAULT_PLAYBOOK;
    await store.decisions.save(decision());
    expect([...(await runLeadJob()).values()]).toEqual([{ ok: true }]);
    expect(hubspot.calls).toHaveLength(0);
  });

  it('explains a lead stage the playbook does not map, reading the lead pipelines once an hour', async () => {
    await store.decisions.save(decision());
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => lines.push(line) });
    const moved = (id: number) =>
      stored({
        portalId: PORTAL,
        eventKey: `lead-change-${id}`,
        subscriptionType: 'object.propertyChange',
        objectTypeId: '0-136',
        objectId: id,
        occurredAt: NOW,
        payload: {
          objectId: id,
          propertyName: 'hs_pipeline_stage',
          propertyValue: '1048576',
          occurredAt: NOW,
        },
      });
    hubspot.reply('GET', '/crm/v3/pipelines/leads', 200, {
      results: [
        {
          id: 'lead-pipeline-id',
          label: 'Lead pipeline',
          displayOrder: 0,
          archived: false,
          createdAt: STAMP,
          updatedAt: STAMP,
          stages: [
            {
              id: '1048576',
              label: 'Demo booked',
              displayOrder: 3,
              archived: false,
              createdAt: STAMP,
              updatedAt: STAMP,
              metadata: {},
            },
          ],
        },
      ],
    });
    const handler = recordLeadStages({ ...deps, log });
    expect([...(await handler([moved(880001)], PORTAL)).values()]).toEqual([{ ok: true }]);
    expect([...(await handler([moved(880002)], PORTAL)).values()]).toEqual([{ ok: true }]);
    expect(hubspot.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'GET /crm/v3/pipelines/leads',
    ]);
    const warning = lines.map((line) => JSON.parse(line)).find((entry) => entry.stageId === '1048576');
    expect(warning).toMatchObject({ stage: 'Lead pipeline / Demo booked' });
    expect(warning.msg).toContain('stages.leadsObject.stageMoves');
    expect(await store.stages.list({ portalId: PORTAL })).toEqual([]);
    hubspot.done();
  });

  it('moves the contact to SQL when its HubSpot lead is qualified, stamping the skipped SAL', async () => {
    await store.decisions.save(decision());
    const qualified = stored({
      portalId: PORTAL,
      eventKey: 'lead-change-1',
      subscriptionType: 'object.propertyChange',
      objectTypeId: '0-136',
      objectId: 880001,
      occurredAt: NOW - 60_000,
      payload: {
        subscriptionType: 'object.propertyChange',
        objectTypeId: '0-136',
        objectId: 880001,
        propertyName: 'hs_pipeline_stage',
        propertyValue: 'qualified-stage-id',
        occurredAt: NOW - 60_000,
      },
    });
    expect(eventKind(qualified)).toBe('lead.changed');
    hubspot
      .reply('POST', LEAD_CONTACTS, 200, batchResponse([associations('880001', [CONTACT], 578)]))
      .reply(
        'POST',
        READ,
        200,
        batchResponse([record(CONTACT, { lifecyclestage: 'marketingqualifiedlead' })]),
      )
      .reply('POST', UPDATE, 200, batchResponse([record(CONTACT)]));
    const outcomes = await recordLeadStages(deps)([qualified], PORTAL);
    const [outcome] = [...outcomes.values()];
    if (outcome?.ok && outcome.commit) await outcome.commit(store);
    const at = new Date(NOW - 60_000).toISOString();
    expect(hubspot.calls.find((call) => call.path === UPDATE)?.body).toEqual({
      inputs: [
        {
          id: CONTACT,
          properties: {
            handoff_stage: 'sql',
            handoff_mql_at: STAMP,
            handoff_sal_at: at,
            handoff_sql_at: at,
            lifecyclestage: 'salesqualifiedlead',
          },
        },
      ],
    });
    expect((await store.stages.list({ portalId: PORTAL })).map((row) => [row.stage, row.cause])).toEqual([
      ['mql', 'decision'],
      ['sal', 'skipped'],
      ['sql', 'lead_stage'],
    ]);
    hubspot.done();
  });
});
