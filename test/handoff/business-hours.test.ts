import fc from 'fast-check';
import {
  addBusinessMinutes,
  BusinessHours,
  businessHoursFor,
  businessMinutesBetween,
  DEFAULT_PLAYBOOK,
  playbookSchema,
  slaDueAt,
  WEEKDAYS,
  responseWindowMinutes,
} from '../../src/handoff';

const MINUTE = 60_000;
const STEP = 5 * MINUTE;

/**
 * An oracle that shares nothing with the implementation but `Intl`: walk the timeline in
 * 5-minute steps and ask what the wall clock reads. A step is open when its local day is a
 * working day and not a holiday, and the clock has already read the opening time that day but
 * not yet the closing time (so skipped and repeated hours need no special case).
 */
function oracleDue(routedAt: number, minutes: number, hours: BusinessHours): number {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: hours.timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const minuteOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const [start, end] = [minuteOf(hours.start), minuteOf(hours.end)];
  const isHoliday = (day: string) =>
    hours.holidays.some((spec) => {
      const [first = '', last = first] = spec.split('..');
      return first <= day && day <= last;
    });
  let left = minutes / 5;
  let currentDay = '';
  let latestClock = -1;
  for (let t = routedAt - 24 * 60 * MINUTE; ; t += STEP) {
    const parts = Object.fromEntries(format.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
    const day = `${parts.year}-${parts.month}-${parts.day}`;
    const clock = Number(parts.hour) * 60 + Number(parts.minute);
    if (day !== currentDay) [currentDay, latestClock] = [day, -1];
    latestClock = Math.max(latestClock, clock);
    const weekday = (parts.weekday ?? '').toLowerCase().slice(0, 3) as BusinessHours['workingDays'][number];
    const open =
      hours.workingDays.includes(weekday) && !isHoliday(day) && latestClock >= start && latestClock < end;
    if (t >= routedAt && open && --left === 0) return t + STEP;
  }
}

const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/Santiago', // changes at midnight, so some local days start at 01:00
  'Australia/Lord_Howe', // half-hour daylight saving
];

