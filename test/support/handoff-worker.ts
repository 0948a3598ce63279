import { DEFAULT_PLAYBOOK, type Playbook } from '../../src/handoff';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { handleEvents } from '../../src/jobs/handle-events';
import { handoffJobs } from '../../src/jobs/handoff-jobs';
import { silentLogger } from '../../src/log';
import type { EventHandler } from '../../src/queue/event-handler';
import { EventWorker } from '../../src/queue/event-worker';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { HUBSPOT_TEST_BASE_URL } from './hubspot-mock';

export const TEST_PORTAL_ID = 62515;

export interface HandoffWorker {
  store: Store;
  clients: HubSpotClients;
  handler: EventHandler;
  worker: EventWorker;
}

/**
 * The app's queue side as `npm start` wires it (every job handler, one worker) over an in-memory
 * store, talking to HubSpot at the test base URL (answered by HubSpotMock), retries off.
 */
export async function startHandoffWorker(
  options: { now: () => number; playbook?: Playbook; store?: Store } = { now: Date.now },
): Promise<HandoffWorker> {
  const store = options.store ?? (await openStore('sqlite::memory:'));
  const clients = new HubSpotClients({
    auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: TEST_PORTAL_ID },
    baseUrl: HUBSPOT_TEST_BASE_URL,
    maxRetries: 0,
  });
  const handlers = handoffJobs({
    store,
    clients,
    playbook: options.playbook ?? DEFAULT_PLAYBOOK,
    log: silentLogger,
    now: options.now,
  });
  const handler = handleEvents({ clients, log: silentLogger, handlers });
  const worker = new EventWorker({ store, handler, logger: silentLogger, now: options.now });
  return { store, clients, handler, worker };
}
