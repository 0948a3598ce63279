import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { hubspotPaths } from '../../src/hubspot/paths';
import type { EventWorker } from '../../src/queue/event-worker';
import type { NewDecision, Store } from '../../src/store/store';
import { classifyEvent } from '../../src/webhooks/events';
import { PATHS, owner, person, replyOwners, searchAnswer } from '../fixtures/portal-scenario';
import { contactPropertyChange } from '../fixtures/webhook-events';
import { batchResponse, record } from '../hubspot/fixtures';
import { startHandoffWorker } from '../support/handoff-worker';
import { HubSpotMock } from '../support/hubspot-mock';
import { decision } from '../store/decision-battery';

const PORTAL = 62515;
/** A Monday morning; the default debounce window is 60 s, cut from each change's `occurredAt`. */
const T0 = Date.parse('2026-11-02T09:00:00.000Z');
const WINDOW_END = T0 + 60_000;
const SALES = [owner('101', 'Sam', 'Ortiz', 'Sales'), owner('102', 'Kim', 'Lee', 'Sales')];
const SDR = owner('201', 'Ria', 'Shah', 'SDR');

/** A lead decided in round 1 with what it read then (the record's `inputs`). */
function parked(contactId: string, overrides: Partial<NewDecision>, inputs: Record<string, unknown>) {
  return decision(contactId, {
    status: 'nurture',
    priority: 'low',
    ownerId: null,
    slaDueAt: null,
    slaStatus: 'not_applicable',
    decidedAt: T0 - 86_400_000,
    properties: { handoff_status: 'nurture', handoff_fit_score: '85', handoff_intent_score: '35' },
    record: { version: 1, contactId, inputs: { conversions: [], ...inputs } },
    ...overrides,
  });
}

