import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { describeError } from '../errors';
import type { Logger } from '../log';
import type { ClaimJobsOptions, PortalLeaseScope, Store, StoredJob } from '../store/store';
import { exponentialBackoff, type Backoff } from './backoff';
import { circuitAfterBatch, type FailureKind, type PortalGate } from './failure-kind';
import type { JobResult, RegisteredJob } from './job';

export interface JobQueueMetrics {
  jobsDone: { inc(labels: { name: string }, value?: number): void };
  jobsFailed: { inc(labels: { name: string; kind: string }): void };
  jobsDeadLettered: { inc(labels: { name: string; kind: string }): void };
}

/** How long a job claim holds by default: one or two HubSpot batch calls and their rate-limit waits. */
export const DEFAULT_JOB_LEASE_MS = 5 * 60_000;

export interface JobWorkerOptions {
  store: Store;
  jobs: RegisteredJob[];
  classify: (error: unknown) => FailureKind;
  logger: Logger;
  gate?: PortalGate;
  metrics?: JobQueueMetrics;
  owner?: string;
  batchSize?: number;
  /**
   * How long a claim holds. A batch is one or two HubSpot batch calls; the default leaves room for
   * the client's own rate-limit waits. A batch outliving it may run twice: every job is written to
   * be safe to repeat (recorded steps, look before create).
   */
  leaseMs?: number;
  pollIntervalMs?: number;
  backoff?: Backoff;
  /** Several processes on one store: claim only the portals this process leases. */
  leases?: { scope(): PortalLeaseScope };
  now?: () => number;
  /** Which jobs this worker claims (default: all); see `src/jobs/job-lanes.ts`. */
  lane?: ClaimJobsOptions['lane'];
}

/**
 * Runs the job queue: claims due jobs (one name, one portal per batch), runs their handler and
 * records each result. Waiting that is nobody's fault (a rate limit, an open circuit, a paused
 * install) gives the attempt back; a refusal dead-letters at once with HubSpot's message and
 * correlation id; anything else retries with jittered backoff until the job's attempts run out.
 */
export class JobWorker {
  readonly owner: string;
  private readonly log: Logger;
  private readonly byName: Map<string, RegisteredJob>;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private run?: { stopping: boolean; done: Promise<void> };
  private wake?: () => void;
  /** A `notify()` that came while a batch ran: the next idle wait is skipped, not slept through. */
  private notified = false;
  /** The portal of the last batch: claims rotate across portals with work. */
  private lastPortal?: number;

