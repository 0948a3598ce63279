import type { ZodType } from 'zod';
import type { Logger } from '../log';
import type { Store, StoredJob } from '../store/store';

/**
 * A job of Handoff's own work, graphile-worker style: a name, the schema of its payload and one
 * small handler. To add a job, define it with `defineJob` and add it to the list in
 * `src/jobs/job-list.ts`; enqueue it with `tx.jobs.enqueue({ name, portalId, key, payload }, now)`
 * in the transaction that stores the state asking for it (an outbox), so it exists exactly when
 * that state does. Retries, backoff, leases and dead letters are the queue's business; the handler
 * does one side effect and says per job whether it did.
 */
export interface RunnableJob<P> {
  id: number;
  key: string;
  payload: P;
  /** 1 on the first run. More than 1: an earlier attempt may have reached HubSpot (look before creating). */
  attempts: number;
}

export interface JobContext {
  portalId: number;
  log: Logger;
}

/**
 * `ok`: done; `commit` runs in the transaction that marks the job done (record the side effect,
 * enqueue the next step). Not `ok`: `error` is what was thrown; the queue asks `src/hubspot/` what
 * kind of failure it is. `final`: dead-letter at once whatever the kind (the job can never succeed).
 */
export type JobResult =
  { ok: true; commit?: (tx: Store) => Promise<void> } | { ok: false; error: unknown; final?: boolean };

export interface JobDefinition<P> {
  name: string;
  schema: ZodType<P>;
  /** All due jobs of this name for one portal, oldest first. A job left out of the map is retried. */
  handler: (jobs: Array<RunnableJob<P>>, context: JobContext) => Promise<Map<number, JobResult>>;
}

/** A defined job as the queue runs it: stored payloads are checked against the schema first. */
export interface RegisteredJob {
  name: string;
  run(jobs: StoredJob[], context: JobContext): Promise<Map<number, JobResult>>;
}

export function defineJob<P>(definition: JobDefinition<P>): RegisteredJob {
  return {
    name: definition.name,
    async run(jobs, context) {
      const results = new Map<number, JobResult>();
      const valid: Array<RunnableJob<P>> = [];
      for (const job of jobs) {
        const parsed = definition.schema.safeParse(job.payload);
        if (parsed.success) {
          valid.push({ id: job.id, key: job.key, payload: parsed.data, attempts: job.attempts });
          continue;
        }
        const problem = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
        results.set(job.id, {
          ok: false,
          final: true,
          error: new Error(
            `payload of job ${definition.name} does not match its schema (${problem.join('; ')}); ` +
              'it was stored by another version: enqueue it again in the current shape',
          ),
        });
      }
      if (valid.length > 0)
        for (const [id, result] of await definition.handler(valid, context)) results.set(id, result);
      return results;
    },
  };
}
