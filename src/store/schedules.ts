import type { Kysely } from 'kysely';
import type { StoreDatabase } from './schema';
import type { StoreContext } from './store-context';

export type { Reassignment, SlaCheck, SlaMark } from './decision-sla';

/** Scheduled jobs' runs (one process per time slot) and their per-portal cursors. */
export interface Schedules {
  /** Claims a scheduled job's run for one time slot; false when another process has it. */
  claimRun(job: string, slot: number, owner: string, now: number): Promise<boolean>;
  finishRun(
    job: string,
    slot: number,
    result: { status: 'done' | 'failed'; detail?: string },
    now: number,
  ): Promise<void>;
  cursor(portalId: number, name: string): Promise<number | null>;
  setCursor(portalId: number, name: string, value: number, now: number): Promise<void>;
}

export class KyselySchedules implements Schedules {
  constructor(private readonly store: StoreContext) {}

  claimRun(job: string, slot: number, owner: string, now: number): Promise<boolean> {
    return claimJobRun(this.store.db(), job, slot, owner, now);
  }

  finishRun(
    job: string,
    slot: number,
    result: { status: 'done' | 'failed'; detail?: string },
    now: number,
  ): Promise<void> {
    return finishJobRun(this.store.db(), job, slot, result, now);
  }

  cursor(portalId: number, name: string): Promise<number | null> {
    return getCursor(this.store.db(), portalId, name);
  }

  setCursor(portalId: number, name: string, value: number, now: number): Promise<void> {
    return setCursor(this.store.db(), portalId, name, value, now);
  }
}

/** The first process to claim a job's slot runs it; every other process skips that slot. */
async function claimJobRun(
  db: Kysely<StoreDatabase>,
  job: string,
  slot: number,
  owner: string,
  now: number,
): Promise<boolean> {
  const row = await db
    .insertInto('job_runs')
    .values({ job, slot, owner, started_at: now, status: 'running' })
    .onConflict((conflict) => conflict.columns(['job', 'slot']).doNothing())
    .returning('job')
    .executeTakeFirst();
  return row !== undefined;
}

async function finishJobRun(
  db: Kysely<StoreDatabase>,
  job: string,
  slot: number,
  result: { status: 'done' | 'failed'; detail?: string },
  now: number,
): Promise<void> {
  await db
    .updateTable('job_runs')
    .set({ status: result.status, detail: result.detail ?? null, finished_at: now })
    .where('job', '=', job)
    .where('slot', '=', slot)
    .execute();
}

async function getCursor(db: Kysely<StoreDatabase>, portalId: number, name: string): Promise<number | null> {
  const row = await db
    .selectFrom('job_cursors')
    .select('value')
    .where('portal_id', '=', portalId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? Number(row.value) : null;
}

async function setCursor(
  db: Kysely<StoreDatabase>,
  portalId: number,
  name: string,
  value: number,
  now: number,
): Promise<void> {
  await db
    .insertInto('job_cursors')
    .values({ portal_id: portalId, name, value, updated_at: now })
    .onConflict((conflict) => conflict.columns(['portal_id', 'name']).doUpdateSet({ value, updated_at: now }))
    .execute();
}
