/**
 * A score is the sum of its lines, each naming the playbook rule that gave the points, so every
 * point on `handoff_fit_score` and `handoff_intent_score` can be traced.
 */
export interface ScoreLine {
  rule: string;
  points: number;
  reason: string;
}

export interface Score {
  score: number;
  lines: ScoreLine[];
}

/** Sums the lines into 0–100; the clamp is a line too, so the lines still add up to the score. */
export function totalScore(lines: ScoreLine[]): Score {
  const sum = lines.reduce((total, line) => total + line.points, 0);
  if (sum > 100)
    return {
      score: 100,
      lines: [...lines, { rule: 'cap', points: 100 - sum, reason: 'scores stop at 100' }],
    };
  if (sum < 0)
    return { score: 0, lines: [...lines, { rule: 'floor', points: -sum, reason: 'scores start at 0' }] };
  return { score: sum, lines };
}

export interface Band {
  min: number;
  max?: number | undefined;
  points: number;
}

/** The band worth the most points that `value` falls in (bounds inclusive). */
export function bestBand(bands: readonly Band[], value: number | undefined): Band | undefined {
  if (value === undefined) return undefined;
  return bands
    .filter((band) => value >= band.min && (band.max === undefined || value <= band.max))
    .reduce<Band | undefined>(
      (best, band) => (best === undefined || band.points > best.points ? band : best),
      undefined,
    );
}

export function describeBand(band: Band): string {
  return band.max === undefined ? `${band.min}+` : `${band.min}–${band.max}`;
}
