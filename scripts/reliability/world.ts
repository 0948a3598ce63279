import type { Simulator } from '../../simulator/start-simulator';
import type { Portal } from '../../simulator/portal';
import type { Store } from '../../src/store/store';
import type { AppProcess } from './app-process';
import { AppWorld, sleep } from './app-world';
import { queueFigures } from './measure';

export const PORTAL_ID = 62515;
const TOKEN = 'pat-na1-reliability-token';
export const CLIENT_SECRET = 'reliability-client-secret';
const APP_ID = 4_242_001;

export interface WorldOptions {
  /** Names the run's folder and PostgreSQL schema. */
  name: string;
  /** `sqlite` (default) or a `postgres://` URL: the run gets a schema of its own there. */
  database?: string;
  /** App processes sharing the store (behind one loopback balancer when more than one). */
  processes?: number;
  seed?: number;
  rateLimits?: boolean;
  /** QUEUE_TIME_SCALE of the app processes. */
  queueTimeScale?: number;
  /** Each webhook delivery sent this many times at once. */
  webhookCopies?: [number, number];
}

/**
 * One reliability run's world (app-world.ts): one seeded portal the app reaches with a private-app
 * token, and a read-only view of the app's store through the store's public API.
 */
export class World {
  readonly sim: Simulator;
  readonly portal: Portal;
  readonly apps: AppProcess[];
  readonly store: Store;
  /** The URL HubSpot calls: the one app, or the balancer in front of several. */
  readonly appUrl: string;

  private constructor(
    private readonly world: AppWorld,
    store: Store,
  ) {
    this.sim = world.sim;
    this.portal = world.sim.portal(PORTAL_ID);
    this.apps = world.apps;
    this.store = store;
    this.appUrl = world.appUrl;
  }

  static async start(options: WorldOptions): Promise<World> {
    const seed = options.seed ?? 42;
    const world = await AppWorld.start({
      purpose: 'reliability',
      name: options.name,
      database: options.database || 'sqlite',
      processes: options.processes ?? 1,
      simulator: {
        seed,
        rateLimits: options.rateLimits ?? true,
        // HubSpot's day of webhook retries, compressed so a failed delivery comes back within seconds.
        webhooks: { retryScale: 0.002, copies: options.webhookCopies ?? [1, 1] },
        portals: [{ portalId: PORTAL_ID, accessToken: TOKEN, seed: { seed } }],
      },
      appEnv: {
        HUBSPOT_ACCESS_TOKEN: TOKEN,
        HUBSPOT_PORTAL_ID: String(PORTAL_ID),
        HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
        LOG_LEVEL: 'warn',
        QUEUE_TIME_SCALE: String(options.queueTimeScale ?? 1),
      },
      storeView: true,
    });
    const store = await world.orStop(async () => {
      await world.connectWebhooks(PORTAL_ID, { clientSecret: CLIENT_SECRET, appId: APP_ID });
      if (!world.store) throw new Error('the reliability world reads the store: start it with storeView');
      return world.store;
    });
    return new World(world, store);
  }

  /** New contacts from form fills, at `perSecond`; HubSpot tells the app of each by webhook. */
  async streamLeads(
    count: number,
    perSecond: number,
    options: { seed?: number; onLead?: (contactId: string, index: number) => void } = {},
  ): Promise<string[]> {
    const leads = await this.world.createLeads(PORTAL_ID, count, {
      perSecond,
      seed: options.seed ?? 43,
      onLead: options.onLead && ((lead, index) => options.onLead?.(lead.contactId, index)),
    });
    return leads.map((lead) => lead.contactId);
  }

  /** Lead contacts HubSpot holds a Handoff status for. */
  handled(contactIds: readonly string[]): number {
    return contactIds.filter((id) => this.portal.get('contacts', id)?.properties.handoff_status).length;
  }

  /**
   * Waits until every webhook is delivered and the app's inbox and jobs are empty (done or dead),
   * and every lead is handled; false when `timeoutMs` passes first, or when the queue has stayed
   * empty for a few seconds with leads unhandled (nothing is left that could handle them).
   */
  async settle(contactIds: readonly string[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let quietSince: number | null = null;
    while (Date.now() < deadline) {
      const quiet = (await this.idle()) && !this.sim.webhooks.busy;
      if (quiet && this.handled(contactIds) === contactIds.length) return true;
      quietSince = quiet ? (quietSince ?? Date.now()) : null;
      if (quietSince !== null && Date.now() - quietSince > 3_000) return false;
      await sleep(250);
    }
    return false;
  }

  /** Settled as far as it goes: no event or job left to run and no webhook pending, whatever is handled. */
  async quiet(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.idle()) && !this.sim.webhooks.busy) return true;
      await sleep(250);
    }
    return false;
  }

  /** Nothing left to run: no webhook event and no job queued or being run. */
  async idle(): Promise<boolean> {
    const figures = await queueFigures(this.store).catch(() => null);
    return figures?.waiting === 0;
  }

  waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return this.world.waitFor(check, timeoutMs, what);
  }

  stop(): Promise<void> {
    return this.world.stop();
  }
}
