import { Limiter, createPortalLimiters } from '../../src/hubspot/limiter';
import { FakeClock } from './fixtures';

describe('Limiter', () => {
  it('never grants more than 110 calls in any rolling 10 s window over a long run', async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ maxCalls: 110, windowMs: 10_000, safetyMargin: 0, ...clock });
    const starts: number[] = [];
    for (let call = 0; call < 1_000; call += 1) {
      await limiter.acquire();
      starts.push(clock.time);
      // Irregular spacing between calls, from bursts to pauses.
      if (call % 37 === 0) clock.time += 1_234;
      else if (call % 5 === 0) clock.time += 17;
    }
    let maxInWindow = 0;
    for (let end = 0, start = 0; end < starts.length; end += 1) {
      while (starts[end]! - starts[start]! >= 10_000) start += 1;
      maxInWindow = Math.max(maxInWindow, end - start + 1);
    }
    expect(maxInWindow).toBe(110);
    // 1000 calls at ≤110 per 10 s need at least 9 full windows.
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(9 * 10_000);
  });

  it('keeps the safety margin below the published limit by default', async () => {
    const clock = new FakeClock();
    const { standard, search } = createPortalLimiters(clock);
    expect(standard.capacity).toBe(100);
    expect(search.capacity).toBe(5);
    for (let call = 0; call < 100; call += 1) await standard.acquire();
    expect(clock.sleeps).toEqual([]);
    await standard.acquire();
    expect(clock.sleeps).toEqual([10_000]);
  });

  it('serves concurrent callers in order without over-granting', async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ maxCalls: 5, windowMs: 1_000, ...clock });
    const order: number[] = [];
    const grantedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        limiter.acquire().then(() => {
          order.push(index);
          grantedAt.push(clock.time);
        }),
      ),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(grantedAt.filter((at) => at - grantedAt[0]! < 1_000)).toHaveLength(5);
  });

  it('holds every caller while paused after a 429', async () => {
    const clock = new FakeClock();
    const limiter = new Limiter({ maxCalls: 110, windowMs: 10_000, ...clock });
    limiter.pauseUntil(clock.time + 2_000);
    const before = clock.time;
    await limiter.acquire();
    expect(clock.time - before).toBe(2_000);
  });

  it('refuses a margin that leaves no capacity', () => {
    expect(() => new Limiter({ maxCalls: 5, windowMs: 1_000, safetyMargin: 5 })).toThrow(
      /maxCalls above safetyMargin/,
    );
  });
});
