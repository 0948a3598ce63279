import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AppProcess } from '../../scripts/reliability/app-process';
import { Balancer } from '../../scripts/reliability/balancer';
import { generateLeads } from '../../simulator/seed/new-leads';
import { startSimulator, type Simulator } from '../../simulator/start-simulator';
import type { Portal } from '../../simulator/portal';
import type { WebhookSubscription } from '../../simulator/webhooks/subscriptions';
import { HANDOFF_PROPERTIES } from '../../src/hubspot/handoff-properties';
import { openStore } from '../../src/store/open-store';
import { freePort } from '../../test/support/wait';
import { isIndexSync } from './figures';

const CLIENT_ID = 'bench-client-id';
export const CLIENT_SECRET = 'bench-client-secret';
const APP_ID = 4_242_016;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BenchWorldOptions {
  name: string;
  /** Installed portals, each seeded with its own owners, companies and contacts. */
  portals: number[];
  /** `sqlite` (a file in the run's folder) or a `postgres://` URL (a schema of its own there). */
  database: string;
  processes: number;
  /** Added to every HubSpot answer. */
  latencyMs?: number;
  /** Seeded companies and contacts per portal (the simulator's defaults when omitted). */
  seedSize?: { companies: number; contacts: number };
}

/** A lead created in the simulated portal: HubSpot sends its creation and property changes. */
export interface CreatedLead {
  portalId: number;
  contactId: string;
  createdAt: number;
}

/**
 * One bench run's world: the simulated HubSpot with its limits on (110 calls per rolling 10 s and 5
 * searches per second, per portal) in this process, the app as `npm start` runs it in one or more
 * processes (behind a loopback balancer when several), installed into each portal by OAuth as a
 * customer installs it, with the app's own webhook subscriptions.
 */
export class BenchWorld {
  private constructor(
    readonly sim: Simulator,
    readonly apps: AppProcess[],
    readonly appUrl: string,
    /** The app's DATABASE_URL (a PostgreSQL one names the run's schema). */
    readonly databaseUrl: string,
    private readonly cleanUp: () => Promise<void>,
  ) {}

