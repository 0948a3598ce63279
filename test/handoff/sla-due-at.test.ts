import {
  BusinessHours,
  DEFAULT_PLAYBOOK,
  ResponseExpectation,
  slaDueAt,
  slaReminderAt,
  slaStatusAt,
} from '../../src/handoff';

/** The clock is explicit timestamps: every case states when the lead was routed. */
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

const UTC_OFFICE = DEFAULT_PLAYBOOK.businessHours;
const hoursIn = (timeZone: string, more: Partial<BusinessHours> = {}): BusinessHours => ({
  ...UTC_OFFICE,
  timeZone,
  ...more,
});
const HIGH = DEFAULT_PLAYBOOK.responseExpectations.high;
const MEDIUM = DEFAULT_PLAYBOOK.responseExpectations.medium;
const LOW = DEFAULT_PLAYBOOK.responseExpectations.low;
const business = (minutes: number): ResponseExpectation => ({ minutes, clock: 'business_hours' });

describe('slaDueAt with the built-in playbook (Mon–Fri 09:00–17:00 UTC)', () => {
  test('the defaults: high round the clock, medium and low in business time', () => {
    expect(HIGH).toEqual({ minutes: 30, clock: 'round_the_clock' });
    expect(MEDIUM).toEqual({ minutes: 240, clock: 'business_hours' });
    expect(LOW).toEqual({ businessDays: 2 });
  });

  test.each([
    ['high: 30 minutes', '2026-11-18T10:00:00.000Z', HIGH, '2026-11-18T10:30:00.000Z'],
    ['high ignores the night', '2026-11-18T22:00:00.000Z', HIGH, '2026-11-18T22:30:00.000Z'],
    ['high ignores the weekend', '2026-11-21T10:00:00.000Z', HIGH, '2026-11-21T10:30:00.000Z'],
    ['medium: 4 hours inside one day', '2026-11-18T10:00:00.000Z', MEDIUM, '2026-11-18T14:00:00.000Z'],
    [
      'medium ending on the closing stays there',
      '2026-11-18T13:00:00.000Z',
      MEDIUM,
      '2026-11-18T17:00:00.000Z',
    ],
    ['medium: 3 hours today, 1 tomorrow', '2026-11-18T14:00:00.000Z', MEDIUM, '2026-11-19T10:00:00.000Z'],
    ['medium before opening starts at 09:00', '2026-11-18T06:12:00.000Z', MEDIUM, '2026-11-18T13:00:00.000Z'],
    [
      'medium after closing starts next morning',
      '2026-11-18T19:45:00.000Z',
      MEDIUM,
      '2026-11-19T13:00:00.000Z',
    ],
    [
      'medium on the closing minute starts next morning',
      '2026-11-18T17:00:00.000Z',
      MEDIUM,
      '2026-11-19T13:00:00.000Z',
    ],
    [
      'medium at the weekend starts on Monday',
      '2026-11-22T11:00:00.000Z',
      MEDIUM,
      '2026-11-23T13:00:00.000Z',
    ],
    ['low: Wednesday 10:00 + 2 business days', '2026-11-18T10:00:00.000Z', LOW, '2026-11-20T10:00:00.000Z'],
    [
      'low: Friday 15:00 + 2 business days is Tuesday',
      '2026-11-20T15:00:00.000Z',
      LOW,
      '2026-11-24T15:00:00.000Z',
    ],
    [
      'low: Thursday 09:00 is the close of Friday',
      '2026-11-19T09:00:00.000Z',
      LOW,
      '2026-11-20T17:00:00.000Z',
    ],
    ['low: Saturday is the close of Tuesday', '2026-11-21T10:00:00.000Z', LOW, '2026-11-24T17:00:00.000Z'],
    [
      'low: Sunday night, 1 day, is the close of Monday',
      '2026-11-22T23:59:00.000Z',
      { businessDays: 1 },
      '2026-11-23T17:00:00.000Z',
    ],
  ] as Array<[string, string, ResponseExpectation, string]>)('%s', (_case, routed, expectation, due) => {
    expect(iso(slaDueAt(at(routed), expectation, UTC_OFFICE))).toBe(due);
  });

  describe('a demo request on Friday evening', () => {
    const friday1800 = at('2026-11-20T18:00:00.000Z');
    const friday1600 = at('2026-11-20T16:00:00.000Z');

    test('high, round the clock: 30 minutes later, on Friday night', () => {
      expect(iso(slaDueAt(friday1800, HIGH, UTC_OFFICE))).toBe('2026-11-20T18:30:00.000Z');
    });

    test('medium after closing: Monday 09:00 plus the 4 hours', () => {
      expect(iso(slaDueAt(friday1800, MEDIUM, UTC_OFFICE))).toBe('2026-11-23T13:00:00.000Z');
    });

    test('medium an hour before closing: 1 hour on Friday, the remaining 3 on Monday', () => {
      expect(iso(slaDueAt(friday1600, MEDIUM, UTC_OFFICE))).toBe('2026-11-23T12:00:00.000Z');
    });

    test('high counted in business hours when the playbook says so', () => {
      expect(iso(slaDueAt(friday1800, business(30), UTC_OFFICE))).toBe('2026-11-23T09:30:00.000Z');
    });
  });
});

