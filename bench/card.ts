/**
 * Card backend latency under HubSpot's per-account ceiling of 20 concurrent `hubspot.fetch`
 * requests: signed GET context and POST outcome requests through the real app, store and HubSpot
 * client, against a local stand-in for HubSpot's API answering in `--hubspot-ms` (default 0, so the
 * figure is Handoff's own share). The client's rate limiter is lifted: it would measure HubSpot's
 * quota, not this code. Prints p50/p95/p99 per route.
 *
 *   npm run bench:card -- [--seconds 10] [--connections 20] [--hubspot-ms 0]
 */
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app';
import { CardService } from '../src/card/card-service';
import { DEFAULT_PLAYBOOK } from '../src/handoff';
import { HubSpotClients } from '../src/hubspot/client-registry';
import { silentLogger } from '../src/log';
import { createMetrics } from '../src/metrics';
import { openStore } from '../src/store/open-store';
import { signedHeaders } from '../src/intake/signature';

const secret = 'bench-secret';
const PORTAL = 62515;
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');
const seconds = Number(args.get('--seconds') ?? 10);
const connections = Number(args.get('--connections') ?? 20);
const hubspotMs = Number(args.get('--hubspot-ms') ?? 0);

const STAMP = '2026-11-02T09:00:00.000Z';
function fakeHubSpot(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const send = (body: unknown) =>
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }, hubspotMs);
  const object = (id: string, properties: Record<string, string | null>) => ({
    id,
    properties,
    createdAt: STAMP,
    updatedAt: STAMP,
    archived: false,
  });
  req.resume();
  if (path.startsWith('/crm/v3/objects/contacts/batch/update')) {
    send({ status: 'COMPLETE', results: [], startedAt: STAMP, completedAt: STAMP });
  } else if (path.startsWith('/crm/v3/objects/contacts/')) {
    send(
      object(path.split('/').pop() ?? '1', {
        handoff_status: 'sales_ready',
        handoff_priority: 'high',
        handoff_owner: '111',
        handoff_reason: 'Sales-ready (high): fit 80, intent 90: round robin in Sales to Dana Rep',
        handoff_sla_due_at: new Date(Date.now() + 30 * 60_000).toISOString(),
        handoff_sla_status: 'pending',
        handoff_matched_deal_id: '7001',
        handoff_source: 'Paid search / google',
        jobtitle: 'VP Marketing',
      }),
    );
  } else if (path.startsWith('/crm/v3/objects/deals/')) {
    send(object('7001', { dealname: 'Acme renewal', dealstage: 'qualifiedtobuy' }));
  } else if (path.startsWith('/crm/v3/owners/')) {
    send({ id: '111', email: 'dana@example.com', firstName: 'Dana', lastName: 'Rep', type: 'PERSON' });
  } else {
    res.writeHead(404).end();
  }
}

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ url: string; close: () => void }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function run(
  name: string,
  baseUrl: string,
  request: () => { method: 'GET' | 'POST'; path: string; body?: string },
) {
  const latencies: number[] = [];
  let instance: autocannon.Instance | undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: baseUrl,
        connections,
        duration: seconds,
        requests: [
          {
            setupRequest: (req) => {
              const next = request();
              const body = next.body ?? '';
              return {
                ...req,
                method: next.method,
                path: next.path,
                body: next.body,
                headers: {
                  'content-type': 'application/json',
                  ...signedHeaders(secret, { method: next.method, uri: baseUrl + next.path, body }),
                },
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  instance?.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await done;
  latencies.sort((a, b) => a - b);
  const non2xx = result.non2xx + result.errors + result.timeouts;
  console.log(
    `${name.padEnd(22)} ${String(latencies.length).padStart(6)} requests  ` +
      `p50 ${percentile(latencies, 50).toFixed(1)} ms  p95 ${percentile(latencies, 95).toFixed(1)} ms  ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms  ${Math.round(result.requests.average)} req/s  ` +
      `failed ${non2xx}`,
  );
}

async function main(): Promise<void> {
  const hubspot = await listen(fakeHubSpot);
  const store = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'handoff-bench-')), 'card.db')}`);
  const clients = new HubSpotClients({
    auth: { mode: 'static', accessToken: 'bench-token', portalId: PORTAL },
    baseUrl: hubspot.url,
    limits: { standard: { maxCalls: 1_000_000, windowMs: 1_000, safetyMargin: 0 } },
    maxRetries: 0,
  });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on(
    'request',
    createApp({
      clientSecret: secret,
      appBaseUrl: appUrl,
      store,
      log: silentLogger,
      metrics: createMetrics(),
      now: Date.now,
      isPortalActive: async () => true,
      onEventsStored: () => undefined,
      oauth: null,
      card: new CardService({ store, clients, playbook: DEFAULT_PLAYBOOK, log: silentLogger, now: Date.now }),
    }),
  );
  const identity = `portalId=${PORTAL}&userId=4242&appId=1`;
  console.log(
    `card backend, ${connections} concurrent connections, ${seconds} s each, HubSpot stand-in ${hubspotMs} ms`,
  );
  let contact = 1000;
  await run('GET context', appUrl, () => ({
    method: 'GET',
    path: `/api/card/contacts/${(contact++ % 500) + 1000}?${identity}`,
  }));
  let click = 0;
  await run('POST outcome', appUrl, () => {
    click += 1;
    return {
      method: 'POST',
      path: `/api/card/contacts/${(click % 500) + 1000}/outcome?${identity}`,
      body: JSON.stringify({ action: 'accept', requestId: `bench-${click.toString().padStart(8, '0')}` }),
    };
  });
  server.close();
  hubspot.close();
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
