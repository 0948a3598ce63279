import { handoffFacts, isoWeekStart } from '../../src/reporting/handoff-facts';
import { handoffTable, reasonTable, completenessTable, toCsv } from '../../src/reporting/metric-tables';
import { distribution, percentile } from '../../src/reporting/percentiles';
import type { ReportingDecision, StoredOutcomeEvent } from '../../src/store/store';

const T0 = Date.UTC(2026, 10, 16, 9, 0, 0); // a Monday
const MIN = 60_000;

function decision(id: number, overrides: Partial<ReportingDecision> = {}): ReportingDecision {
  return {
    id,
    portalId: 1,
    contactId: String(id),
    round: 1,
    status: 'sales_ready',
    priority: 'high',
    ownerId: '101',
    match: 'none',
    companyId: null,
    dealId: null,
    reason: 'r',
    properties: { handoff_source: 'Paid search', handoff_offer: 'Demo', handoff_entry_point: '' },
    record: { inputs: { jobtitle: 'VP', company: 'Acme', conversions: [] }, routing: { poolId: 'sales' } },
    eventKey: `e${id}`,
    decidedAt: T0 + id * 1000,
    writtenAt: null,
    tasksCreatedAt: null,
    closedAt: null,
    slaDueAt: null,
    slaStatus: null,
    firstActionAt: null,
    remindedAt: null,
    breachedAt: null,
    escalatedAt: null,
    event: {
      occurredAt: T0 + id * 1000 - 4000,
      receivedAt: T0 + id * 1000 - 1000,
      subscriptionType: 'object.creation',
    },
    ...overrides,
  };
}

function outcome(
  id: number,
  contactId: string,
  name: string,
  at: number,
  reasonId: string | null = null,
): StoredOutcomeEvent {
  return {
    id,
    portalId: 1,
    contactId,
    decisionId: null,
    idempotencyKey: `k${id}`,
    outcome: name,
    reasonId,
    note: null,
    source: 'card',
    actor: 'user:1',
    occurredAt: at,
    state: 'recorded',
    properties: {},
    recordedAt: at,
  };
}

describe('percentiles', () => {
  it('use the nearest rank: every value reported was observed, and the count comes along', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5], 95)).toBe(5);
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(distribution(values.reverse())).toEqual({ count: 100, p50: 50, p95: 95 });
    expect(distribution([1, 2, 3, 1000])).toEqual({ count: 4, p50: 2, p95: 1000 });
  });
});

describe('report tables', () => {
  const decisions = [
    decision(1),
    decision(2),
    decision(3, { ownerId: null, status: 'nurture', properties: { handoff_source: 'Organic search' } }),
    decision(4, {
      status: 'disqualified',
      ownerId: null,
      properties: { handoff_disqualification_reason: 'competitor' },
    }),
  ];
  const outcomes = [
    outcome(1, '1', 'accepted', T0 + 1000 + 5 * MIN),
    outcome(2, '1', 'qualified_opportunity', T0 + 1000 + 60 * MIN),
    outcome(3, '2', 'disqualified', T0 + 2000 + 10 * MIN, 'poor_fit'),
  ];
  const facts = handoffFacts(decisions, outcomes);

  it('count acceptance, qualification and opportunities per routed handoff, with the counts beside', () => {
    const [all] = handoffTable(facts, 'all').rows;
    expect(all).toMatchObject({
      handoffs: 4,
      routed: 2,
      accepted: 1,
      acceptance_rate: 0.5,
      qualified: 1,
      opportunities: 1,
      opportunity_rate: 0.25,
      disqualified: 2,
      disqualification_rate: 0.5,
      no_response: 0,
      created_to_routed_n: 2,
      created_to_routed_p50_s: 4,
      received_to_routed_p95_s: 1,
      routed_to_first_action_n: 2,
      routed_to_first_action_p50_s: 300,
      routed_to_first_action_p95_s: 600,
    });
  });

  it('count a no response found by the sweep, which is not a sales action of the rep', () => {
    const sweep = {
      ...outcome(4, '2', 'no_response', T0 + 2000 + 9 * 24 * 60 * MIN),
      source: 'no_response_sweep' as const,
      actor: 'handoff:no-response-sweep',
    };
    const silent = handoffFacts([decision(2)], [sweep]);
    expect(handoffTable(silent, 'all').rows[0]).toMatchObject({
      routed: 1,
      no_response: 1,
      no_response_rate: 1,
      routed_to_first_action_n: 0,
    });
  });

  it('group by source (empty is "(none)"), team and week', () => {
    expect(handoffTable(facts, 'source').rows.map((row) => [row.key, row.handoffs])).toEqual([
      ['Paid search', 2],
      ['(none)', 1],
      ['Organic search', 1],
    ]);
    expect(handoffTable(facts, 'team').rows.map((row) => row.key)).toEqual(['(none)', 'sales']);
    expect(handoffTable(facts, 'week').rows.map((row) => row.key)).toEqual(['2026-11-16']);
    expect(isoWeekStart(Date.UTC(2026, 10, 22, 23, 0, 0))).toBe('2026-11-16');
  });

  it('mix disqualification reasons: the rep’s, else the playbook’s', () => {
    expect(reasonTable(facts, 'all').rows).toEqual([
      {
        key: 'All handoffs',
        reason: 'competitor',
        decided_by: 'playbook',
        count: 1,
        disqualified: 2,
        share: 0.5,
      },
      { key: 'All handoffs', reason: 'poor_fit', decided_by: 'rep', count: 1, disqualified: 2, share: 0.5 },
    ]);
  });

  it('report which context fields were present at handoff', () => {
    const [all] = completenessTable(facts, 'all').rows;
    expect(all).toMatchObject({
      handoffs: 4,
      source_present: 3,
      offer_present: 2,
      entry_point_present: 0,
      role_present: 4,
    });
    expect(all?.all_fields_present).toBe(0);
  });

  it('give a webhook-to-routed delay only where the event is known, and created time from the record first', () => {
    const [fact] = handoffFacts(
      [decision(9, { event: null, record: { inputs: { createdate: new Date(T0).toISOString() } } })],
      [],
    );
    expect(fact?.webhookReceivedAt).toBeNull();
    expect(fact?.contactCreatedAt).toBe(T0);
  });

  it('write CSV that spreadsheets read as text, not formulas', () => {
    const csv = toCsv({
      name: 'reasons',
      by: 'source',
      columns: ['key', 'count'],
      rows: [
        { key: '=HYPERLINK("x")', count: 2 },
        { key: 'a,b', count: null },
      ],
    });
    expect(csv).toBe('key,count\r\n"\'=HYPERLINK(""x"")",2\r\n"a,b",\r\n');
  });
});
