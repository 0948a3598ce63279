import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotCrm } from '../../src/hubspot/crm';
import {
  dealContactLink,
  recordDealAssociations,
  recordOutcomeEdits,
} from '../../src/lifecycle/outcomes-set-in-hubspot';
import { silentLogger } from '../../src/log';
import { openStore } from '../../src/store/open-store';
import type { NewDecision, Store, StoredEvent } from '../../src/store/store';
import { batchResponse, record } from '../hubspot/fixtures';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';
import { claimedEvent, routedDecision } from '../support/stored-fixtures';

const PORTAL = 62515;
const CONTACT = '501';
const NOW = Date.UTC(2026, 10, 2, 10, 0, 0);
const READ = '/crm/v3/objects/contacts/batch/read';
const UPDATE = '/crm/v3/objects/contacts/batch/update';

let nextId = 1;
function event(
  subscriptionType: string,
  payload: Record<string, unknown>,
  occurredAt = NOW - 60_000,
): StoredEvent {
  const id = nextId++;
  return claimedEvent(
    {
      portalId: PORTAL,
      eventKey: `${PORTAL}:${subscriptionType}:${id}`,
      subscriptionType,
      objectTypeId: subscriptionType.startsWith('deal') ? '0-3' : '0-1',
      objectId: Number(payload.objectId ?? payload.fromObjectId ?? CONTACT),
      occurredAt,
      payload: { portalId: PORTAL, subscriptionType, occurredAt, ...payload },
    },
    id,
    NOW,
    'test',
  );
}

function decision(overrides: Partial<NewDecision> = {}): NewDecision {
  return routedDecision({
    portalId: PORTAL,
    contactId: CONTACT,
    decidedAt: NOW - 3_600_000,
    properties: { handoff_status: 'sales_ready', handoff_outcome: '' },
    ...overrides,
  });
}

const pendingSla = {
  handoff_sla_status: 'pending',
  handoff_sla_due_at: new Date(NOW).toISOString(),
  handoff_first_action_at: null,
  handoff_feedback_note: null,
};

