import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { hubspotErrorKind } from '../../src/hubspot/error-kind';
import { LeadStatusOptions } from '../../src/write-back/lead-status-options';
import { recordStageSignals } from '../../src/lifecycle/record-stage-signals';
import { silentLogger } from '../../src/log';
import { openStore } from '../../src/store/open-store';
import type { NewDecision, Store, StoredEvent } from '../../src/store/store';
import { asHubSpotProperty, batchResponse, hubspotError, record } from '../hubspot/fixtures';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';
import { claimedEvent, routedDecision } from '../support/stored-fixtures';

const PORTAL = 62515;
const CONTACT = '501';
const NOW = Date.UTC(2026, 10, 2, 10, 0, 0);
const ROUTED = NOW - 3_600_000;
const UPDATE = '/crm/v3/objects/contacts/batch/update';
const LEAD_STATUS = '/crm/v3/properties/contacts/hs_lead_status';
const iso = (ms: number) => new Date(ms).toISOString();

let nextId = 1;
function propertyChange(propertyName: string, propertyValue: string, occurredAt = NOW - 60_000): StoredEvent {
  const id = nextId++;
  const payload = {
    eventId: id,
    portalId: PORTAL,
    subscriptionType: 'object.propertyChange',
    objectTypeId: '0-1',
    objectId: Number(CONTACT),
    occurredAt,
    propertyName,
    propertyValue,
    changeSource: 'CRM_UI',
  };
  return claimedEvent(
    {
      portalId: PORTAL,
      eventKey: `${PORTAL}:change:${id}`,
      subscriptionType: 'object.propertyChange',
      objectTypeId: '0-1',
      objectId: Number(CONTACT),
      occurredAt,
      payload,
    },
    id,
    NOW,
  );
}

function decision(overrides: Partial<NewDecision> = {}): NewDecision {
  return routedDecision({
    portalId: PORTAL,
    contactId: CONTACT,
    decidedAt: ROUTED,
    slaDueAt: ROUTED + 30 * 60_000,
    slaStatus: 'breached',
    ...overrides,
  });
}

const leadStatusProperty = asHubSpotProperty(
  {
    name: 'hs_lead_status',
    label: 'Lead Status',
    description: "The contact's sales, prospecting or outreach status",
    groupName: 'sales_properties',
    type: 'enumeration',
    fieldType: 'radio' as 'select',
    formField: true,
    options: ['NEW', 'OPEN', 'IN_PROGRESS', 'CONNECTED', 'UNQUALIFIED'].map((value, displayOrder) => ({
      value,
      label: value,
      hidden: false,
      displayOrder,
    })),
  },
  { displayOrder: 0 },
);

