import type { Config } from './config';
import { hubspotErrorKind } from './hubspot/error-kind';
import { PortalCircuits } from './hubspot/portal-circuit';
import { handleEvents } from './events/handle-events';
import { handoffJobs, type HandoffJobsDeps } from './events/handlers-by-kind';
import { BACKLOG_LANE, WRITE_BACK_LANE } from './jobs/job-lanes';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import { exponentialBackoff } from './queue/backoff';
import { DEFAULT_LEASE_MS, EventWorker } from './queue/event-worker';
import { DEFAULT_JOB_LEASE_MS, JobWorker } from './queue/job-worker';
import { DEFAULT_PORTAL_LEASE_MS, PortalLeaseKeeper } from './queue/portal-lease-keeper';
import type { Store } from './store/store';

export interface QueueWorkers {
  worker: EventWorker;
  writeBackLane: JobWorker;
  jobWorker: JobWorker;
  leases: PortalLeaseKeeper | undefined;
}

/** The event worker and the job queue's two lanes, sharing one circuit and one lease per portal. */
export function queueWorkers(config: Config, deps: HandoffJobsDeps & { metrics: Metrics }): QueueWorkers {
  const { store, log, now, metrics } = deps;
  const work = handoffJobs(deps);
  // One circuit per portal, shared: an outage seen by either worker holds both queues' work.
  const circuits = new PortalCircuits({ now, timeScale: config.queueTimeScale });
  const leases = portalLeases(config, store, log, now);
  // QUEUE_TIME_SCALE (tests and the reliability suite only) compresses retries and leases.
  const timing = { backoff: exponentialBackoff({ scale: config.queueTimeScale }), leases, now };
  const worker = new EventWorker({
    store,
    handler: handleEvents({ clients: deps.clients, log, handlers: work.events }),
    logger: log,
    metrics,
    classify: hubspotErrorKind,
    gate: circuits,
    ...timing,
    leaseMs: DEFAULT_LEASE_MS * config.queueTimeScale,
    // A decided batch's write-back jobs are committed with it: the write-back lane starts at once.
    afterBatch: () => writeBackLane.notify(),
  });
  // Handoff's own work (write-back, tasks, response clock): waits per portal while HubSpot is out.
  // Two lanes (src/jobs/job-lanes.ts): write-back never queues behind the backlog of other jobs.
  const lane = (name: 'write-back' | 'backlog') =>
    new JobWorker({
      store,
      jobs: work.jobs,
      classify: hubspotErrorKind,
      gate: circuits,
      logger: log.child({ lane: name }),
      metrics,
      pollIntervalMs: 500,
      ...timing,
      leaseMs: DEFAULT_JOB_LEASE_MS * config.queueTimeScale,
      lane: name === 'write-back' ? WRITE_BACK_LANE : BACKLOG_LANE,
    });
  const writeBackLane = lane('write-back');
  return { worker, writeBackLane, jobWorker: lane('backlog'), leases };
}

/**
 * Several processes may share PostgreSQL: each portal's work goes to one of them at a time, so its
 * limiter is the portal's only one. SQLite has one process, which works every portal.
 */
function portalLeases(config: Config, store: Store, log: Logger, now: () => number) {
  if (!config.databaseUrl.startsWith('postgres')) return undefined;
  const leaseMs = Math.max(3_000, DEFAULT_PORTAL_LEASE_MS * config.queueTimeScale);
  return new PortalLeaseKeeper({ store, logger: log, leaseMs, now });
}

export function startQueues(queues: QueueWorkers): void {
  queues.leases?.start();
  queues.worker.start();
  queues.writeBackLane.start();
  queues.jobWorker.start();
}

export async function stopQueues(queues: QueueWorkers): Promise<void> {
  const loops = [queues.worker, queues.jobWorker, queues.writeBackLane];
  await Promise.all(loops.map((loop) => loop.stop({ timeoutMs: 10_000 })));
  await queues.leases?.stop();
}
