import type { HandoffPropertyDefinition } from '../../src/hubspot/properties';
import { HubSpotClient } from '../../src/hubspot/hubspot-client';
import { createPortalLimiters, type LimiterOptions } from '../../src/hubspot/limiter';
import type { TokenProvider } from '../../src/hubspot/tokens';
import { StaticTokenProvider } from '../../src/hubspot/tokens';
import type { Metrics } from '../../src/metrics';
import type { PortalRecord, Store } from '../../src/store/store';
import { HUBSPOT_TEST_BASE_URL } from '../support/hubspot-mock';

export const PORTAL_ID = 62515;
export const CORRELATION_ID = 'aeb5f871-7f07-4993-9211-075dc63e7cbf';

/** Time that only moves when someone sleeps: waits are recorded, never spent. */
export class FakeClock {
  readonly sleeps: number[] = [];
  constructor(public time = Date.UTC(2026, 10, 2, 9, 0, 0)) {}
  now = (): number => this.time;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.time += Math.max(0, ms);
  };
}

export function testClient(
  options: {
    clock?: FakeClock;
    tokens?: TokenProvider;
    metrics?: Metrics;
    maxRetries?: number;
    timeoutMs?: number;
    standard?: Partial<LimiterOptions>;
  } = {},
): HubSpotClient {
  const clock = options.clock ?? new FakeClock();
  const limiters = createPortalLimiters({ now: clock.now, sleep: clock.sleep, standard: options.standard });
  return new HubSpotClient({
    portalId: PORTAL_ID,
    baseUrl: HUBSPOT_TEST_BASE_URL,
    tokens: options.tokens ?? new StaticTokenProvider('pat-na1-test-token'),
    limiter: limiters.standard,
    searchLimiter: limiters.search,
    metrics: options.metrics,
    maxRetries: options.maxRetries,
    timeoutMs: options.timeoutMs,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
  });
}

const STAMP = '2026-11-02T09:00:00.000Z';

/** `SimplePublicObject` as HubSpot returns it. */
export function record(id: string, properties: Record<string, string | null> = {}) {
  return {
    id,
    properties: { hs_object_id: id, ...properties },
    createdAt: STAMP,
    updatedAt: STAMP,
    archived: false,
  };
}

/** `BatchResponseSimplePublicObject`. */
export function batchResponse<T>(results: T[]) {
  return { status: 'COMPLETE', results, startedAt: STAMP, completedAt: STAMP };
}

/** HubSpot's `Error` body. */
export function hubspotError(category: string, message: string, extra: Record<string, unknown> = {}) {
  return { status: 'error', message, correlationId: CORRELATION_ID, category, ...extra };
}

/** A 429 body as HubSpot documents it on its rate-limit page (not its `Error` schema). */
export function rateLimitBody(policyName: string) {
  return {
    status: 'error',
    message: `You have reached your ${policyName.toLowerCase()} limit.`,
    errorType: 'RATE_LIMIT',
    correlationId: CORRELATION_ID,
    policyName,
  };
}

/** Only the two portal methods token code uses; every other Store method is out of scope here. */
export function portalStore(initial: PortalRecord[] = []) {
  const portals = new Map(initial.map((portal) => [portal.portalId, { ...portal }]));
  const writes: PortalRecord[] = [];
  const store = {
    portals: {
      get: async (portalId: number) => {
        const found = portals.get(portalId);
        return found ? { ...found } : null;
      },
      upsert: async (portal: PortalRecord) => {
        writes.push({ ...portal });
        portals.set(portal.portalId, { ...portal });
      },
    },
  };
  return { store: store as unknown as Store, portals, writes };
}

/** A `Property` as HubSpot returns it. */
export function asHubSpotProperty(
  definition: HandoffPropertyDefinition,
  overrides: Record<string, unknown> = {},
) {
  return {
    ...definition,
    options: definition.options ?? [],
    displayOrder: -1,
    hidden: false,
    hasUniqueValue: false,
    createdAt: STAMP,
    updatedAt: STAMP,
    archived: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    ...overrides,
  };
}
