import { randomBytes } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import { describeError } from '../errors';
import type { Logger } from '../log';
import type { Store } from '../store/store';

export interface ScheduledJob {
  name: string;
  /** A cron expression (node-cron), e.g. `* * * * *` for every minute. */
  schedule: string;
  /** The slot length: one run per slot across every app process sharing the store. */
  everyMs: number;
  /** Does the work; returns a one-line summary for the run's record. */
  run(now: number): Promise<string>;
}

/**
 * Runs the scheduled jobs inside the app process. Several processes may run schedulers on one
 * store: each slot of each job is claimed in the store first, so only one process runs it. What a
 * job acts on is also recorded once per item (set-once marks, unique queue keys), so even two runs
 * of overlapping slots under skewed clocks act once.
 */
export class Scheduler {
  readonly owner: string;
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly options: {
      store: Store;
      log: Logger;
      jobs: ScheduledJob[];
      now?: () => number;
      owner?: string;
    },
  ) {
    this.owner = options.owner ?? `scheduler-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  start(): void {
    for (const job of this.options.jobs) {
      const task = cron.schedule(job.schedule, () => this.track(this.runSlot(job)), {
        name: job.name,
        noOverlap: true,
      });
      this.tasks.push(task);
    }
  }

  async stop(): Promise<void> {
    for (const task of this.tasks) await task.destroy();
    this.tasks.length = 0;
    await Promise.allSettled([...this.running]);
  }

  /** Runs `job` for the slot `now` falls in, unless another process already has that slot. */
  async runSlot(
    job: ScheduledJob,
    now = (this.options.now ?? Date.now)(),
  ): Promise<'ran' | 'skipped' | 'failed'> {
    const slot = Math.floor(now / job.everyMs);
    const { store, log } = this.options;
    if (!(await store.claimJobRun(job.name, slot, this.owner, now))) return 'skipped';
    try {
      const detail = await job.run(now);
      await store.finishJobRun(job.name, slot, { status: 'done', detail }, (this.options.now ?? Date.now)());
      log.info({ job: job.name, slot, detail }, 'scheduled job done');
      return 'ran';
    } catch (error) {
      const detail = describeError(error);
      await store.finishJobRun(
        job.name,
        slot,
        { status: 'failed', detail },
        (this.options.now ?? Date.now)(),
      );
      log.error({ job: job.name, slot, err: detail }, 'scheduled job failed; the next slot runs it again');
      return 'failed';
    }
  }

  private track(work: Promise<unknown>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }
}