describe('stage signals in contact property changes', () => {
  let store: Store;
  let hubspot: HubSpotMock;
  let handler: ReturnType<typeof recordStageSignals>;

  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    hubspot = new HubSpotMock();
    const clients = new HubSpotClients({
      auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: PORTAL },
      baseUrl: HUBSPOT_TEST_BASE_URL,
      maxRetries: 0,
    });
    handler = recordStageSignals({
      store,
      log: silentLogger,
      now: () => NOW,
      crm: async (portalId) => new HubSpotCrm(await clients.forPortal(portalId)),
      playbookFor: async () => DEFAULT_PLAYBOOK,
      leadStatusOptions: new LeadStatusOptions(silentLogger),
    });
  });
  afterEach(async () => store.close());

  const stages = async () =>
    (await store.stages.list({ portalId: PORTAL })).map((row) => [row.stage, row.enteredAt, row.cause]);

  it('makes an SQL of lifecyclestage set by a person, once, stamping the skipped SAL', async () => {
    await store.decisions.save(decision());
    await store.stages.record([
      {
        portalId: PORTAL,
        contactId: CONTACT,
        round: 1,
        stage: 'mql',
        enteredAt: ROUTED,
        cause: 'decision',
        detail: null,
        recordedAt: ROUTED,
      },
    ]);
    hubspot
      .reply('GET', LEAD_STATUS, 200, leadStatusProperty)
      .reply('POST', UPDATE, 200, batchResponse([record(CONTACT)]));
    const outcomes = await handler([propertyChange('lifecyclestage', 'salesqualifiedlead')], PORTAL);
    const [outcome] = [...outcomes.values()];
    expect(outcome?.ok).toBe(true);
    if (outcome?.ok && outcome.commit) await outcome.commit(store);
    expect(hubspot.calls.find((call) => call.path === UPDATE)?.body).toEqual({
      inputs: [
        {
          id: CONTACT,
          properties: {
            handoff_stage: 'sql',
            handoff_sal_at: iso(NOW - 60_000),
            handoff_sql_at: iso(NOW - 60_000),
            hs_lead_status: 'CONNECTED',
          },
        },
      ],
    });
    expect(await stages()).toEqual([
      ['mql', ROUTED, 'decision'],
      ['sal', NOW - 60_000, 'skipped'],
      ['sql', NOW - 60_000, 'lifecycle_stage'],
    ]);

    // The echo of that value (or a person setting it again) moves nothing and calls nobody.
    const again = await handler([propertyChange('lifecyclestage', 'salesqualifiedlead', NOW)], PORTAL);
    expect([...again.values()]).toEqual([{ ok: true }]);
    expect(hubspot.count('POST', UPDATE)).toBe(1);
    hubspot.done();
  });

  it('hands a refused stage write to the queue as its cause, to be dead-lettered rather than retried', async () => {
    await store.decisions.save(decision());
    hubspot
      .reply('GET', LEAD_STATUS, 200, leadStatusProperty)
      .reply('POST', UPDATE, 400, hubspotError('VALIDATION_ERROR', 'Property values were not valid'));
    const outcomes = await handler([propertyChange('lifecyclestage', 'salesqualifiedlead')], PORTAL);
    const [outcome] = [...outcomes.values()];
    expect(outcome).toMatchObject({ ok: false, cause: expect.any(Error) });
    expect(outcome && !outcome.ok && 'cause' in outcome && hubspotErrorKind(outcome.cause).kind).toBe(
      'rejected',
    );
    expect(await stages()).toEqual([]);
    hubspot.done();
  });

  it('takes a sales activity logged after the response clock closed as the SAL moment', async () => {
    await store.decisions.save(decision());
    hubspot
      .reply('GET', LEAD_STATUS, 200, leadStatusProperty)
      .reply('POST', UPDATE, 200, batchResponse([record(CONTACT)]));
    const calledAt = NOW - 5 * 60_000;
    const outcomes = await handler(
      [propertyChange('hs_last_sales_activity_timestamp', String(calledAt))],
      PORTAL,
    );
    const [outcome] = [...outcomes.values()];
    if (outcome?.ok && outcome.commit) await outcome.commit(store);
    const body = hubspot.calls.find((call) => call.path === UPDATE)?.body as {
      inputs: Array<{ properties: Record<string, string> }>;
    };
    expect(body.inputs[0]?.properties).toEqual({
      handoff_stage: 'sal',
      handoff_mql_at: iso(ROUTED),
      handoff_sal_at: iso(calledAt),
      hs_lead_status: 'IN_PROGRESS',
    });
    expect(await stages()).toEqual([
      ['mql', ROUTED, 'decision'],
      ['sal', calledAt, 'sales_activity'],
    ]);
    hubspot.done();
  });

  it('leaves an activity under a running response clock to the SLA sweep, and ignores other stages', async () => {
    await store.decisions.save(decision({ slaStatus: 'pending' }));
    const outcomes = await handler(
      [
        propertyChange('notes_last_contacted', String(NOW - 60_000)),
        propertyChange('lifecyclestage', 'opportunity'),
      ],
      PORTAL,
    );
    expect([...outcomes.values()]).toEqual([{ ok: true }, { ok: true }]);
    expect(hubspot.calls).toHaveLength(0);
    expect(await stages()).toEqual([]);
  });
});
