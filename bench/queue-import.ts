import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateLeads, startSimulator } from '../simulator';
import type { WebhookSubscription } from '../simulator/webhooks/subscriptions';
import { loadConfig } from '../src/config';
import { HANDOFF_PROPERTIES } from '../src/hubspot/properties';
import { silentLogger } from '../src/log';
import { startHandoff } from '../src/server';
import type { ClaimOptions, StoredEvent } from '../src/store/store';

const PORTAL = 62515;
const TOKEN = 'pat-na1-bench-queue';
const SECRET = 'bench-queue-secret';

export interface ImportFigures {
  leads: number;
  /** First webhook received to last lead written. */
  seconds: number;
  hubspotCalls: number;
  /** New contacts per claimed batch that held any. */
  decisionBatches: number[];
  /** From the first webhook received to the first lead written. */
  firstWriteMs: number;
  /** Per lead: its creation webhook received to its decision written on the contact. */
  latencyMs: { p50: number; p95: number };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isCreation = (event: StoredEvent) =>
  event.objectTypeId === '0-1' && /\.(creation|restore)$/.test(event.subscriptionType);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * `size` new contacts created at once in a simulated portal with HubSpot's limits on, delivered as
 * HubSpot delivers them (a creation and a change per property, 100 events a request), worked by
 * the app as `npm start` runs it. Claims are observed on the app's store: a top-up of a lingering
 * batch (a claim naming its portal) counts toward the batch it fills.
 */
export async function measureImport(size: number): Promise<ImportFigures> {
  const sim = await startSimulator({
    seed: 16,
    rateLimits: true,
    webhooks: { retryScale: 0.002 },
    portals: [{ portalId: PORTAL, accessToken: TOKEN, seed: { seed: 16 } }],
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'handoff-bench-queue-'));
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    DATABASE_URL: `sqlite:${path.join(dir, 'bench.db')}`,
    HUBSPOT_API_BASE_URL: sim.url,
    HUBSPOT_ACCESS_TOKEN: TOKEN,
    HUBSPOT_PORTAL_ID: String(PORTAL),
    HUBSPOT_CLIENT_SECRET: SECRET,
  });
  const app = await startHandoff(config, silentLogger, { port, schedule: false });
  try {
    const batches: number[] = [];
    const claim = app.store.events.claim.bind(app.store.events);
    app.store.events.claim = async (options: ClaimOptions) => {
      const events = await claim(options);
      const creations = events.filter(isCreation).length;
      const topUp = (options as { portalId?: number }).portalId !== undefined;
      if (topUp && batches.length > 0) batches[batches.length - 1] = (batches.at(-1) ?? 0) + creations;
      else if (creations > 0) batches.push(creations);
      return events;
    };
    const portal = sim.portal(PORTAL);
    while (!HANDOFF_PROPERTIES.every((property) => portal.properties.contacts.has(property.name)))
      await sleep(50);
    const file = path.join(__dirname, '..', 'webhooks', 'webhooks.json');
    const { subscriptions } = JSON.parse(readFileSync(file, 'utf8')) as {
      subscriptions: WebhookSubscription[];
    };
    sim.setWebhookTarget(PORTAL, {
      targetUrl: `${app.url}/webhooks/hubspot`,
      clientSecret: SECRET,
      appId: 1,
      subscriptions,
    });
    const callsBefore = sim.callLog.count({ portalId: PORTAL });
    const ids = generateLeads(sim.catalogs.get(PORTAL)!, { count: size, seed: 17 }).map(
      (lead) => portal.create('contacts', lead.properties, { changeSource: 'FORM' }).id,
    );
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const decided = await app.store.decisions.latest(PORTAL, ids);
      const written = [...decided.values()].filter((decision) => decision.writtenAt !== null).length;
      if (written === size) break;
      if (Date.now() > deadline) throw new Error(`import: ${written} of ${size} written after 15 minutes`);
      await sleep(200);
    }
    const decisions = [...(await app.store.decisions.latest(PORTAL, ids)).values()];
    const events = (await app.store.events.list({ portalId: PORTAL, limit: 1_000_000 })).filter(isCreation);
    const receivedAt = new Map(events.map((event) => [String(event.objectId), event.receivedAt]));
    const firstReceived = Math.min(...events.map((event) => event.receivedAt));
    const written = decisions.map((decision) => decision.writtenAt as number);
    const latencies = decisions
      .map(
        (decision) => (decision.writtenAt as number) - (receivedAt.get(decision.contactId) ?? firstReceived),
      )
      .sort((a, b) => a - b);
    return {
      leads: size,
      seconds: (Math.max(...written) - firstReceived) / 1000,
      hubspotCalls: sim.callLog.count({ portalId: PORTAL }) - callsBefore,
      decisionBatches: batches,
      firstWriteMs: Math.min(...written) - firstReceived,
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    };
  } finally {
    await app.stop();
    await sim.stop();
  }
}