  constructor(private readonly options: JobWorkerOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:jobs:${randomBytes(3).toString('hex')}`;
    this.log = options.logger.child({ worker: this.owner });
    this.byName = new Map(options.jobs.map((job) => [job.name, job]));
    this.backoff = options.backoff ?? exponentialBackoff();
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.run) return;
    const run = { stopping: false, done: Promise.resolve() };
    run.done = this.loop(run);
    this.run = run;
  }

  notify(): void {
    if (this.wake) this.wake();
    else this.notified = true;
  }

  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.run = undefined;
    run.stopping = true;
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      run.done,
      new Promise((resolve) => (timer = setTimeout(resolve, options.timeoutMs ?? 10_000))),
    ]);
    clearTimeout(timer);
    await this.options.store.jobs.defer(this.owner, null);
  }

  /** Claims and runs one batch; returns how many jobs it claimed. */
  async runOnce(): Promise<number> {
    const jobs = await this.options.store.jobs.claim({
      owner: this.owner,
      limit: this.options.batchSize ?? 100,
      leaseMs: this.options.leaseMs ?? DEFAULT_JOB_LEASE_MS,
      now: this.now(),
      skipPortals: this.options.gate?.waiting(),
      lane: this.options.lane,
      after: this.lastPortal,
      leases: this.options.leases?.scope(),
    });
    if (jobs.length > 0) {
      this.lastPortal = (jobs[0] as StoredJob).portalId;
      await this.runBatch(jobs);
    }
    return jobs.length;
  }

  /** Runs batches until none is due now. */
  async drain(): Promise<number> {
    let total = 0;
    for (let claimed = await this.runOnce(); claimed > 0; claimed = await this.runOnce()) total += claimed;
    return total;
  }

  private async loop(run: { stopping: boolean }): Promise<void> {
    while (!run.stopping) {
      let claimed = 0;
      this.notified = false;
      try {
        claimed = await this.runOnce();
      } catch (error) {
        this.log.error({ err: describeError(error) }, 'job worker could not claim or settle a batch');
      }
      // Nothing due; a notify() during the claim (jobs committed meanwhile) means look again now.
      if (claimed > 0 || run.stopping || this.notified) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollIntervalMs ?? 1_000);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async runBatch(jobs: StoredJob[]): Promise<void> {
    const first = jobs[0] as StoredJob;
    const log = this.log.child({ portalId: first.portalId, job: first.name, batchSize: jobs.length });
    const gate = this.options.gate;
    if (gate && !gate.allow(first.portalId)) {
      await this.options.store.jobs.defer(this.owner, this.now() + 1_000, ids(jobs), 'HubSpot circuit open');
      return;
    }
    const definition = this.byName.get(first.name);
    const results = definition
      ? await this.runHandler(definition, jobs, log)
      : new Map<number, JobResult>(
          jobs.map((job) => [
            job.id,
            {
              ok: false,
              final: true,
              error: new Error(`no handler for job ${job.name}: this version does not run it`),
            },
          ]),
        );
    const circuit = this.updateCircuit(first.portalId, results, log);
    for (const job of jobs) {
      try {
        await this.settle(job, results.get(job.id), circuit, log);
      } catch (error) {
        log.error(
          { jobId: job.id, err: describeError(error) },
          'could not record a job result; retried after its lease',
        );
      }
    }
  }

  private async runHandler(
    definition: RegisteredJob,
    jobs: StoredJob[],
    log: Logger,
  ): Promise<Map<number, JobResult>> {
    try {
      return await definition.run(jobs, { portalId: (jobs[0] as StoredJob).portalId, log });
    } catch (error) {
      return new Map(jobs.map((job) => [job.id, { ok: false, error }]));
    }
  }

  private updateCircuit(portalId: number, results: Map<number, JobResult>, log: Logger): { until?: number } {
    const failures = [...results.values()].flatMap((o) =>
      o.ok || o.final ? [] : [this.options.classify(o.error)],
    );
    return circuitAfterBatch(this.options.gate, portalId, failures, log);
  }

  private async settle(
    job: StoredJob,
    result: JobResult | undefined,
    circuit: { until?: number },
    log: Logger,
  ): Promise<void> {
    const { store, metrics } = this.options;
    const now = this.now();
    if (result?.ok) {
      const commit = result.commit;
      try {
        await store.transaction(async (tx) => {
          await commit?.(tx);
          if ((await tx.jobs.complete([job.id], this.owner, now)) !== 1) {
            throw new Error(`lease on job ${job.id} lost before completion`);
          }
        });
        metrics?.jobsDone.inc({ name: job.name });
        return;
      } catch (error) {
        // Nothing of the commit was stored (a version check lost, the lease moved): try again later.
        result = { ok: false, error };
      }
    }
    const failure: FailureKind = result
      ? result.final
        ? { kind: 'rejected', message: describeError(result.error) }
        : this.options.classify(result.error)
      : { kind: 'internal', message: 'the handler gave no outcome for this job' };
    const correlationId = 'correlationId' in failure ? failure.correlationId : undefined;
    if (failure.kind === 'rate_limited') {
      await store.jobs.defer(this.owner, now + failure.waitMs, [job.id], failure.message);
      return;
    }
    if (circuit.until !== undefined && failure.kind !== 'rejected') {
      await store.jobs.defer(this.owner, circuit.until, [job.id], failure.message);
      return;
    }
    const dead = failure.kind === 'rejected' || job.attempts >= job.maxAttempts;
    const retryAt = dead ? null : now + this.backoff(job.attempts);
    await store.jobs.fail(job.id, this.owner, { error: failure.message, correlationId, retryAt }, now);
    metrics?.jobsFailed.inc({ name: job.name, kind: failure.kind });
    if (dead) {
      metrics?.jobsDeadLettered.inc({ name: job.name, kind: failure.kind });
      log.error(
        { jobId: job.id, key: job.key, kind: failure.kind, correlationId, err: failure.message },
        'job dead-lettered',
      );
    } else {
      log.warn({ jobId: job.id, kind: failure.kind, retryAt, err: failure.message }, 'job failed; retrying');
    }
  }
}

function ids(jobs: StoredJob[]): number[] {
  return jobs.map((job) => job.id);
}
