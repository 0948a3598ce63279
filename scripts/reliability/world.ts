import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { generateLeads } from '../../simulator/seed/new-leads';
import { startSimulator, type Simulator } from '../../simulator/start-simulator';
import type { Portal } from '../../simulator/portal';
import type { WebhookSubscription } from '../../simulator/webhooks/subscriptions';
import { HANDOFF_PROPERTIES } from '../../src/hubspot/handoff-properties';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { freePort } from '../../test/support/wait';
import { AppProcess } from './app-process';
import { queueFigures } from './measure';
import { Balancer } from './balancer';

export const PORTAL_ID = 62515;
const TOKEN = 'pat-na1-reliability-token';
export const CLIENT_SECRET = 'reliability-client-secret';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
 * One run's world: a seeded simulated HubSpot in this process (its records, call log and write
 * journal are what the suite measures), the app in real processes on loopback ports, and a
 * read-only view of the app's store through the store's public API.
 */
export class World {
  private constructor(
    readonly sim: Simulator,
    readonly portal: Portal,
    readonly apps: AppProcess[],
    readonly store: Store,
    /** The URL HubSpot calls: the one app, or the balancer in front of several. */
    readonly appUrl: string,
    private readonly cleanUp: () => Promise<void>,
  ) {}

  static async start(options: WorldOptions): Promise<World> {
    const seed = options.seed ?? 42;
    const dir = mkdtempSync(path.join(tmpdir(), `handoff-reliability-${options.name}-`));
    const sim = await startSimulator({
      seed,
      rateLimits: options.rateLimits ?? true,
      // HubSpot's day of webhook retries, compressed so a failed delivery comes back within seconds.
      webhooks: { retryScale: 0.002, copies: options.webhookCopies ?? [1, 1] },
      portals: [{ portalId: PORTAL_ID, accessToken: TOKEN, seed: { seed } }],
    });
    const database = await openDatabase(options, dir);
    const ports = await Promise.all(Array.from({ length: options.processes ?? 1 }, () => freePort()));
    const apps: AppProcess[] = [];
    const balancer =
      ports.length > 1
        ? await Balancer.start(() => apps.filter((app) => app.running).map((app) => app.url))
        : null;
    const appUrl = balancer?.url ?? `http://127.0.0.1:${ports[0]}`;
    for (const [index, port] of ports.entries()) {
      apps.push(
        new AppProcess(
          port,
          {
            DATABASE_URL: database.url,
            APP_BASE_URL: appUrl,
            HUBSPOT_API_BASE_URL: sim.url,
            HUBSPOT_ACCESS_TOKEN: TOKEN,
            HUBSPOT_PORTAL_ID: String(PORTAL_ID),
            HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
            LOG_LEVEL: 'warn',
            QUEUE_TIME_SCALE: String(options.queueTimeScale ?? 1),
          },
          path.join(dir, `app-${index + 1}.log`),
        ),
      );
    }
    const cleanUp = async () => {
      await Promise.all(apps.map((app) => app.stop()));
      await balancer?.stop();
      await sim.stop();
      await database.store.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    };
    const world = new World(sim, sim.portal(PORTAL_ID), apps, database.store, appUrl, cleanUp);
    try {
      await Promise.all(apps.map((app) => app.start()));
      await world.waitFor(
        () => HANDOFF_PROPERTIES.every((property) => world.portal.properties.contacts.has(property.name)),
        60_000,
        'the app to set up its HubSpot properties',
      );
      sim.setWebhookTarget(PORTAL_ID, {
        targetUrl: `${appUrl}/webhooks/hubspot`,
        clientSecret: CLIENT_SECRET,
        appId: 4_242_001,
        subscriptions: appSubscriptions(),
      });
    } catch (error) {
      await cleanUp();
      throw error;
    }
    return world;
  }

  /** New contacts from form fills, at `perSecond`; HubSpot tells the app of each by webhook. */
  async streamLeads(
    count: number,
    perSecond: number,
    options: { seed?: number; onLead?: (contactId: string, index: number) => void } = {},
  ): Promise<string[]> {
    const catalog = this.sim.catalogs.get(PORTAL_ID);
    if (!catalog) throw new Error('the simulated portal was not seeded');
    const leads = generateLeads(catalog, { count, seed: options.seed ?? 43 });
    const ids: string[] = [];
    const started = Date.now();
    for (const lead of leads) {
      const contact = this.portal.create('contacts', lead.properties, { changeSource: 'FORM' });
      ids.push(contact.id);
      options.onLead?.(contact.id, ids.length - 1);
      const due = started + (ids.length * 1000) / perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    return ids;
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

  async waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  stop(): Promise<void> {
    return this.cleanUp();
  }
}

/** The app's own webhook subscriptions (webhooks/webhooks.json), as HubSpot would hold them. */
function appSubscriptions(): WebhookSubscription[] {
  const file = path.join(__dirname, '..', '..', 'webhooks', 'webhooks.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { subscriptions: WebhookSubscription[] }).subscriptions;
}

/** The run's store: a SQLite file in its folder, or a fresh schema of the PostgreSQL database. */
async function openDatabase(
  options: WorldOptions,
  dir: string,
): Promise<{ url: string; store: Store; drop: () => Promise<void> }> {
  if (!options.database || options.database === 'sqlite') {
    const url = `sqlite:${path.join(dir, 'handoff.db')}`;
    return { url, store: await openStore(url), drop: async () => undefined };
  }
  const schema = `reliability_${options.name.replace(/[^a-z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`;
  // Created and migrated here, before the app processes start on it.
  const store = await openStore(options.database, { schema, maxConnections: 2 });
  const url = new URL(options.database);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    store,
    drop: async () => {
      const client = new pg.Client({ connectionString: options.database });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