describe('a second chance on new signals (CONTRACT §7)', () => {
  let store: Store;
  let worker: EventWorker;
  let drain: () => Promise<number>;
  let now: number;

  beforeEach(async () => {
    now = T0;
    ({ store, worker, drain } = await startHandoffWorker({ now: () => now }));
  });
  afterEach(async () => store.close());

  /** A `contact.propertyChange` webhook event as HubSpot sends it, stored by the intake. */
  async function change(contactId: string, propertyName: string, value: string, at = T0, eventId?: number) {
    const body = {
      ...contactPropertyChange(Number(contactId), propertyName, value),
      occurredAt: at,
      ...(eventId ? { eventId } : {}),
    };
    const classified = classifyEvent(body);
    if (classified.kind !== 'supported') throw new Error('unsupported fixture');
    return store.insertEvents([classified.event], now);
  }

  /** The events now, the debounced re-decision once its window closed. */
  async function settle(): Promise<void> {
    await drain();
    now = WINDOW_END + 1_000;
    await drain();
  }

  /** HubSpot's answers for deciding one contact again and writing its new round. */
  function redecide(contact: ReturnType<typeof person>, owners = SALES) {
    const mock = replyOwners(new HubSpotMock(), owners).reply(
      'POST',
      PATHS.contactsRead,
      200,
      batchResponse([contact]),
    );
    return companySearches(mock)
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]))
      .reply('POST', hubspotPaths.objectsBatchUpdate('contacts'), 200, batchResponse([record(contact.id)]))
      .reply('POST', hubspotPaths.objectsBatchCreate('tasks'), 201, batchResponse([record('88001')]));
  }

  /** Account matching's two company searches: the domain index, then the work email's domain. */
  const companySearches = (mock: HubSpotMock) =>
    mock
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]));

  const rounds = async (contactId: string) => store.listDecisions({ portalId: PORTAL, limit: 10, contactId });

  it('a new conversion that lifts intent over the bar hands a nurture lead to sales as round 2', async () => {
    await store.saveDecision(
      parked(
        '2001',
        {},
        {
          jobtitle: 'Director of Marketing',
          numemployees: '250',
          conversions: ['Ebook download'],
          conversionCount: '1',
          hubspotscore: '60',
        },
      ),
    );
    const mock = redecide(
      person('2001', 'dana@northwind-2001.com', {
        jobtitle: 'Director of Marketing',
        numemployees: '250',
        first_conversion_event_name: 'Ebook download',
        recent_conversion_event_name: 'Webinar: pipeline reviews',
        num_conversion_events: '2',
        hubspotscore: '60',
        hs_analytics_num_page_views: '25',
      }),
    );
    await change('2001', 'recent_conversion_event_name', 'Webinar: pipeline reviews');
    await change('2001', 'num_conversion_events', '2', T0 + 2_000);
    await settle();
    mock.done();

    const [round2, round1] = await rounds('2001');
    expect([round2?.round, round2?.status, round2?.ownerId]).toEqual([2, 'sales_ready', '101']);
    expect(round2?.reason).toMatch(/^Second chance: new conversion \(Webinar: pipeline reviews\) → /);
    expect(round2?.properties.handoff_reason).toBe(round2?.reason);
    expect(round2?.properties.handoff_mql_at).toBe(new Date(now).toISOString());
    expect(round1?.closedAt).toBe(now);
    // The write-back carries the new round: status, owner, due time, reason.
    const written = mock.calls.find((call) =>
      call.path.startsWith(hubspotPaths.objectsBatchUpdate('contacts')),
    );
    expect(written?.body).toMatchObject({
      inputs: [
        {
          id: '2001',
          properties: expect.objectContaining({
            handoff_status: 'sales_ready',
            handoff_owner: '101',
            handoff_stage: 'mql',
            handoff_sla_due_at: expect.any(String),
          }),
        },
      ],
    });
    const task = mock.calls.find((call) => call.path.startsWith(hubspotPaths.objectsBatchCreate('tasks')));
    const body = (task?.body as { inputs: Array<{ properties: { hs_task_body: string } }> }).inputs[0];
    // The new round's task carries the new round's marker: looked up and created once per round.
    expect(body?.properties.hs_task_body).toMatch(/\[handoff 62515-2001-r2-handoff\]$/);
    expect(mock.count('POST', hubspotPaths.objectsBatchCreate('tasks'))).toBe(1);
  });

  it('the HubSpot score crossing the playbook threshold hands a nurture lead to sales', async () => {
    await store.saveDecision(
      parked(
        '2002',
        {},
        { jobtitle: 'VP Sales', numemployees: '250', conversionCount: '1', hubspotscore: '40' },
      ),
    );
    const mock = redecide(
      person('2002', 'vic@northwind-2002.com', {
        jobtitle: 'VP Sales',
        numemployees: '250',
        recent_conversion_event_name: 'Webinar: forecasting',
        first_conversion_event_name: 'Guide: forecasting',
        num_conversion_events: '1',
        hubspotscore: '72',
        hs_analytics_num_page_views: '25',
      }),
    );
    await change('2002', 'hubspotscore', '72');
    await settle();
    mock.done();
    const [round2] = await rounds('2002');
    expect(round2?.status).toBe('sales_ready');
    expect(round2?.reason).toMatch(/^Second chance: HubSpot score rose to 72 \(threshold 50\) → /);
  });

  it('a burst of changes within the window is one re-decision: one round-robin turn, one task', async () => {
    await store.saveDecision(
      parked(
        '2003',
        {
          status: 'needs_qualification',
          priority: 'high',
          ownerId: '201',
          properties: { handoff_status: 'needs_qualification', handoff_priority: 'high' },
        },
        { conversions: ['Demo request'], conversionCount: '1' },
      ),
    );
    const contact = person('2003', 'lee@northwind-2003.com', {
      jobtitle: 'VP Marketing',
      company: 'Northwind',
      numemployees: '250',
      recent_conversion_event_name: 'Demo request',
      num_conversion_events: '1',
    });
    const mock = redecide(contact, [...SALES, SDR]);
    await change('2003', 'jobtitle', 'VP Marketing', T0 + 1_000);
    await change('2003', 'company', 'Northwind', T0 + 2_000);
    await change('2003', 'numemployees', '250', T0 + 3_000);
    // HubSpot redelivers one of them, and sends another under a second subscription id.
    await change('2003', 'jobtitle', 'VP Marketing', T0 + 1_000, 999_001);
    await settle();
    mock.done();

    expect(await store.listJobs({ name: 'second-chance', limit: 10 })).toHaveLength(1);
    const [round2, round1] = await rounds('2003');
    // Needs qualification, now sales-ready: off the SDR, to the Sales pool, as a new round.
    expect([round2?.round, round2?.status, round2?.ownerId]).toEqual([2, 'sales_ready', '101']);
    expect(round2?.reason).toMatch(
      /^Second chance: job title filled in \(VP Marketing\), company filled in \(Northwind\), company size filled in \(250\) → /,
    );
    expect(round1?.closedAt).toBe(now);
    expect(mock.count('POST', hubspotPaths.objectsBatchCreate('tasks'))).toBe(1);
    const routing = (await store.getRoutingState(PORTAL)).state as Record<
      string,
      { members: Record<string, { served: number }> }
    >;
    expect(routing.sales?.members).toEqual({ '101': { served: 1 }, '102': { served: 0 } });
  });

  it('a needs-qualification lead stays with its SDR when still missing context; a buying signal raises its priority', async () => {
    await store.saveDecision(
      parked(
        '2004',
        {
          status: 'needs_qualification',
          priority: 'low',
          ownerId: '201',
          properties: {
            handoff_status: 'needs_qualification',
            handoff_priority: 'low',
            handoff_fit_score: '20',
            handoff_intent_score: '15',
          },
        },
        { conversions: ['Ebook download'], conversionCount: '1' },
      ),
    );
    const contact = person('2004', 'max@northwind-2004.com', {
      recent_conversion_event_name: 'Pricing page',
      first_conversion_event_name: 'Ebook download',
      num_conversion_events: '2',
    });
    const mock = replyOwners(new HubSpotMock(), [...SALES, SDR])
      .reply('POST', PATHS.contactsRead, 200, batchResponse([contact]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]))
      .reply('POST', hubspotPaths.objectsBatchUpdate('contacts'), 200, batchResponse([record('2004')]));
    await change('2004', 'recent_conversion_event_name', 'Pricing page');
    await settle();
    mock.done();

    expect((await rounds('2004')).map((d) => [d.round, d.ownerId])).toEqual([[1, '201']]);
    const written = mock.calls.find((call) =>
      call.path.startsWith(hubspotPaths.objectsBatchUpdate('contacts')),
    );
    // Only what changed: the priority and the intent score; no owner, status or reason churn.
    expect(written?.body).toEqual({
      inputs: [{ id: '2004', properties: { handoff_priority: 'high', handoff_intent_score: '70' } }],
    });
    expect((await store.getRoutingState(PORTAL)).version).toBe(0);
  });

  it('a nurture lead that stays nurture writes nothing new', async () => {
    await store.saveDecision(
      parked(
        '2005',
        {},
        { jobtitle: 'Director of Marketing', conversions: ['Ebook download'], conversionCount: '1' },
      ),
    );
    const contact = person('2005', 'ola@northwind-2005.com', {
      jobtitle: 'Director of Marketing',
      numemployees: '250',
      recent_conversion_event_name: 'Ebook download',
      first_conversion_event_name: 'Ebook download',
      num_conversion_events: '2',
    });
    const mock = replyOwners(new HubSpotMock(), SALES)
      .reply('POST', PATHS.contactsRead, 200, batchResponse([contact]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]))
      .reply('POST', hubspotPaths.objectsBatchUpdate('contacts'), 200, batchResponse([record('2005')]));
    await change('2005', 'num_conversion_events', '2');
    await settle();
    mock.done();
    expect((await rounds('2005')).map((d) => d.round)).toEqual([1]);
    const written = mock.calls.find((call) =>
      call.path.startsWith(hubspotPaths.objectsBatchUpdate('contacts')),
    );
    // The repeat conversion moved the intent score; that is all that changed.
    expect(written?.body).toEqual({ inputs: [{ id: '2005', properties: { handoff_intent_score: '20' } }] });
  });

  it('writes nothing when HubSpot already holds what the re-check found', async () => {
    await store.saveDecision(
      parked('2013', {}, { jobtitle: 'Director of Marketing', numemployees: '250', conversionCount: '1' }),
    );
    const contact = person('2013', 'pia@northwind-2013.com', {
      jobtitle: 'Director of Marketing',
      numemployees: '250',
      recent_conversion_event_name: 'Ebook download',
      num_conversion_events: '3',
      // An earlier re-check of this round wrote the score already.
      handoff_intent_score: '25',
    });
    const mock = companySearches(
      replyOwners(new HubSpotMock(), SALES).reply('POST', PATHS.contactsRead, 200, batchResponse([contact])),
    ).reply('POST', PATHS.contactSearch, 200, searchAnswer([]));
    await change('2013', 'num_conversion_events', '3');
    await settle();
    mock.done();
    expect(mock.count('POST', hubspotPaths.objectsBatchUpdate('contacts'))).toBe(0);
    expect(await store.listJobs({ name: 'update-contact', limit: 10 })).toHaveLength(0);
  });

  it('a recycled lead whose role arrives is handed to sales again', async () => {
    await store.saveDecision(
      parked(
        '2006',
        {
          status: 'sales_ready',
          priority: 'high',
          ownerId: '101',
          properties: { handoff_status: 'sales_ready' },
        },
        { conversions: ['Demo request'], conversionCount: '1', company: 'Northwind', numemployees: '250' },
      ),
    );
    await store.recordStageTransitions(
      (['mql', 'recycled'] as const).map((stage, index) => ({
        portalId: PORTAL,
        contactId: '2006',
        round: 1,
        stage,
        enteredAt: T0 - 86_400_000 + index * 3_600_000,
        cause: index === 0 ? ('decision' as const) : ('card_action' as const),
        detail: null,
        recordedAt: T0 - 86_400_000,
      })),
    );
    const mock = redecide(
      person('2006', 'ren@northwind-2006.com', {
        jobtitle: 'Head of Revenue',
        company: 'Northwind',
        numemployees: '250',
        recent_conversion_event_name: 'Demo request',
        num_conversion_events: '1',
      }),
    );
    await change('2006', 'jobtitle', 'Head of Revenue');
    await settle();
    mock.done();
    const [round2] = await rounds('2006');
    expect([round2?.round, round2?.status]).toEqual([2, 'sales_ready']);
    expect(round2?.reason).toMatch(/^Second chance: job title filled in \(Head of Revenue\) → /);
  });

  it('never re-routes a lead at SAL or later, nor one a rep accepted', async () => {
    await store.saveDecision(
      parked(
        '2007',
        { status: 'needs_qualification', priority: 'high', ownerId: '201' },
        { conversions: [] },
      ),
    );
    await store.recordStageTransitions([
      {
        portalId: PORTAL,
        contactId: '2007',
        round: 1,
        stage: 'mql',
        enteredAt: T0 - 86_400_000,
        cause: 'decision',
        detail: null,
        recordedAt: T0 - 86_400_000,
      },
      {
        portalId: PORTAL,
        contactId: '2007',
        round: 1,
        stage: 'sal',
        enteredAt: T0 - 3_600_000,
        cause: 'card_action',
        detail: null,
        recordedAt: T0 - 3_600_000,
      },
    ]);
    const mock = new HubSpotMock();
    await change('2007', 'jobtitle', 'VP Marketing');
    await change('2007', 'company', 'Northwind');
    await settle();
    expect(mock.calls).toHaveLength(0);
    expect(await store.listJobs({ name: 'second-chance', limit: 10 })).toHaveLength(0);
    expect((await rounds('2007')).map((d) => d.round)).toEqual([1]);
  });

  it('a lead accepted while its window was open is left with its owner', async () => {
    await store.saveDecision(
      parked(
        '2011',
        { status: 'needs_qualification', priority: 'high', ownerId: '201' },
        { conversions: [] },
      ),
    );
    await change('2011', 'jobtitle', 'VP Marketing');
    await drain();
    expect(await store.listJobs({ name: 'second-chance', status: 'queued', limit: 10 })).toHaveLength(1);
    // The SDR accepts on the card before the window closes.
    const claim = await store.claimOutcome({
      portalId: PORTAL,
      contactId: '2011',
      decisionId: null,
      idempotencyKey: 'card:2011:accept',
      outcome: 'accepted',
      reasonId: null,
      note: null,
      source: 'card',
      actor: 'user:7001',
      occurredAt: T0 + 10_000,
    });
    if (claim.claimed) await store.completeOutcome(claim.id, { handoff_outcome: 'accepted' }, T0 + 10_000);
    const mock = new HubSpotMock();
    await settle();
    expect(mock.calls).toHaveLength(0);
    expect(await store.listJobs({ name: 'second-chance', status: 'done', limit: 10 })).toHaveLength(1);
    expect((await rounds('2011')).map((d) => [d.round, d.ownerId])).toEqual([[1, '201']]);
  });

  it('does nothing when the playbook turns the second chance off', async () => {
    await store.close();
    const playbook = {
      ...DEFAULT_PLAYBOOK,
      secondChance: { ...DEFAULT_PLAYBOOK.secondChance, enabled: false },
    };
    ({ store, worker, drain } = await startHandoffWorker({ now: () => now, playbook }));
    await store.saveDecision(parked('2012', {}, {}));
    await change('2012', 'jobtitle', 'VP Marketing');
    await worker.runOnce();
    expect(await store.listJobs({ name: 'second-chance', limit: 10 })).toHaveLength(0);
  });

  it('leaves leads it never decided, sales-ready leads, emptied properties and changes the decision saw alone', async () => {
    await store.saveDecision(decision('2008'));
    await change('2008', 'jobtitle', 'VP Marketing');
    await change('2009', 'jobtitle', 'VP Marketing');
    await store.saveDecision(parked('2010', {}, {}));
    await change('2010', 'jobtitle', '');
    // A property set at creation, reported as a change after the creation was decided.
    await change('2010', 'company', 'Northwind', T0 - 2 * 86_400_000);
    await worker.runOnce();
    expect(await store.listJobs({ name: 'second-chance', limit: 10 })).toHaveLength(0);
  });
});
