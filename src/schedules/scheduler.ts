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

  /**
   * Runs `job` for the slot `now` falls in, unless another process already has that slot. Never
   * rejects: it runs from a cron tick, where a rejected promise would end the process.
   */
  async runSlot(
    job: ScheduledJob,
    now = (this.options.now ?? Date.now)(),
  ): Promise<'ran' | 'skipped' | 'failed'> {
    const slot = Math.floor(now / job.everyMs);
    const { log } = this.options;
    try {
      if (!(await this.options.store.schedules.claimRun(job.name, slot, this.owner, now))) return 'skipped';
    } catch (error) {
      log.error({ job: job.name, slot, err: describeError(error) }, 'could not claim a scheduled slot');
      return 'failed';
    }
    let result: { status: 'done' | 'failed'; detail: string };
    try {
      result = { status: 'done', detail: await job.run(now) };
    } catch (error) {
      result = { status: 'failed', detail: describeError(error) };
    }
    try {
      await this.options.store.schedules.finishRun(job.name, slot, result, (this.options.now ?? Date.now)());
    } catch (error) {
      // The slot stays claimed without a finish; the next slot runs the job again.
      log.error({ job: job.name, slot, err: describeError(error) }, 'could not record a scheduled run');
      return 'failed';
    }
    if (result.status === 'done') {
      log.info({ job: job.name, slot, detail: result.detail }, 'scheduled job done');
      return 'ran';
    }
    log.error(
      { job: job.name, slot, err: result.detail },
      'scheduled job failed; the next slot runs it again',
    );
    return 'failed';
  }

  private track(work: Promise<unknown>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }
}
