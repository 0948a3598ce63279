/**
 * Webhook intake throughput: signed 100-event batches through POST /webhooks/hubspot with the
 * durable, de-duplicated insert, against the same route with the insert replaced by a no-op, in
 * one run on this machine. Prints both figures and the ratio.
 *
 *   npm run bench:intake -- [--seconds 10] [--connections 10] [--database sqlite:./tmp/bench.db]
 */
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app';
import { silentLogger } from '../src/log';
import { createMetrics } from '../src/metrics';
import { openStore } from '../src/store/open-store';
import type { Store } from '../src/store/store';
import { signedHeaders } from '../src/webhooks/signature';

const secret = 'bench-secret';
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');
const seconds = Number(args.get('--seconds') ?? 10);
const connections = Number(args.get('--connections') ?? 10);
const databaseUrl =
  args.get('--database') ?? `sqlite:${join(mkdtempSync(join(tmpdir(), 'handoff-bench-')), 'bench.db')}`;

let batchNumber = 0;
/** A fresh batch each request, so every insert is new work (no de-duplication shortcut). */
function nextBatch(): string {
  batchNumber += 1;
  const events = Array.from({ length: 100 }, (_, i) => ({
    eventId: batchNumber * 1000 + i,
    subscriptionId: 25,
    portalId: 62515,
    appId: 1160452,
    occurredAt: 1_700_000_000_000 + batchNumber,
    subscriptionType: 'object.creation',
    objectTypeId: '0-1',
    attemptNumber: 0,
    objectId: batchNumber * 1000 + i,
    changeFlag: 'CREATED',
    changeSource: 'CRM_UI',
  }));
  return JSON.stringify(events);
}

async function measure(label: string, store: Store): Promise<autocannon.Result> {
  const metrics = createMetrics();
  // Listen first: the app needs its own origin to rebuild signed URIs.
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const app = createApp({
    clientSecret: secret,
    appBaseUrl: baseUrl,
    store,
    log: silentLogger,
    metrics,
    now: Date.now,
    isPortalActive: async () => true,
    onEventsStored: () => undefined,
    oauth: null,
  });
  server.on('request', app);
  const url = `${baseUrl}/webhooks/hubspot`;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const body = nextBatch();
          return {
            ...request,
            body,
            headers: {
              'content-type': 'application/json',
              ...signedHeaders(secret, { method: 'POST', uri: url, body }),
            },
          };
        },
      },
    ],
  });
  server.close();
  const ok = result['2xx'];
  console.log(
    `${label.padEnd(28)} ${(ok / seconds).toFixed(0).padStart(6)} batches/s  ${((ok * 100) / seconds).toFixed(0).padStart(7)} events/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}`,
  );
  return result;
}

async function main(): Promise<void> {
  const store = await openStore(databaseUrl);
  const noInsert: Store = Object.create(store, {
    insertEvents: { value: async (events: unknown[]) => ({ inserted: events.length, duplicates: 0 }) },
  });
  console.log(
    `intake benchmark: ${seconds}s each, ${connections} connections, 100 events per batch, ${databaseUrl.split(':')[0]}`,
  );
  const baseline = await measure('route without insert', noInsert);
  const durable = await measure('route with durable insert', store);
  const ratio = durable.requests.average / baseline.requests.average;
  console.log(`ratio (durable / without insert): ${ratio.toFixed(2)}`);
  const stats = await store.queueStats(Date.now());
  console.log(`events stored: ${stats.byStatus.queued}`);
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