describe('holidays and working days', () => {
  const christmas = hoursIn('UTC', { holidays: ['2026-12-24..2026-12-28', '2027-01-01'] });

  test.each([
    [
      'medium on Wednesday 23rd afternoon skips 24th to 28th',
      '2026-12-23T15:00:00.000Z',
      MEDIUM,
      '2026-12-29T11:00:00.000Z',
    ],
    ['low on Christmas Eve starts on the 29th', '2026-12-24T10:00:00.000Z', LOW, '2026-12-30T17:00:00.000Z'],
    [
      'low on 31 December skips New Year’s Day and the weekend',
      '2026-12-31T12:00:00.000Z',
      LOW,
      '2027-01-05T12:00:00.000Z',
    ],
  ] as Array<[string, string, ResponseExpectation, string]>)('%s', (_case, routed, expectation, due) => {
    expect(iso(slaDueAt(at(routed), expectation, christmas))).toBe(due);
  });

  test('a Sunday-to-Thursday week', () => {
    const gulf = hoursIn('Asia/Dubai', { workingDays: ['sun', 'mon', 'tue', 'wed', 'thu'] });
    // Thursday 16:00 Dubai (12:00Z): 1 hour on Thursday, 3 from Sunday 09:00 (05:00Z).
    expect(iso(slaDueAt(at('2026-11-19T12:00:00.000Z'), MEDIUM, gulf))).toBe('2026-11-22T08:00:00.000Z');
  });

  test('hours to midnight (end 24:00)', () => {
    const late = hoursIn('UTC', { start: '14:00', end: '24:00' });
    expect(iso(slaDueAt(at('2026-11-18T22:00:00.000Z'), MEDIUM, late))).toBe('2026-11-19T16:00:00.000Z');
  });
});

describe('daylight saving: a 4-hour business window spanning the change', () => {
  test.each([
    // Clocks go forward on Sunday 29 March 2026: Friday 15:00 GMT is 15:00Z, Monday 09:00 BST is 08:00Z.
    [
      'Europe/London, spring forward',
      'Europe/London',
      '2026-03-27T15:00:00.000Z',
      '2026-03-30T10:00:00.000Z',
    ],
    // Clocks go back on Sunday 25 October 2026: Friday 15:00 BST is 14:00Z, Monday 09:00 GMT is 09:00Z.
    ['Europe/London, fall back', 'Europe/London', '2026-10-23T14:00:00.000Z', '2026-10-26T11:00:00.000Z'],
    // Sunday 8 March 2026: Friday 15:00 EST is 20:00Z, Monday 09:00 EDT is 13:00Z.
    [
      'America/New_York, spring forward',
      'America/New_York',
      '2026-03-06T20:00:00.000Z',
      '2026-03-09T15:00:00.000Z',
    ],
    // Sunday 1 November 2026: Friday 15:00 EDT is 19:00Z, Monday 09:00 EST is 14:00Z.
    [
      'America/New_York, fall back',
      'America/New_York',
      '2026-10-30T19:00:00.000Z',
      '2026-11-02T16:00:00.000Z',
    ],
  ])('%s', (_case, timeZone, routed, due) => {
    expect(iso(slaDueAt(at(routed), MEDIUM, hoursIn(timeZone)))).toBe(due);
  });

  test('low keeps the local time of day across the change (Thursday 11:00 → Monday 11:00 London)', () => {
    // 11:00 GMT on 26 March is 11:00Z; 11:00 BST on 30 March is 10:00Z.
    expect(iso(slaDueAt(at('2026-03-26T11:00:00.000Z'), LOW, hoursIn('Europe/London')))).toBe(
      '2026-03-30T10:00:00.000Z',
    );
  });

  describe('hours that contain the change count real minutes', () => {
    const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as BusinessHours['workingDays'];
    const earlyShift = hoursIn('America/New_York', { workingDays: everyDay, start: '00:00', end: '06:00' });

    test('spring forward: 00:00–06:00 holds 5 hours, so 4 hours from midnight end at 05:00 EDT', () => {
      expect(iso(slaDueAt(at('2026-03-08T05:00:00.000Z'), MEDIUM, earlyShift))).toBe(
        '2026-03-08T09:00:00.000Z',
      );
      expect(iso(slaDueAt(at('2026-03-08T05:00:00.000Z'), business(300), earlyShift))).toBe(
        '2026-03-08T10:00:00.000Z',
      );
      // The sixth hour is the next night's first: Monday 00:00 EDT is 04:00Z.
      expect(iso(slaDueAt(at('2026-03-08T05:00:00.000Z'), business(360), earlyShift))).toBe(
        '2026-03-09T05:00:00.000Z',
      );
    });

    test('fall back: 00:00–06:00 holds 7 hours', () => {
      // Sunday 00:00 EDT is 04:00Z; 06:00 EST is 11:00Z.
      expect(iso(slaDueAt(at('2026-11-01T04:00:00.000Z'), business(420), earlyShift))).toBe(
        '2026-11-01T11:00:00.000Z',
      );
    });

    test('an opening inside the skipped hour opens when the clocks jump', () => {
      const from0230 = hoursIn('America/New_York', { workingDays: everyDay, start: '02:30', end: '06:00' });
      // 02:30 does not exist on 8 March; the window opens at 03:00 EDT (07:00Z).
      expect(iso(slaDueAt(at('2026-03-08T06:00:00.000Z'), business(60), from0230))).toBe(
        '2026-03-08T08:00:00.000Z',
      );
    });
  });
});

