import { businessHoursFor } from './business-hours';
import type { Playbook, Priority } from './playbook';
import { slaDueAt, slaReminderAt } from './sla-due-at';

/**
 * What the response clock asks for on one open handoff, now. The sweep calls this every minute;
 * each action is then recorded once (set-once marks in the store), so running it twice, or in
 * two processes, never acts twice.
 */

export interface SlaClock {
  routedAt: number;
  dueAt: number;
  priority: Priority;
  ownerId: string;
  poolId?: string;
  remindedAt: number | null;
  breachedAt: number | null;
  escalatedAt: number | null;
}

export type SlaAction =
  | { kind: 'first_action'; at: number; status: 'met' | 'breached' }
  | { kind: 'remind'; at: number }
  | { kind: 'breach'; at: number }
  | { kind: 'escalate'; at: number };

/**
 * The first sales action after routing: the earliest of the activity timestamps HubSpot keeps
 * (last sales activity, last contacted: calls, emails and meetings logged against the contact)
 * and a first action the card already wrote, ignoring anything from before the handoff.
 */
export function firstActionSince(
  routedAt: number,
  candidates: Array<number | undefined>,
): number | undefined {
  const after = candidates.filter(
    (at): at is number => at !== undefined && Number.isFinite(at) && at >= routedAt,
  );
  return after.length > 0 ? Math.min(...after) : undefined;
}

export function planSlaActions(
  clock: SlaClock,
  firstActionAt: number | undefined,
  now: number,
  playbook: Playbook,
): SlaAction[] {
  if (firstActionAt !== undefined && firstActionAt <= now) {
    return [
      { kind: 'first_action', at: firstActionAt, status: firstActionAt <= clock.dueAt ? 'met' : 'breached' },
    ];
  }
  const actions: SlaAction[] = [];
  const hours = businessHoursFor(playbook, { poolId: clock.poolId, ownerId: clock.ownerId });
  const expectation = playbook.responseExpectations[clock.priority];
  const remindAt = slaReminderAt(clock.routedAt, expectation, hours, playbook.reminder);
  if (clock.remindedAt === null && now >= remindAt && now < clock.dueAt)
    actions.push({ kind: 'remind', at: now });
  if (clock.breachedAt === null && now > clock.dueAt) actions.push({ kind: 'breach', at: now });
  const escalateAt = clock.dueAt + playbook.escalation.graceMinutes * 60_000;
  if (clock.escalatedAt === null && now >= escalateAt) actions.push({ kind: 'escalate', at: now });
  return actions;
}

/** A clock past all its marks (breached, escalated, no first action) is read hourly for a late action. */
export const LATE_ACTION_CHECK_MS = 60 * 60_000;

/**
 * When the sweep next needs to read this clock from HubSpot: the first of its reminder time, the
 * moment it is overdue and its escalation time that is still ahead. Between those moments nothing
 * can be due, so the sweep leaves the clock alone; a first action logged meanwhile is recorded, with
 * its own time, at the next of them.
 */
export function nextSlaCheckAt(clock: SlaClock, now: number, playbook: Playbook): number {
  const hours = businessHoursFor(playbook, { poolId: clock.poolId, ownerId: clock.ownerId });
  const expectation = playbook.responseExpectations[clock.priority];
  const moments = [
    slaReminderAt(clock.routedAt, expectation, hours, playbook.reminder),
    // A breach is `now > dueAt`.
    clock.dueAt + 1,
    clock.dueAt + playbook.escalation.graceMinutes * 60_000,
  ];
  const ahead = moments.filter((at) => at > now);
  return ahead.length > 0 ? Math.min(...ahead) : now + LATE_ACTION_CHECK_MS;
}

/** The new due time when a lead is reassigned: the new owner gets the full response window. */
export function reassignedDueAt(
  now: number,
  priority: Priority,
  ownerId: string,
  poolId: string | undefined,
  playbook: Playbook,
): number {
  return slaDueAt(
    now,
    playbook.responseExpectations[priority],
    businessHoursFor(playbook, { poolId, ownerId }),
  );
}
