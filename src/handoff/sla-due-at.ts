import { addBusinessMinutes, workingDayMinutes } from './business-hours';
import type { BusinessHours, ReminderPolicy, ResponseExpectation } from './playbook';

const MINUTE_MS = 60_000;

/**
 * When the first sales action is due (CONTRACT §4: high 30 minutes, medium 4 hours, low 2
 * business days), counted on the expectation's clock:
 * - round the clock: wall-clock minutes after routing, nights and weekends included;
 * - business hours: minutes inside `hours` only. A lead that arrives outside them starts at the
 *   next opening, so a 4-hour lead at 16:00 on Friday is due at 12:00 on Monday (one hour
 *   Friday, three Monday), and one at 18:00 on Friday at 13:00 on Monday;
 * - business days: N working days of business time, each as long as the working day (8 hours
 *   for 09:00–17:00). From inside the hours that is the same local time N working days on
 *   (Wednesday 10:00 → Friday 10:00); from outside it is the close of the Nth working day.
 * A due time landing exactly on a closing stays there rather than moving to the next opening.
 */
export function slaDueAt(routedAt: number, expectation: ResponseExpectation, hours: BusinessHours): number {
  if (countsRoundTheClock(expectation))
    return routedAt + responseWindowMinutes(expectation, hours) * MINUTE_MS;
  return addBusinessMinutes(routedAt, responseWindowMinutes(expectation, hours), hours);
}

/**
 * When to remind the owner: when the larger of `windowFraction` of the window and `minMinutes`
 * is left, on the same clock as the due time (a business-hours lead is never reminded at night).
 * With the defaults (a quarter, at least 10 minutes) a 30-minute lead is reminded after 20
 * minutes and a 4-hour one with an hour of business time left. A window no longer than the
 * lead time reminds at once (business hours: at the next opening).
 */
export function slaReminderAt(
  routedAt: number,
  expectation: ResponseExpectation,
  hours: BusinessHours,
  reminder: ReminderPolicy,
): number {
  const window = responseWindowMinutes(expectation, hours);
  const before = Math.min(window, Math.max(reminder.minMinutes, reminder.windowFraction * window));
  const elapsed = window - before;
  if (countsRoundTheClock(expectation)) return routedAt + Math.round(elapsed * MINUTE_MS);
  return addBusinessMinutes(routedAt, elapsed, hours);
}

/** The response window in minutes of its clock (business minutes unless round the clock). */
export function responseWindowMinutes(expectation: ResponseExpectation, hours: BusinessHours): number {
  return 'minutes' in expectation ? expectation.minutes : expectation.businessDays * workingDayMinutes(hours);
}

function countsRoundTheClock(expectation: ResponseExpectation): boolean {
  return 'minutes' in expectation && expectation.clock === 'round_the_clock';
}
