/**
 * Wall-clock time in an IANA time zone, from the platform's own zone data (`Intl`, full ICU in
 * Node 20) rather than a library: the SLA clock only needs "what does the clock read there" and
 * "when does the clock there first read this".
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A calendar day, as the zone's wall calendar reads it. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface WallClock extends CivilDate {
  /** Minutes since local midnight, 0–1439. */
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * An IANA zone name the platform knows, such as Europe/London or UTC. Bare offsets ("+01:00")
 * are refused: they have no daylight-saving rules, which is the point of naming a zone.
 */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in milliseconds (London in summer: +3 600 000). */
export function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(whole))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - whole;
}

/** What the clock on the wall reads in the zone at an instant. */
export function wallClockAt(instant: number, timeZone: string): WallClock {
  const local = new Date(instant + offsetAt(instant, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/**
 * The first instant at which the zone's clock on `date` reads `minuteOfDay` or later. Where the
 * time is ambiguous (clocks go back, 01:30 happens twice) that is the first occurrence; where it
 * does not exist (clocks go forward, 02:30 is skipped) it is the moment the clocks jump. So a
 * window 09:00–17:00 always spans the instants whose local time reads from 09:00 to 17:00.
 * `minuteOfDay` 1440 is midnight at the start of the next day.
 */
export function instantOfWallTime(date: CivilDate, minuteOfDay: number, timeZone: string): number {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE_MS;
  // Real zones change offset at most once within a day either side, so these two offsets are
  // every offset the wall time can have been read under.
  const before = offsetAt(asUtc - DAY_MS, timeZone);
  const after = offsetAt(asUtc + DAY_MS, timeZone);
  const readings = [asUtc - before, asUtc - after].filter(
    (instant) => offsetAt(instant, timeZone) === asUtc - instant,
  );
  if (readings.length > 0) return Math.min(...readings);
  return firstInstantWithOffset(asUtc - after, asUtc - before, after, timeZone);
}

/** Clocks went forward between `from` and `to`: the first whole minute under the new offset. */
function firstInstantWithOffset(from: number, to: number, offset: number, timeZone: string): number {
  let low = Math.floor(from / MINUTE_MS);
  let high = Math.ceil(to / MINUTE_MS);
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle * MINUTE_MS, timeZone) === offset) high = middle;
    else low = middle + 1;
  }
  return high * MINUTE_MS;
}

/** The calendar day `days` after `date` (negative: before). */
export function addDays(date: CivilDate, days: number): CivilDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/** 0 Sunday … 6 Saturday, as for `Date#getUTCDay`. */
export function weekdayOf(date: CivilDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** YYYY-MM-DD. */
export function isoDateOf(date: CivilDate): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}
