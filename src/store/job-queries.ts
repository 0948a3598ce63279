// Over 300 lines because it is the whole `jobs` table: row types, the claim with its lanes, and each state change, read side by side.
import type { ExpressionBuilder, Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { PortalLeaseScope } from './portal-leases';
import { pickPortal } from './portal-rotation';
import type { StoreDatabase, StoreDialect } from './schema';

/**
 * The job queue's table (migration 0006): Handoff's own work (write a decision to a contact,
 * create its task, act on a response-clock event), next to the webhook inbox but not in it.
 * graphile-worker is the model: a name, a payload, a unique key, `run_at`, attempts and a lease.
 */
export type JobStatus = 'queued' | 'processing' | 'done' | 'dead';

export interface JobsTable {
  id: Generated<number>;
  name: string;
  portal_id: number;
  /** Unique: adding a job whose key exists is a no-op (the outbox may run twice, the job once). */
  job_key: string;
  /** JSON text, checked against the job's schema when it runs (rows outlive deploys). */
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  /** HubSpot's correlation id of the error that dead-lettered or last failed the job. */
  correlation_id: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface JobTables {
  jobs: JobsTable;
}

export interface NewJob {
  name: string;
  portalId: number;
  key: string;
  payload: unknown;
  /** Not before this time (default: now). */
  runAt?: number;
  maxAttempts?: number;
}

export interface StoredJob {
  id: number;
  name: string;
  portalId: number;
  key: string;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  correlationId: string | null;
  createdAt: number;
  finishedAt: number | null;
}

export interface ClaimJobsOptions {
  owner: string;
  limit: number;
  leaseMs: number;
  now: number;
  /** Portals whose work waits (circuit open, install paused): their jobs are not claimed. */
  skipPortals?: number[];
  /** A lane: only jobs of these names, or every name but these (see `src/jobs/job-lanes.ts`). */
  lane?: { only: string[] } | { except: string[] };
  /** Rotation: the portal served last (see portal-rotation.ts). */
  after?: number;
  /** Several processes on one store: only portals this process holds or can take. */
  leases?: PortalLeaseScope;
}

export interface JobFailure {
  error: string;
  correlationId?: string;
  /** Null: dead-letter now. */
  retryAt: number | null;
}

export interface JobFilter {
  portalId?: number;
  status?: JobStatus;
  name?: string;
  limit: number;
}

type Db = Kysely<StoreDatabase>;
type JobsExpression = ExpressionBuilder<StoreDatabase, 'jobs'>;

export const DEFAULT_MAX_ATTEMPTS = 8;

export function toJobRow(job: NewJob, now: number): Insertable<JobsTable> {
  return {
    name: job.name,
    portal_id: job.portalId,
    job_key: job.key,
    payload: JSON.stringify(job.payload ?? null),
    status: 'queued',
    attempts: 0,
    max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    run_at: job.runAt ?? now,
    created_at: now,
  };
}

function toStoredJob(row: Selectable<JobsTable>): StoredJob {
  return {
    id: Number(row.id),
    name: row.name,
    portalId: Number(row.portal_id),
    key: row.job_key,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: Number(row.run_at),
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
    lastError: row.last_error,
    correlationId: row.correlation_id,
    createdAt: Number(row.created_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

/** Adds jobs; a job whose key is already stored (in any status) is skipped. Returns how many were added. */
export async function enqueueJobs(db: Db, jobs: NewJob[], now: number): Promise<number> {
  if (jobs.length === 0) return 0;
  const added = await db
    .insertInto('jobs')
    .values(jobs.map((job) => toJobRow(job, now)))
    .onConflict((conflict) => conflict.column('job_key').doNothing())
    .returning('id')
    .execute();
  return added.length;
}

function available(now: number) {
  return (eb: JobsExpression) =>
    eb.or([
      eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
      eb.and([eb('status', '=', 'processing'), eb('lease_until', '<=', now)]),
    ]);
}

/** Available jobs of a lane: only these names, or every name but these (see `src/jobs/job-lanes.ts`). */
function inLane(now: number, lane: ClaimJobsOptions['lane']) {
  return (eb: JobsExpression) => {
    if (lane === undefined) return available(now)(eb);
    const names = 'only' in lane ? eb('name', 'in', lane.only) : eb('name', 'not in', lane.except);
    return eb.and([available(now)(eb), names]);
  };
}

/**
 * Claims up to `limit` due jobs of one name and one portal (the next portal in rotation, or that of
 * the oldest due job; then that portal's oldest due job's name), so a
 * handler writes them to HubSpot in one batch call. Run inside a transaction (see claim-events.ts
 * for how each engine keeps two claimers apart).
 */
export async function claimJobs(
  db: Db,
  dialect: StoreDialect,
  options: ClaimJobsOptions,
): Promise<StoredJob[]> {
  const skipLocked = dialect === 'postgres';
  // The lane narrows what is available, so the portal picked has work of this lane.
  const availableInLane = inLane(options.now, options.lane);
  const portalId = await pickPortal(db, dialect, 'jobs', availableInLane, options);
  if (portalId === null) return [];
  const first = await db
    .selectFrom('jobs')
    .select('name')
    .where('portal_id', '=', portalId)
    .where(availableInLane)
    .orderBy('run_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!first) return [];
  const picked = await db
    .selectFrom('jobs')
    .select('id')
    .where('portal_id', '=', portalId)
    .where('name', '=', first.name)
    .where(available(options.now))
    .orderBy('id')
    .limit(options.limit)
    .$if(skipLocked, (query) => query.forUpdate().skipLocked())
    .execute();
  if (picked.length === 0) return [];
  const claimed = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'processing',
      lease_owner: options.owner,
      lease_until: options.now + options.leaseMs,
      attempts: eb('attempts', '+', 1),
    }))
    .where(
      'id',
      'in',
      picked.map((row) => row.id),
    )
    .returningAll()
    .execute();
  return claimed.map(toStoredJob).sort((a, b) => a.id - b.id);
}

export async function completeJobs(db: Db, ids: number[], owner: string, now: number): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, lease_owner: null, lease_until: null, last_error: null })
    .where('id', 'in', ids)
    .where('status', '=', 'processing')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function failJob(
  db: Db,
  id: number,
  owner: string,
  failure: JobFailure,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: failure.retryAt === null ? 'dead' : 'queued',
      run_at: failure.retryAt ?? eb.ref('run_at'),
      last_error: failure.error,
      correlation_id: failure.correlationId ?? null,
      lease_owner: null,
      lease_until: null,
      finished_at: failure.retryAt === null ? now : null,
    }))
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Puts claimed jobs back to wait until `runAt` (null: at once) without spending their attempt: a
 * rate limit, an open circuit or a paused install is nothing wrong with the job. Without `ids`,
 * every job `owner` holds (graceful shutdown).
 */
export async function deferJobs(
  db: Db,
  owner: string,
  runAt: number | null,
  ids?: number[],
  note?: string,
): Promise<number> {
  if (ids && ids.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'queued',
      run_at: runAt ?? eb.ref('run_at'),
      attempts: eb('attempts', '-', 1),
      lease_owner: null,
      lease_until: null,
      ...(note === undefined ? {} : { last_error: note }),
    }))
    .$if(ids !== undefined, (query) => query.where('id', 'in', ids as number[]))
    .where('status', '=', 'processing')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Newest first; the admin's dead-letter list is `status: 'dead'`. */
export async function listJobs(db: Db, filter: JobFilter): Promise<StoredJob[]> {
  const rows = await db
    .selectFrom('jobs')
    .selectAll()
    .$if(filter.portalId !== undefined, (q) => q.where('portal_id', '=', filter.portalId as number))
    .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status as JobStatus))
    .$if(filter.name !== undefined, (q) => q.where('name', '=', filter.name as string))
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map(toStoredJob);
}

/** Jobs per status (the queue gauges and `/metrics`). */
export async function jobCounts(db: Db): Promise<Record<JobStatus, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  const counts: Record<JobStatus, number> = { queued: 0, processing: 0, done: 0, dead: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
