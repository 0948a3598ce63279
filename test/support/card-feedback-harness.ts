import { CardService } from '../../src/card/card-service';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { handoffJobs } from '../../src/events/handlers-by-kind';
import { silentLogger } from '../../src/log';
import type { Store } from '../../src/store/store';
import { signedHeaders } from '../../src/intake/signature';
import { record } from '../hubspot/fixtures';
import { decision } from '../store/decision-battery';
import { CLIENT_SECRET, startHarness, type Harness } from './app-harness';
import { testJobWorker } from './handoff-worker';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from './hubspot-mock';
import { TaskPortal, type Fault } from './task-portal';

export const PORTAL = 62515;
export const USER = '4242';
export const CONTACT = '2001';
export const OWNER = '111';
export const NOW = Date.UTC(2026, 10, 2, 9, 20, 0);
export const TOMORROW = '2026-11-03T15:00:00.000Z';
export const CONTACT_PATH = `/crm/v3/objects/contacts/${CONTACT}`;
const MINUTE = 60_000;

const contactProperties = {
  handoff_status: 'sales_ready',
  handoff_owner: OWNER,
  handoff_stage: 'mql',
  handoff_source: 'Paid search / google',
};

type RequestOptions = { query?: string; sign?: boolean };

export interface CardFeedbackHarness {
  harness: Harness;
  store: Store;
  /** HubSpot's reads (the contact, its owner), checked against the OpenAPI files. */
  hubspot: HubSpotMock;
  /** HubSpot's writes: the tasks and contact updates the jobs make. */
  portal: TaskPortal;
  /** A request as `hubspot.fetch` sends it: HubSpot appends the identity and signs the whole URL. */
  cardFetch(
    method: 'GET' | 'POST',
    path: string,
    options?: RequestOptions & { body?: unknown; rawBody?: string },
  ): Promise<Response>;
  postNextStep(body: unknown, options?: RequestOptions): Promise<Response>;
  postRating(body: unknown, options?: RequestOptions): Promise<Response>;
  /** The job worker as `npm start` wires it, minute by minute of simulated time until the queue is empty. */
  runJobs(): Promise<void>;
  close(): Promise<void>;
}

function clients(): HubSpotClients {
  return new HubSpotClients({
    auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: PORTAL },
    baseUrl: HUBSPOT_TEST_BASE_URL,
    maxRetries: 0,
  });
}

/**
 * The app with its card routes, a routed lead (contact 2001, owner 111, round 1) whose contact
 * HubSpot answers `reads` times, and a portal that keeps tasks and can fail any call.
 */
export async function startCardFeedback(
  options: { reads?: number; fault?: (call: { path: string; n: number }) => Fault } = {},
): Promise<CardFeedbackHarness> {
  const harness = await startHarness(({ store }) => ({
    now: () => NOW,
    card: new CardService({
      store,
      clients: clients(),
      playbook: DEFAULT_PLAYBOOK,
      log: silentLogger,
      now: () => NOW,
    }),
  }));
  const store = harness.store;
  const hubspot = new HubSpotMock();
  if (options.reads)
    hubspot.reply('GET', CONTACT_PATH, 200, record(CONTACT, contactProperties), { times: options.reads });
  const portal = new TaskPortal(options.fault);
  await store.decisions.save(decision(CONTACT, { ownerId: OWNER, decidedAt: NOW - 30 * MINUTE }));

  const cardFetch: CardFeedbackHarness['cardFetch'] = (method, path, request = {}) => {
    const query = request.query ?? `appId=1&portalId=${PORTAL}&userId=${USER}&userEmail=rep%40example.com`;
    const url = `${harness.baseUrl}${path}?${query}`;
    const body = request.rawBody ?? (request.body === undefined ? '' : JSON.stringify(request.body));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (request.sign !== false)
      Object.assign(headers, signedHeaders(CLIENT_SECRET, { method, uri: url, body, timestamp: NOW }));
    return fetch(url, { method, headers, ...(method === 'POST' ? { body } : {}) });
  };

  return {
    harness,
    store,
    hubspot,
    portal,
    cardFetch,
    postNextStep: (body, request = {}) =>
      cardFetch('POST', `/api/card/contacts/${CONTACT}/next-step`, { body, ...request }),
    postRating: (body, request = {}) =>
      cardFetch('POST', `/api/card/contacts/${CONTACT}/rating`, { body, ...request }),
    async runJobs() {
      let now = NOW;
      const { jobs } = handoffJobs({
        store,
        clients: clients(),
        playbook: DEFAULT_PLAYBOOK,
        log: silentLogger,
        now: () => now,
      });
      const worker = testJobWorker(store, jobs, { now: () => now });
      for (let rounds = 0; (await store.jobs.counts()).queued > 0; rounds += 1) {
        if (rounds > 120) throw new Error('the queue did not empty in two simulated hours');
        await worker.drain();
        now += MINUTE;
      }
    },
    async close() {
      TaskPortal.stop();
      await harness.close();
    },
  };
}

export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}