const clockTime = (total: number) =>
  `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/**
 * Opening and closing at least an hour apart, often inside the hours clocks skip or repeat
 * (00:00–03:00 local), where a wrong conversion would show.
 */
const openingHoursArb = fc
  .tuple(
    ...[0, 1].map(() =>
      fc.oneof(
        fc.integer({ min: 0, max: 288 }).map((steps) => steps * 5),
        fc.integer({ min: 0, max: 36 }).map((steps) => steps * 5),
      ),
    ),
  )
  .map(([a = 0, b = 0]) => [Math.min(a, b), Math.max(a, b)] as const)
  .filter(([start, end]) => end - start >= 60)
  .map(([start, end]) => ({ start: clockTime(start), end: clockTime(end) }));

const hoursArb = (zones: readonly string[]): fc.Arbitrary<BusinessHours> =>
  fc
    .record({
      timeZone: fc.constantFrom(...zones),
      workingDays: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      opening: openingHoursArb,
      holidays: fc.array(
        fc
          .date({
            min: new Date('2026-01-01T00:00:00Z'),
            max: new Date('2026-12-31T00:00:00Z'),
            noInvalidDate: true,
          })
          .map((date) => date.toISOString().slice(0, 10)),
        { maxLength: 6 },
      ),
    })
    .map(({ opening, workingDays, ...hours }) => ({ ...hours, ...opening, workingDays: [...workingDays] }));

/** Instants in 2026 where the zone's offset changes, found hour by hour with `Intl` alone. */
function offsetChanges(timeZone: string): number[] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const offset = (t: number) =>
    format.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value;
  const changes: number[] = [];
  const hour = 60 * MINUTE;
  for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += hour) {
    if (offset(t) !== offset(t + hour)) changes.push(t + hour);
  }
  return changes;
}

const CHANGES = Object.fromEntries(ZONES.map((zone) => [zone, offsetChanges(zone)]));
const DST_ZONES = ZONES.filter((zone) => (CHANGES[zone] ?? []).length > 0);

/** A zone with daylight saving, and a routing time in the four days before one of its changes. */
const aroundChangeArb = fc
  .constantFrom(...DST_ZONES)
  .chain((zone) =>
    fc.tuple(
      hoursArb([zone]),
      fc.constantFrom(...(CHANGES[zone] ?? [])),
      fc.integer({ min: (-4 * 24 * 60) / 5, max: (12 * 60) / 5 }),
    ),
  )
  .map(([hours, change, steps]) => ({ hours, routedAt: Math.floor(change / STEP) * STEP + steps * STEP }));

/** 2026, whose year holds every daylight-saving change of the zones above; whole 5 minutes. */
const routedArb = fc
  .integer({ min: Date.parse('2026-01-01T00:00:00Z') / STEP, max: Date.parse('2026-12-25T00:00:00Z') / STEP })
  .map((steps) => steps * STEP);

const anyCaseArb = fc.oneof(
  fc.record({ hours: hoursArb(ZONES), routedAt: routedArb }),
  aroundChangeArb,
  aroundChangeArb,
);

describe('business time, by property', () => {
  test('due ≥ routedAt, and exactly the expectation of business minutes lies between them', () => {
    fc.assert(
      fc.property(anyCaseArb, fc.integer({ min: 1, max: 3000 }), ({ routedAt, hours }, minutes) => {
        const due = addBusinessMinutes(routedAt, minutes, hours);
        expect(due).toBeGreaterThanOrEqual(routedAt);
        expect(businessMinutesBetween(routedAt, due, hours)).toBe(minutes);
        // And no earlier instant would do: the last minute before due is business time.
        expect(businessMinutesBetween(routedAt, due - MINUTE, hours)).toBe(minutes - 1);
      }),
      { numRuns: 300 },
    );
  });

  test('slaDueAt for business-time expectations, against the wall-clock oracle', () => {
    fc.assert(
      fc.property(
        anyCaseArb,
        fc.integer({ min: 1, max: 120 }).map((steps) => steps * 5),
        ({ routedAt, hours }, minutes) => {
          const due = slaDueAt(routedAt, { minutes, clock: 'business_hours' }, hours);
          expect(new Date(due).toISOString()).toBe(
            new Date(oracleDue(routedAt, minutes, hours)).toISOString(),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  test('business days are that many working days of business minutes', () => {
    fc.assert(
      fc.property(anyCaseArb, fc.integer({ min: 1, max: 5 }), ({ routedAt, hours }, businessDays) => {
        const expectation = { businessDays };
        const due = slaDueAt(routedAt, expectation, hours);
        expect(due).toBeGreaterThan(routedAt);
        expect(businessMinutesBetween(routedAt, due, hours)).toBe(responseWindowMinutes(expectation, hours));
      }),
      { numRuns: 100 },
    );
  });

  test('round the clock is plain elapsed time', () => {
    fc.assert(
      fc.property(anyCaseArb, fc.integer({ min: 1, max: 10_000 }), ({ routedAt, hours }, minutes) => {
        expect(slaDueAt(routedAt, { minutes, clock: 'round_the_clock' }, hours)).toBe(
          routedAt + minutes * MINUTE,
        );
      }),
    );
  });
});

describe('businessMinutesBetween', () => {
  const hours = DEFAULT_PLAYBOOK.businessHours;
  const at = Date.parse;

  test.each([
    ['inside one window', '2026-11-18T10:00:00Z', '2026-11-18T11:30:00Z', 90],
    ['across a night', '2026-11-18T16:00:00Z', '2026-11-19T10:00:00Z', 120],
    ['across a weekend', '2026-11-20T16:00:00Z', '2026-11-23T10:00:00Z', 120],
    ['entirely outside the hours', '2026-11-21T08:00:00Z', '2026-11-22T20:00:00Z', 0],
    ['backwards', '2026-11-18T11:00:00Z', '2026-11-18T10:00:00Z', 0],
  ])('%s', (_case, from, to, minutes) => {
    expect(businessMinutesBetween(at(from), at(to), hours)).toBe(minutes);
  });
});

describe('businessHoursFor: playbook, then the pool, then the owner', () => {
  const playbook = playbookSchema.parse({
    ...DEFAULT_PLAYBOOK,
    businessHours: { timeZone: 'Europe/London', holidays: ['2026-12-25'] },
    pools: [
      { id: 'sdr', team: 'SDR' },
      {
        id: 'sales',
        team: 'Sales',
        businessHours: { timeZone: 'America/New_York', holidays: ['2026-11-26'] },
      },
    ],
    ownerHours: { '103': { timeZone: 'America/Los_Angeles', start: '08:00' } },
  });

  test('a pool without hours uses the playbook’s', () => {
    expect(businessHoursFor(playbook, { poolId: 'sdr', ownerId: '201' })).toEqual({
      timeZone: 'Europe/London',
      workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '09:00',
      end: '17:00',
      holidays: ['2026-12-25'],
    });
  });

  test('a pool’s fields replace the playbook’s, holidays included', () => {
    expect(businessHoursFor(playbook, { poolId: 'sales', ownerId: '101' })).toMatchObject({
      timeZone: 'America/New_York',
      start: '09:00',
      holidays: ['2026-11-26'],
    });
  });

  test('an owner’s fields replace the pool’s; an owner outside any pool gets the playbook’s plus theirs', () => {
    expect(businessHoursFor(playbook, { poolId: 'sales', ownerId: '103' })).toMatchObject({
      timeZone: 'America/Los_Angeles',
      start: '08:00',
      holidays: ['2026-11-26'],
    });
    expect(businessHoursFor(playbook, { ownerId: '103' })).toMatchObject({
      timeZone: 'America/Los_Angeles',
      holidays: ['2026-12-25'],
    });
    expect(businessHoursFor(playbook, {})).toEqual(playbook.businessHours);
  });
});
