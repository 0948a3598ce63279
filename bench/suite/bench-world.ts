import { randomBytes } from 'node:crypto';
import type { Portal } from '../../simulator/portal';
import type { Simulator } from '../../simulator/start-simulator';
import type { AppProcess } from '../../scripts/reliability/app-process';
import { AppWorld, sleep, type CreatedLead, type OAuthApp } from '../../scripts/reliability/app-world';
import { openStore } from '../../src/store/open-store';
import { isIndexSync } from './figures';

export type { CreatedLead } from '../../scripts/reliability/app-world';

export const CLIENT_SECRET = 'bench-client-secret';
const APP: OAuthApp = { clientId: 'bench-client-id', clientSecret: CLIENT_SECRET, appId: 4_242_016 };

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

/**
 * One bench run's world (app-world.ts): the simulated HubSpot with its limits on (110 calls per
 * rolling 10 s and 5 searches per second, per portal), the app in one or more processes, installed
 * into each portal by OAuth as a customer installs it, with the app's own webhook subscriptions.
 */
export class BenchWorld {
  readonly sim: Simulator;
  readonly apps: AppProcess[];
  readonly appUrl: string;
  /** The app's DATABASE_URL (a PostgreSQL one names the run's schema). */
  readonly databaseUrl: string;

  private constructor(private readonly world: AppWorld) {
    this.sim = world.sim;
    this.apps = world.apps;
    this.appUrl = world.appUrl;
    this.databaseUrl = world.databaseUrl;
  }

  static async start(options: BenchWorldOptions): Promise<BenchWorld> {
    const world = await AppWorld.start({
      purpose: 'bench',
      name: options.name,
      database: options.database,
      processes: options.processes,
      simulator: {
        seed: 16,
        rateLimits: true,
        latencyMs: options.latencyMs ?? 0,
        oauthApps: [APP],
        portals: options.portals.map((portalId, index) => ({
          portalId,
          seed: { seed: 100 + index, ...options.seedSize },
        })),
      },
      appEnv: {
        HUBSPOT_CLIENT_ID: APP.clientId,
        HUBSPOT_CLIENT_SECRET: APP.clientSecret,
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        LOG_LEVEL: 'warn',
      },
    });
    await world.orStop(async () => {
      for (const portalId of options.portals) {
        await world.installByOAuth(portalId, APP);
        await world.connectWebhooks(portalId, APP);
      }
    });
    const bench = new BenchWorld(world);
    // Steady state: matching reads the CRM index the install builds. Its sync is reported apart.
    await bench.waitIndexReady(options.portals);
    bench.indexSync = {
      calls: world.sim.callLog.entries.filter((call) => isIndexSync(call)).length,
    };
    // Installation's own calls (properties, owners, index sync) are not part of any figure.
    world.sim.callLog.clear();
    return bench;
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
  createLeads(portalId: number, count: number, perSecond: number, seed = 7): Promise<CreatedLead[]> {
    return this.world.createLeads(portalId, count, { perSecond, seed: seed + portalId });
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
    return this.world.stop();
  }
}
