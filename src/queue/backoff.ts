/** Milliseconds to wait before the next try, given the attempt (1-based) that just failed. */
export type Backoff = (attempt: number) => number;

export interface BackoffOptions {
  /** Delay after the first failure. */
  baseMs?: number;
  /** Upper bound for any delay. */
  maxMs?: number;
  /** Source of randomness in [0, 1); injectable so tests are exact. */
  random?: () => number;
  /** Multiplies every delay (QUEUE_TIME_SCALE): the reliability suite plays hours in minutes. */
  scale?: number;
}

/**
 * Exponential backoff, `baseMs × 2^(attempt-1)` capped at `maxMs`, with "equal jitter": the delay is
 * drawn from its upper half, so retries of events that failed together (a portal's burst hitting a
 * HubSpot outage) spread out instead of returning in one wave, while never coming back too early.
 */
export function exponentialBackoff(options: BackoffOptions = {}): Backoff {
  const { baseMs = 5_000, maxMs = 30 * 60_000, random = Math.random, scale = 1 } = options;
  return (attempt) => {
    const exponent = Math.max(0, attempt - 1);
    const capped = Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 52)) * scale;
    return Math.round(capped / 2 + (random() * capped) / 2);
  };
}
