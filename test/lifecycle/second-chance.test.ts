import { hubspotPaths } from '../../src/hubspot/paths';
import { person } from '../fixtures/portal-scenario';
import { batchResponse, record } from '../hubspot/fixtures';
import {
  PORTAL,
  SALES,
  SDR,
  T0,
  parked,
  redecide,
  rereadContact,
  startSecondChancePortal,
  type SecondChancePortal,
} from '../support/second-chance-lead';

describe('a second chance on new signals (CONTRACT §7): the triggers and the new round', () => {
  let p: SecondChancePortal;
  beforeEach(async () => {
    p = await startSecondChancePortal();
  });
  afterEach(async () => p.store.close());

  it('a new conversion that lifts intent over the bar hands a nurture lead to sales as round 2', async () => {
    await p.store.decisions.save(
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
    await p.change('2001', 'recent_conversion_event_name', 'Webinar: pipeline reviews');
    await p.change('2001', 'num_conversion_events', '2', T0 + 2_000);
    await p.settle();
    mock.done();

    const [round2, round1] = await p.rounds('2001');
    expect([round2?.round, round2?.status, round2?.ownerId]).toEqual([2, 'sales_ready', '101']);
    expect(round2?.reason).toMatch(/^Second chance: new conversion \(Webinar: pipeline reviews\) → /);
    expect(round2?.properties.handoff_reason).toBe(round2?.reason);
    expect(round2?.properties.handoff_mql_at).toBe(new Date(p.now()).toISOString());
    expect(round1?.closedAt).toBe(p.now());
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
    await p.store.decisions.save(
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
    await p.change('2002', 'hubspotscore', '72');
    await p.settle();
    mock.done();
    const [round2] = await p.rounds('2002');
    expect(round2?.status).toBe('sales_ready');
    expect(round2?.reason).toMatch(/^Second chance: HubSpot score rose to 72 \(threshold 50\) → /);
  });

  it('a burst of changes within the window is one re-decision: one round-robin turn, one task', async () => {
    await p.store.decisions.save(
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
    await p.change('2003', 'jobtitle', 'VP Marketing', T0 + 1_000);
    await p.change('2003', 'company', 'Northwind', T0 + 2_000);
    await p.change('2003', 'numemployees', '250', T0 + 3_000);
    // HubSpot redelivers one of them, and sends another under a second subscription id.
    await p.change('2003', 'jobtitle', 'VP Marketing', T0 + 1_000, 999_001);
    await p.settle();
    mock.done();

    expect(await p.store.jobs.list({ name: 'second-chance', limit: 10 })).toHaveLength(1);
    const [round2, round1] = await p.rounds('2003');
    // Needs qualification, now sales-ready: off the SDR, to the Sales pool, as a new round.
    expect([round2?.round, round2?.status, round2?.ownerId]).toEqual([2, 'sales_ready', '101']);
    expect(round2?.reason).toMatch(
      /^Second chance: job title filled in \(VP Marketing\), company filled in \(Northwind\), company size filled in \(250\) → /,
    );
    expect(round1?.closedAt).toBe(p.now());
    expect(mock.count('POST', hubspotPaths.objectsBatchCreate('tasks'))).toBe(1);
    const routing = (await p.store.decisions.routingState(PORTAL)).state as Record<
      string,
      { members: Record<string, { served: number }> }
    >;
    expect(routing.sales?.members).toEqual({ '101': { served: 1 }, '102': { served: 0 } });
  });

  it('a recycled lead whose role arrives is handed to sales again', async () => {
    await p.store.decisions.save(
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
    await p.store.stages.record(
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
    await p.change('2006', 'jobtitle', 'Head of Revenue');
    await p.settle();
    mock.done();
    const [round2] = await p.rounds('2006');
    expect([round2?.round, round2?.status]).toEqual([2, 'sales_ready']);
    expect(round2?.reason).toMatch(/^Second chance: job title filled in \(Head of Revenue\) → /);
  });

  it('a needs-qualification lead stays with its SDR when still missing context; a buying signal raises its priority', async () => {
    await p.store.decisions.save(
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
    const mock = rereadContact(contact, [...SALES, SDR]).reply(
      'POST',
      hubspotPaths.objectsBatchUpdate('contacts'),
      200,
      batchResponse([record('2004')]),
    );
    await p.change('2004', 'recent_conversion_event_name', 'Pricing page');
    await p.settle();
    mock.done();

    expect((await p.rounds('2004')).map((d) => [d.round, d.ownerId])).toEqual([[1, '201']]);
    const written = mock.calls.find((call) =>
      call.path.startsWith(hubspotPaths.objectsBatchUpdate('contacts')),
    );
    // Only what changed: the priority and the intent score; no owner, status or reason churn.
    expect(written?.body).toEqual({
      inputs: [{ id: '2004', properties: { handoff_priority: 'high', handoff_intent_score: '70' } }],
    });
    expect((await p.store.decisions.routingState(PORTAL)).version).toBe(0);
  });
});
