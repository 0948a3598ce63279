import { slaDueAt } from '../../src/handoff';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('slaDueAt', () => {
  test.each([
    ['high: 30 minutes', '2026-11-18T10:00:00.000Z', { minutes: 30 }, '2026-11-18T10:30:00.000Z'],
    [
      'medium: 4 hours, across midnight',
      '2026-11-18T22:00:00.000Z',
      { minutes: 240 },
      '2026-11-19T02:00:00.000Z',
    ],
    ['minutes ignore weekends', '2026-11-21T10:00:00.000Z', { minutes: 30 }, '2026-11-21T10:30:00.000Z'],
    [
      'low: Wednesday + 2 business days',
      '2026-11-18T10:00:00.000Z',
      { businessDays: 2 },
      '2026-11-20T10:00:00.000Z',
    ],
    [
      'low: Friday + 2 business days is Tuesday',
      '2026-11-20T15:00:00.000Z',
      { businessDays: 2 },
      '2026-11-24T15:00:00.000Z',
    ],
    [
      'low: Thursday + 2 business days is Monday',
      '2026-11-19T09:00:00.000Z',
      { businessDays: 2 },
      '2026-11-23T09:00:00.000Z',
    ],
    [
      'low: Saturday starts Monday 00:00 UTC',
      '2026-11-21T10:00:00.000Z',
      { businessDays: 2 },
      '2026-11-25T00:00:00.000Z',
    ],
    [
      'low: Sunday starts Monday 00:00 UTC',
      '2026-11-22T23:59:00.000Z',
      { businessDays: 1 },
      '2026-11-24T00:00:00.000Z',
    ],
  ])('%s', (_case, from, expectation, due) => {
    expect(iso(slaDueAt(at(from), expectation))).toBe(due);
  });
});
