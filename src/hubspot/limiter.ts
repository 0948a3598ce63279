/**
 * A rolling-window limiter for one HubSpot account. HubSpot limits public OAuth apps to 110 requests
 * per rolling 10 s per installed account, and search to 5 requests/s per account (shared by every app
 * there, and without rate-limit headers). The SDK's limiter is one process-wide Bottleneck singleton,
 * so each portal gets its own limiter here.
 *
 * The clock and sleep are injected so tests advance time instead of waiting.
 */
export type Clock = () => number;
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export interface LimiterOptions {
  /** HubSpot's published limit for the window. */
  maxCalls: number;
  windowMs: number;
  /** Calls kept in reserve below `maxCalls`: other processes or clock skew should not cause a 429. */
  safetyMargin?: number;
  now?: Clock;
  sleep?: Sleep;
}

/** Public apps: 110 per rolling 10 s; a margin of 10 leaves room for another process or a retry. */
export const STANDARD_LIMIT: LimiterOptions = { maxCalls: 110, windowMs: 10_000, safetyMargin: 10 };
/**
 * Search: 5 per second per account. Our window is 1.2 s, not 1 s: HubSpot counts by its own clock
 * and arrival time, and with an exact 1 s window network jitter alone let a sixth request land in
 * HubSpot's second (seen as steady search 429s in the simulator's burst test).
 */
export const SEARCH_LIMIT: LimiterOptions = { maxCalls: 5, windowMs: 1_200, safetyMargin: 0 };

export class Limiter {
  readonly capacity: number;
  readonly windowMs: number;
  private readonly now: Clock;
  private readonly sleep: Sleep;
  /** Start times of the calls granted inside the current window, oldest first. */
  private readonly granted: number[] = [];
  private pausedUntil = 0;
  /** Waiters are served one at a time, in arrival order, so no caller starves. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: LimiterOptions) {
    const capacity = options.maxCalls - (options.safetyMargin ?? 0);
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(
        `Limiter needs maxCalls above safetyMargin, got ${options.maxCalls}/${options.safetyMargin}`,
      );
    }
    this.capacity = capacity;
    this.windowMs = options.windowMs;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Resolves when a call may start; the call is counted from that moment. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    // A failed sleep must not block later callers.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Holds every caller until `epochMs` (after a 429, the whole portal backs off, not one request). */
  pauseUntil(epochMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, epochMs);
  }

  /** Calls counted in the window ending now. */
  inWindow(): number {
    this.prune(this.now());
    return this.granted.length;
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      if (this.pausedUntil > now) {
        await this.sleep(this.pausedUntil - now);
        continue;
      }
      this.prune(now);
      if (this.granted.length < this.capacity) {
        this.granted.push(now);
        return;
      }
      const oldest = this.granted[0] as number;
      await this.sleep(oldest + this.windowMs - now);
    }
  }

  /** A call at time t stops counting once `now - t >= windowMs`. */
  private prune(now: number): void {
    while (this.granted.length > 0 && now - (this.granted[0] as number) >= this.windowMs)
      this.granted.shift();
  }
}

export interface PortalLimiters {
  standard: Limiter;
  search: Limiter;
}

export function createPortalLimiters(
  options: {
    standard?: Partial<LimiterOptions>;
    search?: Partial<LimiterOptions>;
    now?: Clock;
    sleep?: Sleep;
  } = {},
): PortalLimiters {
  const shared = { now: options.now, sleep: options.sleep };
  return {
    standard: new Limiter({ ...STANDARD_LIMIT, ...shared, ...options.standard }),
    search: new Limiter({ ...SEARCH_LIMIT, ...shared, ...options.search }),
  };
}
