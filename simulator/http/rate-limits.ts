import { rateLimited, type SimulatorError } from '../errors';

export interface RateLimitOptions {
  enabled: boolean;
  /** Public apps: 110 requests per rolling 10 s per installed account. */
  standard: { max: number; windowMs: number };
  /** CRM search: 5 requests per second per account, separate from the standard limit. */
  search: { max: number; windowMs: number };
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  enabled: true,
  standard: { max: 110, windowMs: 10_000 },
  search: { max: 5, windowMs: 1_000 },
};

class RollingWindow {
  private readonly hits: number[] = [];

  constructor(private readonly limit: { max: number; windowMs: number }) {}

  /** Counts the call if it fits; false when the window is full. */
  take(now: number): boolean {
    while (this.hits.length > 0 && now - (this.hits[0] as number) >= this.limit.windowMs) this.hits.shift();
    if (this.hits.length >= this.limit.max) return false;
    this.hits.push(now);
    return true;
  }

  remaining(now: number): number {
    while (this.hits.length > 0 && now - (this.hits[0] as number) >= this.limit.windowMs) this.hits.shift();
    return this.limit.max - this.hits.length;
  }
}

/** HubSpot's per-account limits. A refused call is not counted (it did nothing). */
export class RateLimits {
  private readonly windows = new Map<string, RollingWindow>();

  constructor(public options: RateLimitOptions) {}

  /** Null when the call may go ahead; HubSpot's 429 otherwise. */
  check(portalId: number, kind: 'standard' | 'search', now: number): SimulatorError | null {
    if (!this.options.enabled) return null;
    const window = this.window(portalId, kind);
    if (window.take(now)) return null;
    return rateLimited(kind === 'search' ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING', portalId);
  }

  /** HubSpot's `X-HubSpot-RateLimit-*` headers (search answers carry none). */
  headers(portalId: number, now: number): Record<string, string> {
    const { max, windowMs } = this.options.standard;
    return {
      'x-hubspot-ratelimit-interval-milliseconds': String(windowMs),
      'x-hubspot-ratelimit-max': String(max),
      'x-hubspot-ratelimit-remaining': String(Math.max(0, this.window(portalId, 'standard').remaining(now))),
    };
  }

  private window(portalId: number, kind: 'standard' | 'search'): RollingWindow {
    const key = `${portalId}:${kind}`;
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = new RollingWindow(this.options[kind])));
    return window;
  }
}
