import { DEFAULT_PLAYBOOK, playbookSchema } from '../../src/handoff';
import { escalateLead } from '../../src/handoff/escalate-lead';
import {
  firstActionSince,
  LATE_ACTION_CHECK_MS,
  nextSlaCheckAt,
  planSlaActions,
  type SlaClock,
} from '../../src/handoff/plan-sla-actions';
import type { OwnerRecord } from '../../src/handoff/hubspot-records';

const ROUTED = Date.parse('2026-11-02T10:00:00.000Z'); // a Monday, in business hours
const MIN = 60_000;
const clock: SlaClock = {
  routedAt: ROUTED,
  dueAt: ROUTED + 30 * MIN,
  priority: 'high',
  ownerId: '101',
  poolId: 'sales',
  remindedAt: null,
  breachedAt: null,
  escalatedAt: null,
};

describe('the response clock', () => {
  it('reminds with a quarter of the window (at least 10 minutes) left, once', () => {
    expect(planSlaActions(clock, undefined, ROUTED + 19 * MIN, DEFAULT_PLAYBOOK)).toEqual([]);
    expect(planSlaActions(clock, undefined, ROUTED + 20 * MIN, DEFAULT_PLAYBOOK)).toEqual([
      { kind: 'remind', at: ROUTED + 20 * MIN },
    ]);
    expect(
      planSlaActions(
        { ...clock, remindedAt: ROUTED + 20 * MIN },
        undefined,
        ROUTED + 25 * MIN,
        DEFAULT_PLAYBOOK,
      ),
    ).toEqual([]);
  });

  it('marks a breach just after the due time, and escalates after the grace period', () => {
    expect(planSlaActions(clock, undefined, ROUTED + 30 * MIN, DEFAULT_PLAYBOOK)).toEqual([]);
    expect(planSlaActions(clock, undefined, ROUTED + 31 * MIN, DEFAULT_PLAYBOOK).map((a) => a.kind)).toEqual([
      'breach',
    ]);
    const breached = { ...clock, remindedAt: ROUTED, breachedAt: ROUTED + 31 * MIN };
    expect(planSlaActions(breached, undefined, ROUTED + 44 * MIN, DEFAULT_PLAYBOOK)).toEqual([]);
    expect(
      planSlaActions(breached, undefined, ROUTED + 45 * MIN, DEFAULT_PLAYBOOK).map((a) => a.kind),
    ).toEqual(['escalate']);
    expect(
      planSlaActions(
        { ...breached, escalatedAt: ROUTED + 45 * MIN },
        undefined,
        ROUTED + 90 * MIN,
        DEFAULT_PLAYBOOK,
      ),
    ).toEqual([]);
  });

  it('catches up after downtime: breach and escalation in the same sweep', () => {
    expect(
      planSlaActions(clock, undefined, ROUTED + 5 * 60 * MIN, DEFAULT_PLAYBOOK).map((a) => a.kind),
    ).toEqual(['breach', 'escalate']);
  });

  it('closes the clock at the first action: met by the due time, breached after it', () => {
    expect(planSlaActions(clock, ROUTED + 12 * MIN, ROUTED + 40 * MIN, DEFAULT_PLAYBOOK)).toEqual([
      { kind: 'first_action', at: ROUTED + 12 * MIN, status: 'met' },
    ]);
    expect(planSlaActions(clock, ROUTED + 35 * MIN, ROUTED + 40 * MIN, DEFAULT_PLAYBOOK)).toEqual([
      { kind: 'first_action', at: ROUTED + 35 * MIN, status: 'breached' },
    ]);
  });

  it('counts only activity after the handoff as a first action', () => {
    expect(firstActionSince(ROUTED, [ROUTED - MIN, undefined])).toBeUndefined();
    expect(firstActionSince(ROUTED, [ROUTED + 9 * MIN, ROUTED + 3 * MIN, ROUTED - MIN])).toBe(
      ROUTED + 3 * MIN,
    );
  });
});

describe('escalation', () => {
  const owner = (id: string, first: string, team = 'Sales', archived = false): OwnerRecord => ({
    id,
    firstName: first,
    lastName: 'Rep',
    archived,
    teams: [{ id: '1', name: team, primary: true }],
  });
  const owners = [
    owner('101', 'Sam'),
    owner('102', 'Ada'),
    owner('103', 'Lee'),
    owner('104', 'Old', 'Sales', true),
  ];
  const input = {
    contactId: '501',
    ownerId: '101',
    poolId: 'sales',
    dueAt: ROUTED + 30 * MIN,
    owners,
    openLeadsByOwner: {},
    routingState: {},
    now: ROUTED + 45 * MIN,
  };

  it('reassigns to the next active member of the pool, never back to the owner who missed it', () => {
    const result = escalateLead(input, DEFAULT_PLAYBOOK);
    expect(result).toMatchObject({ action: 'reassign', ownerId: '102' });
    expect(result.reason).toBe(
      'Escalated: no first action by 2026-11-02T10:30:00.000Z from Sam Rep; reassigned to Ada Rep (round robin in HubSpot team "Sales")',
    );
    // Deterministic: the same escalation replayed gives the same owner.
    expect(escalateLead(input, DEFAULT_PLAYBOOK)).toMatchObject({ ownerId: '102' });
  });

  it('says why when nobody else can take the lead', () => {
    const alone = { ...input, owners: [owner('101', 'Sam')] };
    expect(escalateLead(alone, DEFAULT_PLAYBOOK)).toMatchObject({
      action: 'none',
      reason: expect.stringContaining('nobody else'),
    });
  });

  it('tells the team lead instead when the playbook says so', () => {
    const playbook = playbookSchema.parse({
      ...JSON.parse(JSON.stringify(DEFAULT_PLAYBOOK)),
      escalation: { graceMinutes: 15, action: 'notify_team_lead', teamLeads: { sales: '900' } },
    });
    expect(
      escalateLead({ ...input, owners: [...owners, owner('900', 'Pat', 'Sales')] }, playbook),
    ).toMatchObject({
      action: 'notify_team_lead',
      teamLeadId: '900',
      reason: expect.stringContaining('Escalated to team lead Pat Rep'),
    });
  });
});

describe('when the sweep next reads a clock', () => {
  // High priority: 30 minutes; the reminder with 10 minutes left; escalation 15 minutes after due.
  it.each([
    ['at routing: the reminder', ROUTED, ROUTED + 20 * MIN],
    ['after the reminder: just past the due time', ROUTED + 20 * MIN, ROUTED + 30 * MIN + 1],
    ['after the breach: the escalation', ROUTED + 31 * MIN, ROUTED + 45 * MIN],
    [
      'after the escalation: hourly, for a late first action',
      ROUTED + 46 * MIN,
      ROUTED + 46 * MIN + LATE_ACTION_CHECK_MS,
    ],
  ])('%s', (_moment, now, next) => {
    expect(nextSlaCheckAt(clock, now, DEFAULT_PLAYBOOK)).toBe(next);
  });
});
