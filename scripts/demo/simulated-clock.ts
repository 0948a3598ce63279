/**
 * The demo's clock: wall time plus an offset that only grows. The app and the simulator both read
 * it (`startHandoff` and `startSimulator` take `now`), so a month of simulated days passes in
 * seconds while time keeps flowing between jumps: rate-limit windows, retry back-offs and
 * signature freshness behave as they do in real time.
 */
export class SimulatedClock {
  private offset: number;

  constructor(start: number) {
    this.offset = start - Date.now();
  }

  readonly now = (): number => Date.now() + this.offset;

  /** Moves the clock forward to `at`; a time already past leaves it where it is. */
  jumpTo(at: number): void {
    const ahead = at - this.now();
    if (ahead > 0) this.offset += ahead;
  }
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Midnight UTC of the day `ms` falls in. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
