import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startSimulator, type ChangeEvent, type Simulator, type WebhookSubscription } from '../../simulator';
import { subscribedType, toWebhookEvent } from '../../simulator/webhooks/subscriptions';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { hubspotErrorKind } from '../../src/hubspot/error-kind';
import { handleEvents } from '../../src/events/handle-events';
import { handoffJobs } from '../../src/events/handlers-by-kind';
import { silentLogger } from '../../src/log';
import { EventWorker } from '../../src/queue/event-worker';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { classifyEvent } from '../../src/intake/events';
import { drainBoth, testJobWorker } from './handoff-worker';

export const INDEX_PORTAL = 62515;
const TOKEN = 'pat-na1-index-test';

/** The app's own subscriptions (webhooks/webhooks.json), as HubSpot would hold them. */
export function appSubscriptions(): WebhookSubscription[] {
  const file = path.join(__dirname, '..', '..', 'webhooks', 'webhooks.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { subscriptions: WebhookSubscription[] }).subscriptions;
}

/**
 * A seeded simulated portal and Handoff's queue side over a fresh store (PostgreSQL when
 * DATABASE_URL names one, else SQLite in memory). Every change the portal makes becomes the
 * webhook events the app's subscriptions ask for, stored as the webhook route stores them, unless
 * `dropWebhooks` is set (a webhook HubSpot never delivered).
 */
export interface IndexWorld {
  sim: Simulator;
  store: Store;
  clients: HubSpotClients;
  /** Stores the webhook events of the changes made since the last call, then works the queue. */
  deliver(): Promise<void>;
  dropWebhooks: boolean;
  /** Calls to the simulator of one endpoint (`POST /crm/v3/objects/contacts/search`). */
  calls(endpoint?: string): number;
  close(): Promise<void>;
}

export async function startIndexWorld(seed: { companies: number; contacts: number }): Promise<IndexWorld> {
  const sim = await startSimulator({
    rateLimits: false,
    searchLagMs: 0,
    portals: [{ portalId: INDEX_PORTAL, accessToken: TOKEN, seed: { seed: 11, ...seed } }],
  });
  const databaseUrl = process.env.DATABASE_URL ?? '';
  const schema = `handoff_index_${process.pid}_${randomBytes(3).toString('hex')}`;
  const postgres = databaseUrl.startsWith('postgres');
  const store = postgres ? await openStore(databaseUrl, { schema }) : await openStore('sqlite::memory:');
  const clients = new HubSpotClients({
    auth: { mode: 'static', accessToken: TOKEN, portalId: INDEX_PORTAL },
    baseUrl: sim.url,
    maxRetries: 0,
  });
  const now = Date.now;
  const work = handoffJobs({ store, clients, playbook: DEFAULT_PLAYBOOK, log: silentLogger, now });
  const worker = new EventWorker({
    store,
    handler: handleEvents({ clients, log: silentLogger, handlers: work.events }),
    logger: silentLogger,
    now,
    classify: hubspotErrorKind,
  });
  const jobWorker = testJobWorker(store, work.jobs, { now });
  const subscriptions = appSubscriptions();
  const pending: ChangeEvent[] = [];
  let eventId = 1;
  const world: IndexWorld = {
    sim,
    store,
    clients,
    dropWebhooks: false,
    async deliver() {
      const changes = pending.splice(0);
      const events = changes.flatMap((change) =>
        subscriptions.flatMap((subscription, index) => {
          const type = subscribedType(subscription, change);
          if (type === null) return [];
          const classified = classifyEvent(
            toWebhookEvent(change, type, {
              eventId: eventId++,
              subscriptionId: index + 1,
              appId: 1,
            }) as never,
          );
          return classified.kind === 'supported' ? [classified.event] : [];
        }),
      );
      if (events.length > 0) await store.events.insert(events, now());
      await drainBoth(worker, jobWorker);
    },
    calls: (endpoint) => sim.callLog.count({ portalId: INDEX_PORTAL, ...(endpoint ? { endpoint } : {}) }),
    async close() {
      await store.close();
      await sim.stop();
      if (postgres) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
      }
    },
  };
  sim.portal(INDEX_PORTAL).onChange((change) => {
    if (!world.dropWebhooks) pending.push(change);
  });
  return world;
}
