import type { ResponseExpectation } from './playbook';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * When the first sales action is due. Minutes are wall-clock minutes. Business days count Monday
 * to Friday in UTC for now (owners' time zones and holidays come later): the due time keeps the
 * time of day, so Friday 15:00 plus 2 business days is Tuesday 15:00, and a lead arriving at the
 * weekend starts its clock on Monday at 00:00 UTC.
 */
export function slaDueAt(routedAt: number, expectation: ResponseExpectation): number {
  if ('minutes' in expectation) return routedAt + expectation.minutes * MINUTE_MS;
  let due = routedAt;
  while (isWeekend(due)) due = startOfDay(due) + DAY_MS;
  for (let left = expectation.businessDays; left > 0;) {
    due += DAY_MS;
    if (!isWeekend(due)) left -= 1;
  }
  return due;
}

function isWeekend(time: number): boolean {
  const day = new Date(time).getUTCDay();
  return day === 0 || day === 6;
}

function startOfDay(time: number): number {
  return time - (time % DAY_MS);
}
