/**
 * Medians and 95th percentiles by the nearest-rank method: every reported value is one that was
 * actually observed, and the count travels with it, so a p95 of three samples reads as what it is.
 */
export interface Distribution {
  count: number;
  p50: number | null;
  p95: number | null;
}

/** The nearest-rank percentile of ascending `sorted`; null when there is nothing to rank. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** `part / whole`, rounded to 4 places; null when there is no whole to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}