  static async start(options: BenchWorldOptions): Promise<BenchWorld> {
    const dir = mkdtempSync(path.join(tmpdir(), `handoff-bench-${options.name}-`));
    const sim = await startSimulator({
      seed: 16,
      rateLimits: true,
      latencyMs: options.latencyMs ?? 0,
      oauthApps: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, appId: APP_ID }],
      portals: options.portals.map((portalId, index) => ({
        portalId,
        seed: { seed: 100 + index, ...options.seedSize },
      })),
    });
    const database = await openDatabase(options, dir);
    const ports = await Promise.all(Array.from({ length: options.processes }, () => freePort()));
    const apps: AppProcess[] = [];
    const balancer =
      ports.length > 1
        ? await Balancer.start(() => apps.filter((app) => app.running).map((app) => app.url))
        : null;
    const appUrl = balancer?.url ?? `http://127.0.0.1:${ports[0]}`;
    const key = randomBytes(32).toString('hex');
    for (const [index, port] of ports.entries()) {
      const env = {
        DATABASE_URL: database.url,
        APP_BASE_URL: appUrl,
        HUBSPOT_API_BASE_URL: sim.url,
        HUBSPOT_CLIENT_ID: CLIENT_ID,
        HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
        TOKEN_ENCRYPTION_KEY: key,
        LOG_LEVEL: 'warn',
      };
      apps.push(new AppProcess(port, env, path.join(dir, `app-${index + 1}.log`)));
    }
    const cleanUp = async () => {
      await Promise.all(apps.map((app) => app.stop()));
      await balancer?.stop();
      await sim.stop();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    };
    const world = new BenchWorld(sim, apps, appUrl, database.url, cleanUp);
    try {
      await Promise.all(apps.map((app) => app.start()));
      for (const portalId of options.portals) await world.install(portalId);
    } catch (error) {
      await cleanUp();
      throw error;
    }
    // Steady state: matching reads the CRM index the install builds. Its sync is reported apart.
    await world.waitIndexReady(options.portals);
    world.indexSync = {
      calls: sim.callLog.entries.filter((call) => isIndexSync(call)).length,
    };
    // Installation's own calls (properties, owners, index sync) are not part of any figure.
    sim.callLog.clear();
    return world;
  }

  /** The install's CRM index build: list calls paging every company, deal and contact. */
  indexSync = { calls: 0 };

  /** Waits until the app's CRM index of every portal is ready (read from the app's own store). */
  private async waitIndexReady(portalIds: readonly number[], timeoutMs = 300_000): Promise<void> {
    const store = await openStore(this.databaseUrl);
    try {
      const deadline = Date.now() + timeoutMs;
      for (const portalId of portalIds) {
        while ((await store.crmIndex.state(portalId)).phase !== 'ready') {
          if (Date.now() > deadline)
            throw new Error(`the CRM index of portal ${portalId} was not built in time`);
          await sleep(100);
        }
      }
    } finally {
      await store.close();
    }
  }

  portal(portalId: number): Portal {
    return this.sim.portal(portalId);
  }

  /** Creates `count` new contacts in a portal from form fills, `perSecond` at most (0: at once). */
  async createLeads(portalId: number, count: number, perSecond: number, seed = 7): Promise<CreatedLead[]> {
    const catalog = this.sim.catalogs.get(portalId);
    if (!catalog) throw new Error(`portal ${portalId} was not seeded`);
    const portal = this.portal(portalId);
    const created: CreatedLead[] = [];
    const started = Date.now();
    for (const lead of generateLeads(catalog, { count, seed: seed + portalId })) {
      const contact = portal.create('contacts', lead.properties, { changeSource: 'FORM' });
      created.push({ portalId, contactId: contact.id, createdAt: Date.now() });
      if (perSecond > 0) {
        const due = started + (created.length * 1000) / perSecond;
        if (due > Date.now()) await sleep(due - Date.now());
      } else if (created.length % 200 === 0) {
        // Let the webhook sender and the HTTP servers breathe between chunks of an import.
        await sleep(0);
      }
    }
    return created;
  }

  /** When each lead's Handoff status was first written to HubSpot (epoch ms), if it was. */
  writtenAt(leads: readonly CreatedLead[]): Map<string, number> {
    const wanted = new Set(leads.map((lead) => `${lead.portalId}:${lead.contactId}`));
    const written = new Map<string, number>();
    for (const portalId of new Set(leads.map((lead) => lead.portalId))) {
      for (const write of this.portal(portalId).writes) {
        const key = `${portalId}:${write.id}`;
        if (write.type !== 'contacts' || !write.properties.handoff_status || !wanted.has(key)) continue;
        if (!written.has(key)) written.set(key, write.at);
      }
    }
    return written;
  }

  /** Waits until every lead is written; false when `timeoutMs` passes first. */
  async waitWritten(leads: readonly CreatedLead[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const done = leads.every(
        (lead) => this.portal(lead.portalId).get('contacts', lead.contactId)?.properties.handoff_status,
      );
      if (done) return true;
      await sleep(50);
    }
    return false;
  }

  stop(): Promise<void> {
    return this.cleanUp();
  }

  /** As a customer installs the app: authorize, then the callback; then HubSpot sends webhooks. */
  private async install(portalId: number): Promise<void> {
    const begin = await fetch(`${this.appUrl}/oauth/install`, { redirect: 'manual' });
    const state = new URL(begin.headers.get('location') ?? '').searchParams.get('state');
    const cookie = (begin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const code = this.sim.issueAuthorizationCode({
      portalId,
      clientId: CLIENT_ID,
      redirectUri: `${this.appUrl}/oauth/callback`,
    });
    const done = await fetch(`${this.appUrl}/oauth/callback?code=${code}&state=${state}`, {
      headers: { cookie },
    });
    if (done.status !== 200) {
      throw new Error(`installing portal ${portalId} failed: ${done.status} ${await done.text()}`);
    }
    const portal = this.portal(portalId);
    const deadline = Date.now() + 60_000;
    while (!HANDOFF_PROPERTIES.every((property) => portal.properties.contacts.has(property.name))) {
      if (Date.now() > deadline) throw new Error(`portal ${portalId}: properties not set up in 60 s`);
      await sleep(100);
    }
    this.sim.setWebhookTarget(portalId, {
      targetUrl: `${this.appUrl}/webhooks/hubspot`,
      clientSecret: CLIENT_SECRET,
      appId: APP_ID,
      subscriptions: appSubscriptions(),
    });
  }
}

/** The app's own webhook subscriptions (webhooks/webhooks.json), as HubSpot would hold them. */
function appSubscriptions(): WebhookSubscription[] {
  const file = path.join(__dirname, '..', '..', 'webhooks', 'webhooks.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { subscriptions: WebhookSubscription[] }).subscriptions;
}

async function openDatabase(
  options: BenchWorldOptions,
  dir: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (options.database === 'sqlite') {
    return { url: `sqlite:${path.join(dir, 'handoff.db')}`, drop: async () => undefined };
  }
  const schema = `bench_${options.name.replace(/[^a-z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`;
  const url = new URL(options.database);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const client = new pg.Client({ connectionString: options.database });
  await client.connect();
  await client.query(`create schema "${schema}"`);
  await client.end();
  return {
    url: url.toString(),
    drop: async () => {
      const admin = new pg.Client({ connectionString: options.database });
      await admin.connect();
      try {
        await admin.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await admin.end();
      }
    },
  };
}
