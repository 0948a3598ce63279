import {
  claimJobs,
  completeJobs,
  deferJobs,
  enqueueJobs,
  failJob,
  jobCounts,
  listJobs,
  type ClaimJobsOptions,
  type JobFailure,
  type JobFilter,
  type JobStatus,
  type NewJob,
  type StoredJob,
} from './job-queries';
import type { StoreContext } from './store-context';

export type { ClaimJobsOptions, JobFailure, JobFilter, JobStatus, NewJob, StoredJob } from './job-queries';

/** The job queue: side effects with a unique key, claimed in lanes under a lease (migration 0006). */
export interface JobQueue {
  /**
   * Adds a job to the job queue; false when a job with its key exists (in any status), so an outbox
   * write repeated by a retried transaction adds it once. Call it on `tx.jobs` to commit the job
   * with the state that asks for it.
   */
  enqueue(job: NewJob, now: number): Promise<boolean>;
  /** Claims due jobs of one name and one portal, oldest first (see `events.claim` for the lease). */
  claim(options: ClaimJobsOptions): Promise<StoredJob[]>;
  /** Marks jobs `done`, only those still leased by `owner`. */
  complete(ids: number[], owner: string, now: number): Promise<number>;
  /** A failed attempt: queued again at `retryAt`, or dead-lettered with its reason when null. */
  fail(id: number, owner: string, failure: JobFailure, now: number): Promise<boolean>;
  /**
   * Gives claimed jobs back to wait until `runAt` without spending the attempt (rate limit, open
   * circuit, paused install, shutdown); without `ids`, every job `owner` holds.
   */
  defer(owner: string, runAt: number | null, ids?: number[], note?: string): Promise<number>;
  /** Newest first; `status: 'dead'` is the dead-letter list. */
  list(filter: JobFilter): Promise<StoredJob[]>;
  counts(): Promise<Record<JobStatus, number>>;
}

export class KyselyJobQueue implements JobQueue {
  constructor(private readonly store: StoreContext) {}

  async enqueue(job: NewJob, now: number): Promise<boolean> {
    return (await enqueueJobs(this.store.db(), [job], now)) === 1;
  }

  async claim(options: ClaimJobsOptions): Promise<StoredJob[]> {
    if (options.limit <= 0) return [];
    return this.store.atomically((db) => claimJobs(db, this.store.dialect, options));
  }

  complete(ids: number[], owner: string, now: number): Promise<number> {
    return completeJobs(this.store.db(), ids, owner, now);
  }

  fail(id: number, owner: string, failure: JobFailure, now: number): Promise<boolean> {
    return failJob(this.store.db(), id, owner, failure, now);
  }

  defer(owner: string, runAt: number | null, ids?: number[], note?: string): Promise<number> {
    return deferJobs(this.store.db(), owner, runAt, ids, note);
  }

  list(filter: JobFilter): Promise<StoredJob[]> {
    return listJobs(this.store.db(), filter);
  }

  counts(): Promise<Record<JobStatus, number>> {
    return jobCounts(this.store.db());
  }
}
