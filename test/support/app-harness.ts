import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from '../../src/app';
import { silentLogger } from '../../src/log';
import { createMetrics } from '../../src/metrics';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { signedHeaders } from '../../src/intake/signature';

export const CLIENT_SECRET = 'harness-client-secret';

export interface Harness {
  baseUrl: string;
  store: Store;
  deps: AppDeps;
  storedNotifications: number;
  /** POSTs a body to a path, signed as HubSpot signs it unless told otherwise. */
  post(
    path: string,
    body: string,
    options?: { sign?: boolean; timestamp?: number; secret?: string },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** The real app on a random loopback port over a fresh in-memory store. */
export async function startHarness(
  overrides: Partial<AppDeps> | ((context: { store: Store; baseUrl: string }) => Partial<AppDeps>) = {},
): Promise<Harness> {
  const store = await openStore('sqlite::memory:');
  // Listen first: the app needs its own origin (APP_BASE_URL) to rebuild signed URIs.
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const harness = { storedNotifications: 0 } as Harness;
  const deps: AppDeps = {
    clientSecret: CLIENT_SECRET,
    appBaseUrl: baseUrl,
    store,
    log: silentLogger,
    metrics: createMetrics(),
    now: Date.now,
    isPortalActive: async () => true,
    onEventsStored: () => {
      harness.storedNotifications += 1;
    },
    oauth: null,
    ...(typeof overrides === 'function' ? overrides({ store, baseUrl }) : overrides),
  };
  server.on('request', createApp(deps));
  return Object.assign(harness, {
    baseUrl,
    store,
    deps,
    async post(
      path: string,
      body: string,
      options: { sign?: boolean; timestamp?: number; secret?: string } = {},
    ) {
      const url = baseUrl + path;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.sign !== false) {
        Object.assign(
          headers,
          signedHeaders(options.secret ?? CLIENT_SECRET, {
            method: 'POST',
            uri: url,
            body,
            timestamp: options.timestamp,
          }),
        );
      }
      return fetch(url, { method: 'POST', headers, body });
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await store.close();
    },
  });
}
