import { z } from 'zod/v4';
import { isoDay } from './playbook-fields';
import { isTimeZone } from './zoned-time';

/**
 * The playbook's business hours: when the SLA clock runs (business-hours.ts counts in them), with
 * the overrides a pool or an owner may set and the checks that keep every combination well-formed.
 */

/** Monday first, as a working week reads (business-hours.ts maps them to `Date#getUTCDay`). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const timeZone = z
  .string()
  .refine(
    isTimeZone,
    'unknown time zone; use an IANA time zone name such as Europe/London, America/New_York or UTC',
  );
const TIME_OF_DAY = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const isTimeOfDay = (text: string) => TIME_OF_DAY.test(text);
const timeOfDay = z
  .string()
  .regex(
    TIME_OF_DAY,
    'a time HH:MM on the 24-hour clock such as 09:00 (24:00 is midnight at the end of the day)',
  );
const holiday = z
  .string()
  .refine(
    isDayOrRangeOfDays,
    'a day YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD (first day not after the last), on the local calendar',
  );
const workingDays = z.array(z.enum(WEEKDAYS)).min(1);

export const DEFAULT_BUSINESS_HOURS = {
  timeZone: 'UTC',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[],
  start: '09:00',
  end: '17:00',
  holidays: [] as string[],
};

/**
 * When the SLA clock runs for business-time expectations: working days from `start` to `end`
 * on the wall clock of `timeZone`, except `holidays` (local days). Overnight hours (end before
 * start) are not supported; `end` 24:00 runs to midnight.
 */
export const businessHoursSchema = z.strictObject({
  timeZone: timeZone.default(DEFAULT_BUSINESS_HOURS.timeZone),
  workingDays: workingDays.default(DEFAULT_BUSINESS_HOURS.workingDays),
  start: timeOfDay.default(DEFAULT_BUSINESS_HOURS.start),
  end: timeOfDay.default(DEFAULT_BUSINESS_HOURS.end),
  holidays: z.array(holiday).default(DEFAULT_BUSINESS_HOURS.holidays),
});

/** A pool's or owner's hours: each field given replaces the inherited one (holidays too). */
export const businessHoursOverride = z.strictObject({
  timeZone: timeZone.optional(),
  workingDays: workingDays.optional(),
  start: timeOfDay.optional(),
  end: timeOfDay.optional(),
  holidays: z.array(holiday).optional(),
});

export type BusinessHours = z.output<typeof businessHoursSchema>;
export type BusinessHoursOverride = z.output<typeof businessHoursOverride>;

/** The hours-bearing parts of a parsed playbook. */
interface HoursLayers {
  businessHours: BusinessHours;
  pools: ReadonlyArray<{ businessHours?: BusinessHoursOverride }>;
  ownerHours: Readonly<Record<string, BusinessHoursOverride>>;
}

/** Opening before closing in every combination of hours a lead can be counted in. */
export function checkHours(playbook: HoursLayers, ctx: z.RefinementCtx): void {
  const closesAfterOpening = (...layers: Array<BusinessHoursOverride | undefined>) => {
    const { start, end } = resolveHours(playbook.businessHours, layers);
    // A malformed time is reported on its own field; comparing it would only repeat that.
    if (!isTimeOfDay(start) || !isTimeOfDay(end)) return true;
    return minutesOf(end) > minutesOf(start);
  };
  const report = (path: (string | number)[], ...layers: Array<BusinessHoursOverride | undefined>) => {
    const { start, end } = resolveHours(playbook.businessHours, layers);
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'end'],
      input: { start, end },
      message: `closing time ${end} must be later than opening time ${start} (overnight hours are not supported)`,
    });
  };
  // An override is checked only when it sets a time itself; otherwise the fault is inherited.
  const setsTimes = (hours: BusinessHoursOverride | undefined) =>
    hours?.start !== undefined || hours?.end !== undefined;
  if (!closesAfterOpening()) report(['businessHours']);
  playbook.pools.forEach((pool, index) => {
    if (setsTimes(pool.businessHours) && !closesAfterOpening(pool.businessHours)) {
      report(['pools', index, 'businessHours'], pool.businessHours);
    }
  });
  for (const [owner, hours] of Object.entries(playbook.ownerHours)) {
    if (!setsTimes(hours)) continue;
    const under = [undefined, ...playbook.pools.map((pool) => pool.businessHours)];
    const failing = under.findIndex((poolHours) => !closesAfterOpening(poolHours, hours));
    if (failing >= 0) report(['ownerHours', owner], under[failing], hours);
  }
}

/** Later layers replace earlier ones field by field; a layer's absent fields are inherited. */
export function resolveHours(
  base: BusinessHours,
  layers: ReadonlyArray<BusinessHoursOverride | undefined>,
): BusinessHours {
  const hours = { ...base };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [field, value] of Object.entries(layer)) {
      if (value !== undefined) Object.assign(hours, { [field]: value });
    }
  }
  return hours;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function isDayOrRangeOfDays(text: string): boolean {
  const days = text.split('..').map((day) => day.trim());
  const [first, last = first] = days;
  return (
    days.length <= 2 &&
    days.every(isCalendarDay) &&
    first !== undefined &&
    last !== undefined &&
    first <= last
  );
}

function isCalendarDay(text: string): boolean {
  if (!isoDay.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
