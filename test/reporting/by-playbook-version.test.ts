import { handoffFacts } from '../../src/reporting/handoff-facts';
import { handoffTable, toCsv } from '../../src/reporting/metric-tables';
import { parseReportQuery } from '../../src/reporting/quality-report';
import type { ReportingDecision, StoredOutcomeEvent } from '../../src/store/store';

const T0 = Date.UTC(2026, 10, 16, 9, 0, 0);

function decision(id: number, version: string | null, record: unknown = {}): ReportingDecision {
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
    properties: { handoff_source: 'Paid search' },
    record,
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
    playbookVersion: version,
    event: null,
  };
}

const accepted = (id: number, contactId: string): StoredOutcomeEvent => ({
  id,
  portalId: 1,
  contactId,
  decisionId: null,
  idempotencyKey: `k${id}`,
  outcome: 'accepted',
  reasonId: null,
  note: null,
  source: 'card',
  actor: 'user:1',
  occurredAt: T0 + 3_600_000,
  recordedAt: T0 + 3_600_000,
  state: 'recorded',
  properties: {},
});

describe('metrics by playbook version', () => {
  const facts = handoffFacts(
    [
      decision(1, 'pb-aaaaaaaaaaaa'),
      decision(2, 'pb-aaaaaaaaaaaa'),
      decision(3, 'pb-bbbbbbbbbbbb'),
      // Stored before migration 0007 but with the id in its record: the record answers.
      decision(4, null, { playbookVersion: 'pb-bbbbbbbbbbbb' }),
      decision(5, null),
    ],
    [accepted(1, '1'), accepted(2, '3')],
  );

  it('groups handoffs and acceptance by the version that decided them', () => {
    const rows = handoffTable(facts, 'playbook_version').rows;
    expect(rows.map((row) => [row.key, row.handoffs, row.accepted, row.acceptance_rate])).toEqual([
      ['pb-aaaaaaaaaaaa', 2, 1, 0.5],
      ['pb-bbbbbbbbbbbb', 2, 1, 0.5],
      ['(none)', 1, 0, 0],
    ]);
  });

  it('is a cut the report query and the CSV take', () => {
    expect(parseReportQuery({ by: 'playbook_version' }, T0).by).toBe('playbook_version');
    const csv = toCsv(handoffTable(facts, 'playbook_version'));
    expect(csv.split('\n')[1]).toMatch(/^pb-aaaaaaaaaaaa,2,2,1,0\.5,/);
  });

  it("counts a rule's named owner as its own team, not as an account owner", () => {
    const named = handoffFacts([decision(6, 'pb-aaaaaaaaaaaa', { routing: { source: 'named_owner' } })], []);
    const pooled = handoffFacts(
      [decision(7, 'pb-aaaaaaaaaaaa', { routing: { poolId: 'emea', source: 'pool' } })],
      [],
    );
    expect([named[0]?.keys.team, pooled[0]?.keys.team]).toEqual(['named by a rule', 'emea']);
  });
});
