import { exponentialBackoff } from '../../src/queue/backoff';

describe('exponentialBackoff', () => {
  it('doubles from 5 s and draws from the upper half of each step', () => {
    const low = exponentialBackoff({ random: () => 0 });
    const high = exponentialBackoff({ random: () => 0.999_999 });
    expect([1, 2, 3].map(low)).toEqual([2_500, 5_000, 10_000]);
    expect([1, 2, 3].map(high)).toEqual([5_000, 10_000, 20_000]);
  });

  it('never waits longer than 30 minutes', () => {
    const high = exponentialBackoff({ random: () => 0.999_999 });
    expect(high(12)).toBeLessThanOrEqual(30 * 60_000);
    expect(high(12)).toBeGreaterThan(30 * 60_000 - 10);
    expect(high(1_000)).toBeLessThanOrEqual(30 * 60_000);
  });

  it('scales every delay by QUEUE_TIME_SCALE, the cap included', () => {
    const scaled = exponentialBackoff({ random: () => 0.999_999, scale: 1 / 60 });
    expect(scaled(1)).toBe(83);
    expect(scaled(1_000)).toBeLessThanOrEqual(30_000);
    expect(scaled(1_000)).toBeGreaterThan(29_990);
  });
});
