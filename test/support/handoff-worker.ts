import { DEFAULT_PLAYBOOK, type Playbook } from '../../src/handoff';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { hubspotErrorKind } from '../../src/hubspot/error-kind';
import { PortalCircuits } from '../../src/hubspot/portal-circuit';
import { handleEvents } from '../../src/events/handle-events';
import { handoffJobs } from '../../src/events/handlers-by-kind';
import { silentLogger } from '../../src/log';
import type { EventHandler } from '../../src/queue/event-handler';
import { EventWorker } from '../../src/queue/event-worker';
import type { RegisteredJob } from '../../src/queue/job';
import { JobWorker, type JobWorkerOptions } from '../../src/queue/job-worker';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { HUBSPOT_TEST_BASE_URL } from './hubspot-mock';

export const TEST_PORTAL_ID = 62515;

export interface HandoffWorker {
  store: Store;
  clients: HubSpotClients;
  handler: EventHandler;
  worker: EventWorker;
  jobs: RegisteredJob[];
  jobWorker: JobWorker;
  /** Runs events and the jobs they enqueue (and the jobs those enqueue) until nothing is due. */
  drain(): Promise<number>;
}

/** A job worker as `npm start` wires it (HubSpot's error kinds, a circuit per portal). */
export function testJobWorker(
  store: Store,
  jobs: RegisteredJob[],
  options: Partial<JobWorkerOptions> & { now: () => number },
): JobWorker {
  return new JobWorker({
    store,
    jobs,
    classify: hubspotErrorKind,
    gate: new PortalCircuits({ now: options.now }),
    logger: silentLogger,
    ...options,
  });
}

/** Events, then jobs, repeated until neither worker finds anything due. */
export async function drainBoth(worker: EventWorker, jobWorker: JobWorker): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = (await worker.drain()) + (await jobWorker.drain());
    if (claimed === 0) return total;
    total += claimed;
  }
}

/**
 * The app's queue side as `npm start` wires it (every event handler and job, one worker each) over
 * an in-memory store, talking to HubSpot at the test base URL (answered by HubSpotMock), retries off.
 */
export async function startHandoffWorker(
  options: {
    now: () => number;
    playbook?: Playbook;
    /** The portal's saved playbook, as the admin page's store of versions answers. */
    playbookFor?: (portalId: number) => Promise<Playbook>;
    store?: Store;
  } = { now: Date.now },
): Promise<HandoffWorker> {
  const store = options.store ?? (await openStore('sqlite::memory:'));
  const clients = new HubSpotClients({
    auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: TEST_PORTAL_ID },
    baseUrl: HUBSPOT_TEST_BASE_URL,
    maxRetries: 0,
  });
  const work = handoffJobs({
    store,
    clients,
    playbook: options.playbook ?? DEFAULT_PLAYBOOK,
    playbookFor: options.playbookFor,
    log: silentLogger,
    now: options.now,
  });
  const handler = handleEvents({ clients, log: silentLogger, handlers: work.events });
  const worker = new EventWorker({
    store,
    handler,
    logger: silentLogger,
    now: options.now,
    classify: hubspotErrorKind,
  });
  const jobWorker = testJobWorker(store, work.jobs, { now: options.now });
  return {
    store,
    clients,
    handler,
    worker,
    jobs: work.jobs,
    jobWorker,
    drain: () => drainBoth(worker, jobWorker),
  };
}