describe('a pool in another time zone', () => {
  const newYork = hoursIn('America/New_York');
  const london = hoursIn('Europe/London');
  const routed = at('2026-11-18T15:00:00.000Z'); // 15:00 London, 10:00 New York

  test('the same lead is due when each team has worked 4 hours', () => {
    expect(iso(slaDueAt(routed, MEDIUM, london))).toBe('2026-11-19T11:00:00.000Z');
    expect(iso(slaDueAt(routed, MEDIUM, newYork))).toBe('2026-11-18T19:00:00.000Z');
  });

  test('before New York opens, New York’s clock has not started', () => {
    // 12:00Z is 07:00 in New York: opening at 09:00 EST (14:00Z), due 18:00Z.
    expect(iso(slaDueAt(at('2026-11-18T12:00:00.000Z'), MEDIUM, newYork))).toBe('2026-11-18T18:00:00.000Z');
  });

  test('after Sydney closes, the next Sydney morning (a zone ahead of UTC)', () => {
    const sydney = hoursIn('Australia/Sydney');
    // 08:00Z on Wednesday is 19:00 AEDT: next opening Thursday 09:00 AEDT (Wednesday 22:00Z).
    expect(iso(slaDueAt(at('2026-11-18T08:00:00.000Z'), MEDIUM, sydney))).toBe('2026-11-19T02:00:00.000Z');
  });
});

describe('slaReminderAt: a quarter of the window, at least 10 minutes, on the same clock', () => {
  const reminder = DEFAULT_PLAYBOOK.reminder;

  test.each([
    [
      'high: 10 minutes before a 30-minute due time',
      '2026-11-20T18:00:00.000Z',
      HIGH,
      '2026-11-20T18:20:00.000Z',
    ],
    [
      'medium: an hour of business time before due',
      '2026-11-18T10:00:00.000Z',
      MEDIUM,
      '2026-11-18T13:00:00.000Z',
    ],
    [
      'medium over the weekend: Monday 11:00 for a 12:00 due time',
      '2026-11-20T16:00:00.000Z',
      MEDIUM,
      '2026-11-23T11:00:00.000Z',
    ],
    [
      'low: 4 business hours before the close of the second day',
      '2026-11-21T10:00:00.000Z',
      LOW,
      '2026-11-24T13:00:00.000Z',
    ],
  ] as Array<[string, string, ResponseExpectation, string]>)('%s', (_case, routed, expectation, remind) => {
    expect(iso(slaReminderAt(at(routed), expectation, UTC_OFFICE, reminder))).toBe(remind);
  });

  test('a window shorter than the lead time reminds at once, or at the next opening', () => {
    const asap = { windowFraction: 0, minMinutes: 60 };
    const night = at('2026-11-18T22:00:00.000Z');
    expect(slaReminderAt(night, { minutes: 30, clock: 'round_the_clock' }, UTC_OFFICE, asap)).toBe(night);
    expect(iso(slaReminderAt(night, business(30), UTC_OFFICE, asap))).toBe('2026-11-19T09:00:00.000Z');
  });
});

describe('slaStatusAt', () => {
  const due = at('2026-11-18T10:30:00.000Z');
  const minute = 60_000;

  test.each([
    ['no action yet, before due', undefined, due - minute, 'pending'],
    ['no action yet, at the due minute', null, due, 'pending'],
    ['no action, past due', undefined, due + 1, 'breached'],
    ['action before due', due - 5 * minute, due - minute, 'met'],
    ['action exactly at due', due, due + 60 * minute, 'met'],
    ['action after due', due + minute, due + 2 * minute, 'breached'],
    ['an action stamped after now has not happened yet', due - minute, due - 2 * minute, 'pending'],
  ] as Array<[string, number | null | undefined, number, string]>)(
    '%s',
    (_case, firstAction, now, status) => {
      expect(slaStatusAt(due, firstAction, now)).toBe(status);
    },
  );
});
