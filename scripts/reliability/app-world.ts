import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { SimulatorOptions } from '../../simulator/options';
import { generateLeads } from '../../simulator/seed/new-leads';
import { startSimulator, type Simulator } from '../../simulator/start-simulator';
import type { WebhookSubscription } from '../../simulator/webhooks/subscriptions';
import { HANDOFF_PROPERTIES } from '../../src/hubspot/property-definitions';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { freePort } from '../../test/support/wait';
import { AppProcess } from './app-process';
import { Balancer } from './balancer';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface AppWorldOptions {
  /** Names the run's folder (`handoff-<purpose>-<name>-…`) and PostgreSQL schema (`<purpose>_<name>_…`). */
  purpose: 'bench' | 'reliability';
  name: string;
  /** `sqlite` (a file in the run's folder) or a `postgres://` URL (a schema of its own there). */
  database: string;
  /** App processes sharing the store (behind one loopback balancer when more than one). */
  processes: number;
  simulator: SimulatorOptions;
  /** The app's environment besides DATABASE_URL, APP_BASE_URL and HUBSPOT_API_BASE_URL. */
  appEnv: Record<string, string>;
  /**
   * Opens the app's store in this process too (a view through the store's public API), created and
   * migrated before the app processes start. Without it the first app process migrates.
   */
  storeView?: boolean;
}

/** The public app as registered with HubSpot: what the OAuth install and the webhook signatures use. */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  appId: number;
}

/** A lead created in the simulated portal: HubSpot sends its creation and property changes. */
export interface CreatedLead {
  portalId: number;
  contactId: string;
  createdAt: number;
}

/**
 * The world the bench and the reliability suite run in: a seeded simulated HubSpot in this process
 * (its records, call log and write journal are what they measure), the app as `npm start` runs it in
 * one or more real processes on loopback ports (behind a loopback balancer when several), and the
 * app's store, in a folder and a PostgreSQL schema of the run's own.
 */
export class AppWorld {
  private constructor(
    readonly sim: Simulator,
    readonly apps: AppProcess[],
    /** The URL HubSpot calls: the one app, or the balancer in front of several. */
    readonly appUrl: string,
    /** The app's DATABASE_URL (a PostgreSQL one names the run's schema). */
    readonly databaseUrl: string,
    /** The store view, when `storeView` asked for one. */
    readonly store: Store | undefined,
    private readonly cleanUp: () => Promise<void>,
  ) {}

  /** Starts the simulator, the store and every app process, each answering `/readyz`. */
  static async start(options: AppWorldOptions): Promise<AppWorld> {
    const dir = mkdtempSync(path.join(tmpdir(), `handoff-${options.purpose}-${options.name}-`));
    const sim = await startSimulator(options.simulator);
    const database = await openDatabase(options, dir);
    const ports = await Promise.all(Array.from({ length: options.processes }, () => freePort()));
    const apps: AppProcess[] = [];
    const balancer =
      ports.length > 1
        ? await Balancer.start(() => apps.filter((app) => app.running).map((app) => app.url))
        : null;
    const appUrl = balancer?.url ?? `http://127.0.0.1:${ports[0]}`;
    for (const [index, port] of ports.entries()) {
      const env = {
        DATABASE_URL: database.url,
        APP_BASE_URL: appUrl,
        HUBSPOT_API_BASE_URL: sim.url,
        ...options.appEnv,
      };
      apps.push(new AppProcess(port, env, path.join(dir, `app-${index + 1}.log`)));
    }
    const cleanUp = async () => {
      await Promise.all(apps.map((app) => app.stop()));
      await balancer?.stop();
      await sim.stop();
      await database.store?.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    };
    const world = new AppWorld(sim, apps, appUrl, database.url, database.store, cleanUp);
    await world.orStop(() => Promise.all(apps.map((app) => app.start())));
    return world;
  }

