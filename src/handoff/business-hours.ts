import { BusinessHours, Playbook, resolveHours, Weekday } from './playbook';
import { addDays, CivilDate, instantOfWallTime, isoDateOf, wallClockAt, weekdayOf } from './zoned-time';

/**
 * Business time: the instants inside working windows (a working day's opening to closing on the
 * zone's wall clock). Minutes are real elapsed minutes, so a window that a daylight-saving change
 * shortens or lengthens holds fewer or more of them; 09:00–17:00 never does in real zones.
 */

const MINUTE_MS = 60_000;
/** A playbook whose holidays cover ten years has no business time worth waiting for. */
const MAX_DAYS_WITHOUT_WINDOW = 3660;

const DAY_INDEX: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export interface WorkingWindow {
  opensAt: number;
  closesAt: number;
}

/**
 * The hours a lead's clock runs in: the playbook's, then the pool the owner was picked from, then
 * the owner's own (`ownerHours`), each replacing the fields it sets.
 */
export function businessHoursFor(
  playbook: Pick<Playbook, 'businessHours' | 'pools' | 'ownerHours'>,
  by: { poolId?: string; ownerId?: string },
): BusinessHours {
  const pool = playbook.pools.find((candidate) => candidate.id === by.poolId);
  const owner = by.ownerId === undefined ? undefined : playbook.ownerHours[by.ownerId];
  return resolveHours(playbook.businessHours, [pool?.businessHours, owner]);
}

/** Length of one working day in business minutes (closing minus opening on the wall clock). */
export function workingDayMinutes(hours: BusinessHours): number {
  return minuteOfDay(hours.end) - minuteOfDay(hours.start);
}

/**
 * The instant `minutes` of business time after `from`. A start outside the hours waits for the
 * next opening; an end that falls exactly on a closing is that closing, not the next opening.
 */
export function addBusinessMinutes(from: number, minutes: number, hours: BusinessHours): number {
  let left = Math.round(minutes * MINUTE_MS);
  for (const window of workingWindows(from, hours)) {
    const opensAt = Math.max(window.opensAt, from);
    if (left <= window.closesAt - opensAt) return opensAt + left;
    left -= window.closesAt - opensAt;
  }
  throw new Error('unreachable: workingWindows never ends');
}

/** Business minutes in [from, to); 0 when `to` is not after `from`. */
export function businessMinutesBetween(from: number, to: number, hours: BusinessHours): number {
  let total = 0;
  for (const window of workingWindows(from, hours)) {
    if (window.opensAt >= to) break;
    total += Math.min(window.closesAt, to) - Math.max(window.opensAt, from);
  }
  return Math.max(total, 0) / MINUTE_MS;
}

/**
 * Working windows in time order, from the one open at `from` (or the next to open). Endless:
 * callers stop when they have what they need.
 */
export function* workingWindows(from: number, hours: BusinessHours): Generator<WorkingWindow> {
  const workingDays = new Set(hours.workingDays.map((day) => DAY_INDEX[day]));
  const holidays = hours.holidays.map((text) => {
    const [first = '', last = first] = text.split('..').map((day) => day.trim());
    return { first, last };
  });
  const isHoliday = (date: CivilDate) => {
    const iso = isoDateOf(date);
    return holidays.some(({ first, last }) => first <= iso && iso <= last);
  };
  const start = minuteOfDay(hours.start);
  const end = minuteOfDay(hours.end);
  // From the day before: `from` may sit in yesterday's window when the zone is behind the caller.
  let date = addDays(wallClockAt(from, hours.timeZone), -1);
  for (let idle = 0; idle <= MAX_DAYS_WITHOUT_WINDOW; date = addDays(date, 1)) {
    idle += 1;
    if (!workingDays.has(weekdayOf(date)) || isHoliday(date)) continue;
    const opensAt = instantOfWallTime(date, start, hours.timeZone);
    const closesAt = instantOfWallTime(date, end, hours.timeZone);
    if (closesAt <= from || closesAt <= opensAt) continue;
    idle = 0;
    yield { opensAt, closesAt };
  }
  throw new Error(
    `business hours in ${hours.timeZone} have no working time for ${MAX_DAYS_WITHOUT_WINDOW} days; check the holidays and working days`,
  );
}

function minuteOfDay(time: string): number {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  return hour * 60 + minute;
}
