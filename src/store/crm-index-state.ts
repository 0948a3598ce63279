import type { Kysely, Selectable } from 'kysely';
import type { CrmIndexStatesTable } from './crm-index-tables';
import type { StoreDatabase } from './schema';

export type IndexedObjectType = 'companies' | 'deals' | 'contacts';

/**
 * `empty`: never synced; `syncing`: a full sync is paging through HubSpot's lists (matching still
 * searches); `ready`: every list was read once and webhooks and the sweep keep it fresh.
 */
export type CrmIndexPhase = 'empty' | 'syncing' | 'ready';

/** How fresh a portal's index is, and where a running sync resumes. */
export interface CrmIndexState {
  portalId: number;
  phase: CrmIndexPhase;
  /**
   * Per object type: the list cursor (`after`) the sync resumes from, or `done`; and under
   * `sweep:<type>`, the modified time a delta sweep cut short by search's result window resumes from.
   */
  cursors: Partial<Record<IndexedObjectType | `sweep:${IndexedObjectType}`, string>>;
  /** Records stored and HubSpot calls made by the current (or last) sync. */
  records: number;
  calls: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Goes up with every change applied: a decision keeps the version it read. */
  version: number;
  lastWebhookAt: number | null;
  lastSweepAt: number | null;
  updatedAt: number;
}

export type CrmIndexStatePatch = Partial<
  Pick<
    CrmIndexState,
    'phase' | 'cursors' | 'records' | 'calls' | 'startedAt' | 'finishedAt' | 'lastWebhookAt' | 'lastSweepAt'
  >
> & {
  /** Adds one to the version (a change was applied). */
  bump?: boolean;
};

export async function crmIndexState(db: Kysely<StoreDatabase>, portalId: number): Promise<CrmIndexState> {
  const row = await db
    .selectFrom('crm_index_states')
    .selectAll()
    .where('portal_id', '=', portalId)
    .executeTakeFirst();
  return row ? toState(row) : emptyState(portalId);
}

/** Applies `patch` (inserting the row on first use) and returns the state after it. */
export async function saveCrmIndexState(
  db: Kysely<StoreDatabase>,
  portalId: number,
  patch: CrmIndexStatePatch,
  now: number,
): Promise<CrmIndexState> {
  await db
    .insertInto('crm_index_states')
    .values({
      portal_id: portalId,
      phase: 'empty',
      cursors: '{}',
      records: 0,
      calls: 0,
      version: 0,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.column('portal_id').doNothing())
    .execute();
  const { bump, cursors, ...fields } = patch;
  await db
    .updateTable('crm_index_states')
    .set((eb) => ({
      ...(fields.phase !== undefined ? { phase: fields.phase } : {}),
      ...(cursors !== undefined ? { cursors: JSON.stringify(cursors) } : {}),
      ...(fields.records !== undefined ? { records: fields.records } : {}),
      ...(fields.calls !== undefined ? { calls: fields.calls } : {}),
      ...(fields.startedAt !== undefined ? { started_at: fields.startedAt } : {}),
      ...(fields.finishedAt !== undefined ? { finished_at: fields.finishedAt } : {}),
      ...(fields.lastWebhookAt !== undefined ? { last_webhook_at: fields.lastWebhookAt } : {}),
      ...(fields.lastSweepAt !== undefined ? { last_sweep_at: fields.lastSweepAt } : {}),
      ...(bump ? { version: eb('version', '+', 1) } : {}),
      updated_at: now,
    }))
    .where('portal_id', '=', portalId)
    .execute();
  return crmIndexState(db, portalId);
}

function emptyState(portalId: number): CrmIndexState {
  return {
    portalId,
    phase: 'empty',
    cursors: {},
    records: 0,
    calls: 0,
    startedAt: null,
    finishedAt: null,
    version: 0,
    lastWebhookAt: null,
    lastSweepAt: null,
    updatedAt: 0,
  };
}

function toState(row: Selectable<CrmIndexStatesTable>): CrmIndexState {
  const orNull = (value: number | null) => (value === null ? null : Number(value));
  return {
    portalId: Number(row.portal_id),
    phase: row.phase as CrmIndexPhase,
    cursors: JSON.parse(row.cursors) as CrmIndexState['cursors'],
    records: Number(row.records),
    calls: Number(row.calls),
    startedAt: orNull(row.started_at),
    finishedAt: orNull(row.finished_at),
    version: Number(row.version),
    lastWebhookAt: orNull(row.last_webhook_at),
    lastSweepAt: orNull(row.last_sweep_at),
    updatedAt: Number(row.updated_at),
  };
}
