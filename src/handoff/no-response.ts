import { addBusinessMinutes, businessMinutesBetween, workingDayMinutes } from './business-hours';
import type { NoResponsePolicy } from './no-response-policy';
import type { BusinessHours } from './playbook';
import { classifyActivity, type ClassifiedActivity, type SalesActivity } from './sales-attempts';

/**
 * No response (issue 11): the owner tried the playbook's number of times, spread over its number of
 * business days, and the lead never answered. Counted in the round since the lead was handed to
 * sales (its MQL time), from the first attempt, on the owner's business calendar (working days,
 * hours and holidays), so a weekend or a holiday never counts as days of silence.
 */

export type NoResponseVerdict =
  /** Recycle it now: `at` is when the policy was met (the later of the last needed attempt and the window's end). */
  | { kind: 'no_response'; at: number; attempts: number; summary: string }
  /** The lead answered: this round is never "no response". */
  | { kind: 'contact_made'; at: number; what: string }
  /** Not yet: look again at `checkAt`. */
  | { kind: 'wait'; checkAt: number; attempts: number };

export interface NoResponseInput {
  /** When the round's lead was handed to sales (epoch ms); older activity belongs to another round. */
  since: number;
  activities: readonly SalesActivity[];
  now: number;
  policy: NoResponsePolicy;
  /** The owner's business hours (playbook, pool, owner). */
  hours: BusinessHours;
}

export function noResponseVerdict(input: NoResponseInput): NoResponseVerdict {
  const { policy, hours, now } = input;
  const classified = input.activities
    .map((activity) => classifyActivity(activity, policy.connectedCallDispositions))
    .filter((item): item is ClassifiedActivity => item !== null && item.at >= input.since && item.at <= now)
    .sort((a, b) => a.at - b.at);
  const contact = classified.find((item) => item.effect === 'contact_made');
  if (contact) return { kind: 'contact_made', at: contact.at, what: contact.what };

  const attempts = classified.filter((item) => item.effect === 'attempt');
  const day = workingDayMinutes(hours);
  // Fewer attempts than the policy asks: nothing to decide until the rep logs more; look daily.
  const nextDay = () => addBusinessMinutes(now, day, hours);
  const first = attempts[0];
  const needed = attempts[policy.attempts - 1];
  if (!first || !needed) return { kind: 'wait', checkAt: nextDay(), attempts: attempts.length };
  const windowEnd = addBusinessMinutes(first.at, policy.businessDays * day, hours);
  const metAt = Math.max(windowEnd, needed.at);
  if (metAt > now) return { kind: 'wait', checkAt: metAt, attempts: attempts.length };
  const days = Math.floor(businessMinutesBetween(first.at, now, hours) / day);
  return {
    kind: 'no_response',
    at: metAt,
    attempts: attempts.length,
    summary: `No response: ${attempts.length} attempts (${tally(attempts)}) over ${days} business days, no reply, connected call or meeting`,
  };
}

/** "2 calls, 1 email". */
function tally(attempts: readonly ClassifiedActivity[]): string {
  const counts = new Map<string, number>();
  for (const attempt of attempts) counts.set(attempt.what, (counts.get(attempt.what) ?? 0) + 1);
  return [...counts].map(([what, n]) => `${n} ${what}${n === 1 ? '' : 's'}`).join(', ');
}