  /** Runs a step of setting the world up; when it fails, the world is stopped before the error goes on. */
  async orStop<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      await this.cleanUp();
      throw error;
    }
  }

  /** Installs the app in a portal the way a HubSpot admin does: install link, consent, callback. */
  async installByOAuth(portalId: number, app: OAuthApp): Promise<void> {
    const begin = await fetch(`${this.appUrl}/oauth/install`, { redirect: 'manual' });
    const state = new URL(begin.headers.get('location') ?? '').searchParams.get('state');
    const cookie = (begin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const code = this.sim.issueAuthorizationCode({
      portalId,
      clientId: app.clientId,
      redirectUri: `${this.appUrl}/oauth/callback`,
    });
    const done = await fetch(`${this.appUrl}/oauth/callback?code=${code}&state=${state}`, {
      headers: { cookie },
    });
    if (done.status !== 200) {
      throw new Error(`installing portal ${portalId} failed: ${done.status} ${await done.text()}`);
    }
  }

  /**
   * Once the app has set up its HubSpot properties in the portal, HubSpot sends it webhooks: the
   * app's own subscriptions (webhooks/webhooks.json), signed with the app's secret.
   */
  async connectWebhooks(portalId: number, app: Pick<OAuthApp, 'clientSecret' | 'appId'>): Promise<void> {
    const portal = this.sim.portal(portalId);
    await this.waitFor(
      () => HANDOFF_PROPERTIES.every((property) => portal.properties.contacts.has(property.name)),
      60_000,
      `the app to set up its HubSpot properties in portal ${portalId}`,
    );
    this.sim.setWebhookTarget(portalId, {
      targetUrl: `${this.appUrl}/webhooks/hubspot`,
      clientSecret: app.clientSecret,
      appId: app.appId,
      subscriptions: appSubscriptions(),
    });
  }

  /**
   * New contacts in a portal from form fills, `perSecond` at most (0: at once); HubSpot tells the
   * app of each by webhook. `onLead` hears of each as it is created.
   */
  async createLeads(
    portalId: number,
    count: number,
    options: { perSecond: number; seed: number; onLead?: (lead: CreatedLead, index: number) => void },
  ): Promise<CreatedLead[]> {
    const catalog = this.sim.catalogs.get(portalId);
    if (!catalog) throw new Error(`portal ${portalId} was not seeded`);
    const portal = this.sim.portal(portalId);
    const created: CreatedLead[] = [];
    const started = Date.now();
    for (const lead of generateLeads(catalog, { count, seed: options.seed })) {
      const contact = portal.create('contacts', lead.properties, { changeSource: 'FORM' });
      const createdLead = { portalId, contactId: contact.id, createdAt: Date.now() };
      created.push(createdLead);
      options.onLead?.(createdLead, created.length - 1);
      if (options.perSecond > 0) {
        const due = started + (created.length * 1000) / options.perSecond;
        if (due > Date.now()) await sleep(due - Date.now());
      } else if (created.length % 200 === 0) {
        // Let the webhook sender and the HTTP servers breathe between chunks of an import.
        await sleep(0);
      }
    }
    return created;
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
  options: AppWorldOptions,
  dir: string,
): Promise<{ url: string; store: Store | undefined; drop: () => Promise<void> }> {
  if (options.database === 'sqlite') {
    const url = `sqlite:${path.join(dir, 'handoff.db')}`;
    return { url, store: options.storeView ? await openStore(url) : undefined, drop: async () => undefined };
  }
  const schema = `${options.purpose}_${options.name.replace(/[^a-z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`;
  const url = new URL(options.database);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const store = options.storeView
    ? // Created and migrated here, before the app processes start on it.
      await openStore(options.database, { schema, maxConnections: 2 })
    : await createSchema(options.database, schema);
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

/** An empty schema: the first app process to start migrates it. */
async function createSchema(databaseUrl: string, schema: string): Promise<undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`create schema "${schema}"`);
  await client.end();
  return undefined;
}
