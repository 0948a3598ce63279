import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import { silentLogger } from '../../src/log';
import { createMetrics } from '../../src/metrics';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { signedHeaders } from '../../src/intake/signature';

const SECRET = 'bench-secret';

export interface IntakeFigures {
  /** Events per second through the route with the durable, de-duplicated insert. */
  durable: number;
  /** The same route with the insert replaced by a no-op. */
  withoutInsert: number;
  ratio: number;
  database: string;
}

/**
 * Webhook intake: signed 100-event batches through POST /webhooks/hubspot with the durable insert,
 * against the same route with the insert replaced by a no-op, one after the other on this machine.
 */
export async function intakeRun(options: {
  seconds: number;
  connections: number;
  databaseUrl?: string;
}): Promise<IntakeFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-bench-intake-'));
  const databaseUrl = options.databaseUrl ?? `sqlite:${join(dir, 'bench.db')}`;
  const store = await openStore(databaseUrl);
  try {
    const noInsert: Store = Object.create(store, {
      events: {
        value: Object.create(store.events, {
          insert: { value: async (events: unknown[]) => ({ inserted: events.length, duplicates: 0 }) },
        }),
      },
    });
    const batches = new BatchSource();
    const withoutInsert = await eventsPerSecond(noInsert, batches, options);
    const durable = await eventsPerSecond(store, batches, options);
    return {
      durable,
      withoutInsert,
      ratio: durable / withoutInsert,
      database: databaseUrl.split(':')[0] ?? '',
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh batch each request, so every insert is new work (no de-duplication shortcut). */
class BatchSource {
  private batch = 0;

  next(): string {
    this.batch += 1;
    const events = Array.from({ length: 100 }, (_, i) => ({
      eventId: this.batch * 1000 + i,
      subscriptionId: 25,
      portalId: 62515,
      appId: 1160452,
      occurredAt: 1_700_000_000_000 + this.batch,
      subscriptionType: 'object.creation',
      objectTypeId: '0-1',
      attemptNumber: 0,
      objectId: this.batch * 1000 + i,
      changeFlag: 'CREATED',
      changeSource: 'CRM_UI',
    }));
    return JSON.stringify(events);
  }
}

async function eventsPerSecond(
  store: Store,
  batches: BatchSource,
  options: { seconds: number; connections: number },
): Promise<number> {
  // Listen first: the app needs its own origin to rebuild signed URIs.
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = createApp({
    clientSecret: SECRET,
    appBaseUrl: baseUrl,
    store,
    log: silentLogger,
    metrics: createMetrics(),
    now: Date.now,
    isPortalActive: async () => true,
    onEventsStored: () => undefined,
    oauth: null,
  });
  server.on('request', app);
  const url = `${baseUrl}/webhooks/hubspot`;
  try {
    const result = await autocannon({
      url,
      connections: options.connections,
      duration: options.seconds,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const body = batches.next();
            return {
              ...request,
              body,
              headers: {
                'content-type': 'application/json',
                ...signedHeaders(SECRET, { method: 'POST', uri: url, body }),
              },
            };
          },
        },
      ],
    });
    return (result['2xx'] * 100) / options.seconds;
  } finally {
    server.close();
  }
}
