/**
 * CONTRACT §6 as a check: a lead meant for sales that lacks an owner, a due time or a follow-up
 * task, or whose first action is past due, is a lead nobody is accountable for. The admin list and
 * the metric read this; both should show nothing.
 */

export const ACCOUNTABILITY_GAPS = ['owner', 'due_time', 'task', 'first_action'] as const;
export type AccountabilityGap = (typeof ACCOUNTABILITY_GAPS)[number];

/** Age bands a RevOps lead reads at a glance: fresh ones may still be in flight. */
export const GAP_AGES = ['under_1h', '1h_to_1d', 'over_1d'] as const;
export type GapAge = (typeof GAP_AGES)[number];

export interface GapSubject {
  ownerId: string | null;
  slaDueAt: number | null;
  tasksCreatedAt: number | null;
  firstActionAt: number | null;
  decidedAt: number;
}

const HOUR_MS = 3_600_000;

export function accountabilityGaps(decision: GapSubject, now: number): AccountabilityGap[] {
  const gaps: AccountabilityGap[] = [];
  if (decision.ownerId === null) gaps.push('owner');
  if (decision.slaDueAt === null) gaps.push('due_time');
  if (decision.tasksCreatedAt === null) gaps.push('task');
  if (decision.slaDueAt !== null && decision.firstActionAt === null && decision.slaDueAt < now) {
    gaps.push('first_action');
  }
  return gaps;
}

export function gapAge(decidedAt: number, now: number): GapAge {
  const age = now - decidedAt;
  if (age < HOUR_MS) return 'under_1h';
  return age < 24 * HOUR_MS ? '1h_to_1d' : 'over_1d';
}

/** Leads per gap and age band; a lead missing two things counts under each. */
export function countGaps(
  decisions: readonly GapSubject[],
  now: number,
): Record<AccountabilityGap, Record<GapAge, number>> {
  const empty = () => ({ under_1h: 0, '1h_to_1d': 0, over_1d: 0 });
  const counts = {
    owner: empty(),
    due_time: empty(),
    task: empty(),
    first_action: empty(),
  };
  for (const decision of decisions) {
    const age = gapAge(decision.decidedAt, now);
    for (const gap of accountabilityGaps(decision, now)) counts[gap][age] += 1;
  }
  return counts;
}
