/** One figure a test measured, against its goal. */
export interface Check {
  name: string;
  value: number | string;
  goal: string;
  met: boolean;
  /**
   * Part of `--gate`: a goal issue 15 requires of the new internals. Figures that only describe a
   * run (how many requests, how long) are not gated.
   */
  gated: boolean;
}

/** One line of the table: a test, its figures and what else a reader needs to judge them. */
export interface TestResult {
  test: string;
  checks: Check[];
  /** Sizes, settings and the numbers behind the figures. */
  detail: string;
  seconds: number;
  /** The test could not run to the end (the figures it has are still shown). */
  error?: string;
  /** The test did not run here, and why (no PostgreSQL). */
  skipped?: string;
  /** The counts behind the figures, for the suite's own test (handled + lost = leads, …). */
  counts?: Record<string, number>;
}

export const zero = (name: string, value: number): Check => ({
  name,
  value,
  goal: '0',
  met: value === 0,
  gated: true,
});

export const atMost = (name: string, value: number, most: number): Check => ({
  name,
  value,
  goal: `≤ ${most}`,
  met: value <= most,
  gated: true,
});

export const equals = (name: string, value: number | string, goal: number | string): Check => ({
  name,
  value,
  goal: String(goal),
  met: value === goal,
  gated: true,
});

/** A figure that describes the run and has no goal of its own. */
export const info = (name: string, value: number | string): Check => ({
  name,
  value,
  goal: '-',
  met: true,
  gated: false,
});
