import type { FaultOptions, OAuthApp } from './http/api-context';
import { DEFAULT_RATE_LIMITS, type RateLimitOptions } from './http/rate-limits';
import type { Delay } from './random';
import type { SeedOptions } from './seed/seed-portal';
import type { WebhookSenderOptions, WebhookTarget } from './webhooks/webhook-sender';

export interface PortalSetup {
  portalId: number;
  /** A private-app token for this portal (more can come from the OAuth flow). */
  accessToken?: string;
  /** Realistic data (owners in teams, companies, deals, contacts); empty portal when omitted. */
  seed?: SeedOptions;
  /** Where this portal's webhook events go; none are sent without it. */
  webhooks?: WebhookTarget;
}

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seeds the simulator's own randomness: search lag, faults, latency and dropped webhooks. */
  seed?: number;
  /** HubSpot's limits (on by default); `false` switches them off. */
  rateLimits?: boolean | Partial<RateLimitOptions>;
  /** Delay before new and changed records are searchable (default 1–3 s). */
  searchLagMs?: Delay;
  /** Added to every API answer (default none). */
  latencyMs?: Delay;
  /** A fraction of API calls answered 500, 502 or never (split evenly), or each fault apart. */
  faults?: number | Partial<FaultOptions>;
  webhooks?: Partial<WebhookSenderOptions>;
  oauthApps?: OAuthApp[];
  /** OAuth access tokens live 30 minutes at HubSpot. */
  accessTokenTtlMs?: number;
  associationPageSize?: number;
  portals?: PortalSetup[];
  now?: () => number;
}

export function rateLimitOptions(option: SimulatorOptions['rateLimits']): RateLimitOptions {
  if (option === false) return { ...DEFAULT_RATE_LIMITS, enabled: false };
  if (option === true || option === undefined) return { ...DEFAULT_RATE_LIMITS };
  return { ...DEFAULT_RATE_LIMITS, ...option };
}

export function faultOptions(option: SimulatorOptions['faults']): FaultOptions {
  const none: FaultOptions = {
    error500: 0,
    error502: 0,
    hang: 0,
    hangMs: 30_000,
    lostCreates: 0,
    lostAs: ['error502', 'timeout', 'reset'],
    outage: false,
  };
  if (option === undefined) return none;
  if (typeof option === 'number')
    return { ...none, error500: option / 3, error502: option / 3, hang: option / 3 };
  if (option.lostAs?.length === 0)
    throw new Error('faults.lostAs must name at least one way to lose an answer');
  return { ...none, ...option };
}
