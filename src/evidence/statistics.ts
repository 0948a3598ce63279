import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * The few statistics the evidence tables need, each small enough to check by hand. Rates come with
 * their counts and an interval, never alone; below `minSample` a side shows "too few (n=…)".
 */

export interface Interval {
  low: number;
  high: number;
}

/** The two-sided normal quantile for a confidence level (0.95 → 1.96). */
export function zFor(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be between 0 and 1 (got ${confidence}); use 0.95 for 95%`);
  }
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}

/**
 * Wilson's score interval for `successes` of `n`: unlike the textbook p ± z·se it stays inside
 * 0–1 and is honest for small counts and for rates near 0 or 1 (Wilson 1927; Brown, Cai and
 * DasGupta 2001 recommend it).
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const z = zFor(confidence);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n the bound is exactly 0 or 1; rounding would otherwise leave 1e-17.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}

export interface Lift {
  /** Rate with the signal divided by the rate without it. */
  ratio: number;
  interval: Interval;
}

/**
 * The lift of a rate (with ÷ without) and its interval by Katz's log method for a ratio of two
 * proportions. A zero count gets Haldane's half-count so the interval stays finite; no lift at
 * all when a side has no leads.
 */
export function liftInterval(
  withHits: number,
  withN: number,
  withoutHits: number,
  withoutN: number,
  confidence = 0.95,
): Lift | null {
  if (withN === 0 || withoutN === 0) return null;
  const half = withHits === 0 || withoutHits === 0 ? 0.5 : 0;
  const a = withHits + half;
  const b = withoutHits + half;
  const n1 = withN + half;
  const n0 = withoutN + half;
  const ratio = a / n1 / (b / n0);
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n0);
  const z = zFor(confidence);
  return {
    ratio,
    interval: { low: ratio * Math.exp(-z * se), high: ratio * Math.exp(z * se) },
  };
}

/** A count held back: the table shows why there is no number. */
export interface TooFew {
  tooFew: true;
  n: number;
}

export function tooFewText(n: number): string {
  return `too few (n=${n})`;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