describe('outcomes set in HubSpot', () => {
  let store: Store;
  let hubspot: HubSpotMock;
  let deps: Parameters<typeof recordOutcomeEdits>[0];

  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
    hubspot = new HubSpotMock();
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
    };
  });
  afterEach(async () => store.close());

  it('records a rep’s disqualification in HubSpot like a card action: once, SLA closed, round closed', async () => {
    const decisionId = (await store.decisions.save(decision())) as number;
    hubspot
      .reply(
        'POST',
        READ,
        200,
        batchResponse([
          record(CONTACT, {
            ...pendingSla,
            handoff_outcome: 'disqualified',
            handoff_disqualification_reason: 'low_intent',
          }),
        ]),
      )
      .reply('POST', UPDATE, 200, batchResponse([record(CONTACT)]));
    const events = [
      event('object.propertyChange', {
        propertyName: 'handoff_outcome',
        propertyValue: 'disqualified',
        changeSource: 'CRM_UI',
        sourceId: 'userId:77',
      }),
      event('object.propertyChange', {
        propertyName: 'handoff_disqualification_reason',
        changeSource: 'CRM_UI',
      }),
      event('object.propertyChange', { propertyName: 'jobtitle' }),
    ];
    const outcomes = await recordOutcomeEdits(deps)(events, PORTAL);
    expect([...outcomes.values()].every((outcome) => outcome.ok)).toBe(true);
    expect(outcomes.size).toBe(3);
    const update = hubspot.calls.find((call) => call.path === UPDATE)?.body as {
      inputs: Array<{ properties: Record<string, string> }>;
    };
    // The outcome is already in HubSpot: the first action, the SLA and the stage are written (and
    // the decision's MQL, which this contact's write-back predates).
    expect(update.inputs[0]?.properties).toEqual({
      handoff_first_action_at: new Date(NOW - 60_000).toISOString(),
      handoff_sla_status: 'met',
      handoff_stage: 'disqualified',
      handoff_mql_at: new Date(NOW - 3_600_000).toISOString(),
      lifecyclestage: 'marketingqualifiedlead',
    });
    const stages = await store.stages.list({ portalId: PORTAL });
    expect(stages.map((row) => [row.stage, row.cause])).toEqual([
      ['mql', 'decision'],
      ['disqualified', 'hubspot_edit'],
    ]);
    const audit = await store.outcomes.list({ portalId: PORTAL, limit: 5 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      outcome: 'disqualified',
      reasonId: 'low_intent',
      source: 'hubspot_property',
      actor: 'hubspot:CRM_UI:userId:77',
    });
    expect((await store.decisions.get(decisionId))?.closedAt).toBe(NOW);
    hubspot.done();
  });

  it('records no response set in HubSpot as recycled, and queues the round’s task to be completed', async () => {
    await store.decisions.save(decision());
    hubspot
      .reply(
        'POST',
        READ,
        200,
        batchResponse([record(CONTACT, { ...pendingSla, handoff_outcome: 'no_response' })]),
      )
      .reply('POST', UPDATE, 200, batchResponse([record(CONTACT)]));
    const change = { propertyName: 'handoff_outcome', propertyValue: 'no_response', changeSource: 'CRM_UI' };
    await recordOutcomeEdits(deps)([event('object.propertyChange', change)], PORTAL);
    const stages = await store.stages.list({ portalId: PORTAL });
    expect(stages.map((row) => [row.stage, row.cause])).toEqual([
      ['mql', 'decision'],
      ['recycled', 'no_response'],
    ]);
    expect((await store.jobs.list({ limit: 5 })).map((job) => job.key)).toEqual([
      `close-task:[handoff ${PORTAL}-${CONTACT}-r1-handoff]`,
    ]);
    // The same value arriving again (HubSpot's redelivery) is an echo: no read, no write.
    await recordOutcomeEdits(deps)([event('object.propertyChange', change)], PORTAL);
    expect(hubspot.count('POST', UPDATE)).toBe(1);
    expect(await store.outcomes.list({ portalId: PORTAL, limit: 5 })).toHaveLength(1);
    hubspot.done();
  });

  it('takes the write-back of a no response the sweep recorded for an echo', async () => {
    const decisionId = (await store.decisions.save(decision())) as number;
    const claim = await store.outcomes.claim({
      portalId: PORTAL,
      contactId: CONTACT,
      decisionId,
      idempotencyKey: `no-response:${decisionId}`,
      outcome: 'no_response',
      reasonId: null,
      note: 'No response: 3 attempts',
      source: 'no_response_sweep',
      actor: 'handoff:no-response-sweep',
      occurredAt: NOW,
    });
    if (claim.claimed) await store.outcomes.complete(claim.id, { handoff_outcome: 'no_response' }, NOW);
    const outcomes = await recordOutcomeEdits(deps)(
      [
        event('object.propertyChange', {
          propertyName: 'handoff_outcome',
          propertyValue: 'no_response',
          changeSource: 'INTEGRATION',
        }),
      ],
      PORTAL,
    );
    expect([...outcomes.values()].every((outcome) => outcome.ok)).toBe(true);
    expect(hubspot.calls).toHaveLength(0);
    expect(await store.outcomes.list({ portalId: PORTAL, limit: 5 })).toHaveLength(1);
  });

  it('ignores the echo of what Handoff itself recorded or wrote back', async () => {
    await store.decisions.save(
      decision({
        status: 'disqualified',
        properties: { handoff_outcome: 'disqualified', handoff_disqualification_reason: 'poor_fit' },
      }),
    );
    await store.decisions.save(decision({ contactId: '502' }));
    const claim = await store.outcomes.claim({
      portalId: PORTAL,
      contactId: '502',
      decisionId: null,
      idempotencyKey: 'card:502:1:req',
      outcome: 'accepted',
      reasonId: null,
      note: null,
      source: 'card',
      actor: 'user:1',
      occurredAt: NOW,
    });
    if (claim.claimed) await store.outcomes.complete(claim.id, { handoff_outcome: 'accepted' }, NOW);
    hubspot.reply(
      'POST',
      READ,
      200,
      batchResponse([
        record(CONTACT, { handoff_outcome: 'disqualified', handoff_disqualification_reason: 'poor_fit' }),
        record('502', { handoff_outcome: 'accepted' }),
      ]),
    );
    const outcomes = await recordOutcomeEdits(deps)(
      [
        event('contact.propertyChange', { objectId: 501, propertyName: 'handoff_outcome' }),
        event('contact.propertyChange', { objectId: 502, propertyName: 'handoff_outcome' }),
      ],
      PORTAL,
    );
    expect([...outcomes.values()].every((outcome) => outcome.ok)).toBe(true);
    expect(hubspot.count('POST', UPDATE)).toBe(0);
    expect(await store.outcomes.list({ portalId: PORTAL, limit: 5 })).toHaveLength(1);
    hubspot.done();
  });

  it('recognises its own write-back from the event value alone, without reading HubSpot', async () => {
    await store.decisions.save(
      decision({
        status: 'disqualified',
        properties: { handoff_outcome: 'disqualified', handoff_disqualification_reason: 'poor_fit' },
      }),
    );
    const outcomes = await recordOutcomeEdits(deps)(
      [
        event('object.propertyChange', {
          propertyName: 'handoff_outcome',
          propertyValue: 'disqualified',
          changeSource: 'INTEGRATION',
        }),
        event('object.propertyChange', {
          propertyName: 'handoff_disqualification_reason',
          propertyValue: 'poor_fit',
          changeSource: 'INTEGRATION',
        }),
      ],
      PORTAL,
    );
    expect([...outcomes.values()]).toEqual([{ ok: true }, { ok: true }]);
    expect(hubspot.calls).toHaveLength(0);
    expect(await store.outcomes.list({ portalId: PORTAL, limit: 5 })).toHaveLength(0);
  });

  it('retries a property change while a card action on the contact is still being written', async () => {
    await store.decisions.save(decision());
    await store.outcomes.claim({
      portalId: PORTAL,
      contactId: CONTACT,
      decisionId: null,
      idempotencyKey: 'card:501:1:in-flight',
      outcome: 'accepted',
      reasonId: null,
      note: null,
      source: 'card',
      actor: 'user:1',
      occurredAt: NOW,
    });
    const outcomes = await recordOutcomeEdits(deps)(
      [event('object.propertyChange', { propertyName: 'handoff_outcome', propertyValue: 'accepted' })],
      PORTAL,
    );
    expect([...outcomes.values()]).toEqual([expect.objectContaining({ ok: false, retryable: true })]);
    expect(hubspot.calls).toHaveLength(0);
  });

  it('leaves contacts Handoff never decided alone, without a HubSpot call', async () => {
    const outcomes = await recordOutcomeEdits(deps)(
      [event('object.propertyChange', { propertyName: 'handoff_outcome' })],
      PORTAL,
    );
    expect([...outcomes.values()]).toEqual([{ ok: true }]);
    expect(hubspot.calls).toHaveLength(0);
  });

  it('records a deal associated to a handed-off contact as a qualified opportunity, once per deal', async () => {
    const decisionId = (await store.decisions.save(decision())) as number;
    hubspot
      .reply('POST', READ, 200, batchResponse([record(CONTACT, pendingSla)]))
      .reply('POST', UPDATE, 200, batchResponse([record(CONTACT)]));
    const added = event('deal.associationChange', {
      fromObjectId: 7001,
      toObjectId: 501,
      associationType: 'DEAL_TO_CONTACT',
      associationRemoved: false,
    });
    const handler = recordDealAssociations(deps);
    expect([...(await handler([added], PORTAL)).values()]).toEqual([{ ok: true }]);
    expect([...(await handler([{ ...added, id: 999 }], PORTAL)).values()]).toEqual([{ ok: true }]);
    expect(hubspot.count('POST', UPDATE)).toBe(1);
    const update = hubspot.calls.find((call) => call.path === UPDATE)?.body as {
      inputs: Array<{ properties: Record<string, string> }>;
    };
    const at = new Date(NOW - 60_000).toISOString();
    // A deal straight after the handover: the skipped SAL and SQL are stamped with the deal's time.
    expect(update.inputs[0]?.properties).toMatchObject({
      handoff_outcome: 'qualified_opportunity',
      handoff_stage: 'opportunity',
      handoff_sal_at: at,
      handoff_sql_at: at,
      handoff_opportunity_at: at,
      lifecyclestage: 'opportunity',
    });
    expect(
      (await store.stages.list({ portalId: PORTAL })).map((row) => [row.stage, row.enteredAt, row.cause]),
    ).toEqual([
      ['mql', NOW - 3_600_000, 'decision'],
      ['sal', NOW - 60_000, 'skipped'],
      ['sql', NOW - 60_000, 'skipped'],
      ['opportunity', NOW - 60_000, 'deal_association'],
    ]);
    expect(await store.outcomes.list({ portalId: PORTAL, limit: 5 })).toEqual([
      expect.objectContaining({
        outcome: 'qualified_opportunity',
        actor: 'deal:7001',
        source: 'deal_association',
      }),
    ]);
    expect((await store.decisions.get(decisionId))?.closedAt).toBe(NOW);
    hubspot.done();
  });

  it('counts a deal opened after a rep marked the lead a qualified opportunity on the card', async () => {
    await store.decisions.save(decision());
    const claim = await store.outcomes.claim({
      portalId: PORTAL,
      contactId: CONTACT,
      decisionId: null,
      idempotencyKey: 'card:501:qualified',
      outcome: 'qualified_opportunity',
      reasonId: null,
      note: null,
      source: 'card',
      actor: 'user:1',
      occurredAt: NOW - 120_000,
    });
    if (claim.claimed)
      await store.outcomes.complete(claim.id, { handoff_outcome: 'qualified_opportunity' }, NOW - 120_000);
    hubspot
      .reply(
        'POST',
        READ,
        200,
        batchResponse([record(CONTACT, { ...pendingSla, handoff_outcome: 'qualified_opportunity' })]),
      )
      .reply('POST', UPDATE, 200, batchResponse([record(CONTACT)]));
    const added = event('deal.associationChange', {
      fromObjectId: 7003,
      toObjectId: 501,
      associationType: 'DEAL_TO_CONTACT',
      associationRemoved: false,
    });
    expect([...(await recordDealAssociations(deps)([added], PORTAL)).values()]).toEqual([{ ok: true }]);
    expect(hubspot.count('POST', UPDATE)).toBe(1);
    const stages = await store.stages.list({ portalId: PORTAL });
    expect(stages.find((row) => row.stage === 'opportunity')).toMatchObject({ cause: 'deal_association' });
    expect(
      (await store.outcomes.list({ portalId: PORTAL, limit: 5 })).map((row) => row.source).sort(),
    ).toEqual(['card', 'deal_association']);
    hubspot.done();
  });

  it('keeps the lifecyclestage of a customer while the stage moves to opportunity', async () => {
    await store.decisions.save(decision());
    hubspot
      .reply(
        'POST',
        READ,
        200,
        batchResponse([record(CONTACT, { ...pendingSla, lifecyclestage: 'customer' })]),
      )
      .reply('POST', UPDATE, 200, batchResponse([record(CONTACT)]));
    const added = event('deal.associationChange', {
      fromObjectId: 7002,
      toObjectId: 501,
      associationTypeId: 3,
      associationRemoved: false,
    });
    await recordDealAssociations(deps)([added], PORTAL);
    const update = hubspot.calls.find((call) => call.path === UPDATE)?.body as {
      inputs: Array<{ properties: Record<string, string> }>;
    };
    expect(update.inputs[0]?.properties.handoff_stage).toBe('opportunity');
    expect(update.inputs[0]?.properties).not.toHaveProperty('lifecyclestage');
    hubspot.done();
  });

  it('reads both association directions and skips removals', () => {
    expect(dealContactLink({ fromObjectId: 1, toObjectId: 2, associationType: 'CONTACT_TO_DEAL' })).toEqual({
      contactId: '1',
      dealId: '2',
    });
    expect(
      dealContactLink({ fromObjectId: 3, toObjectId: 4, fromObjectTypeId: '0-3', toObjectTypeId: '0-1' }),
    ).toEqual({ dealId: '3', contactId: '4' });
    expect(
      dealContactLink({
        fromObjectId: 3,
        toObjectId: 4,
        associationType: 'DEAL_TO_CONTACT',
        associationRemoved: true,
      }),
    ).toBeNull();
    expect(
      dealContactLink({ fromObjectId: 3, toObjectId: 4, associationType: 'DEAL_TO_COMPANY' }),
    ).toBeNull();
  });
});
