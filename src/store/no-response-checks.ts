import type { Kysely, Selectable } from 'kysely';
import { HANDED_TO_SALES_STATUSES } from '../handoff/handed-to-sales';
import { toStoredDecision } from './decision-queries';
import type { HandoffDecisionsTable, StoreDatabase } from './schema';
import type { StoredDecision } from './decisions';
import type { StoreContext } from './store-context';

export interface NoResponseChecksTable {
  decision_id: number;
  portal_id: number;
  /** Epoch ms: the sweep leaves the decision alone until then. */
  next_check_at: number;
  checked_at: number;
}

export interface NoResponseCheckTables {
  no_response_checks: NoResponseChecksTable;
}

export interface DueNoResponseFilter {
  now: number;
  /** Only rounds handed to sales at or before this time (the policy's shortest possible wait). */
  handedBefore: number;
  limit: number;
}

export interface NoResponseCheck {
  portalId: number;
  decisionId: number;
  nextCheckAt: number;
}

/**
 * Open handoff rounds with an owner, handed to sales long enough ago, never looked at or due
 * again; the longest-waiting first.
 */
export async function dueNoResponseChecks(
  db: Kysely<StoreDatabase>,
  filter: DueNoResponseFilter,
): Promise<StoredDecision[]> {
  const rows = await db
    .selectFrom('handoff_decisions as d')
    .leftJoin('no_response_checks as c', 'c.decision_id', 'd.id')
    .selectAll('d')
    .where('d.closed_at', 'is', null)
    .where('d.owner_id', 'is not', null)
    .where('d.status', 'in', [...HANDED_TO_SALES_STATUSES])
    .where('d.decided_at', '<=', filter.handedBefore)
    .where((eb) => eb.or([eb('c.next_check_at', 'is', null), eb('c.next_check_at', '<=', filter.now)]))
    .orderBy('d.decided_at')
    .limit(filter.limit)
    .execute();
  return rows.map((row) => toStoredDecision(row as Selectable<HandoffDecisionsTable>));
}

/** Sets when each decision is next due; a later sweep's answer replaces an earlier one. */
export async function scheduleNoResponseChecks(
  db: Kysely<StoreDatabase>,
  checks: readonly NoResponseCheck[],
  now: number,
): Promise<void> {
  for (const check of checks) {
    await db
      .insertInto('no_response_checks')
      .values({
        decision_id: check.decisionId,
        portal_id: check.portalId,
        next_check_at: check.nextCheckAt,
        checked_at: now,
      })
      .onConflict((conflict) =>
        conflict.column('decision_id').doUpdateSet({ next_check_at: check.nextCheckAt, checked_at: now }),
      )
      .execute();
  }
}

/** When each open round handed to sales is next checked for a first response (issue 11). */
export interface NoResponseChecks {
  /**
   * Open rounds handed to sales whose no-response check is due (never checked, or due by `now`),
   * of every portal, the longest-waiting first (issue 11).
   */
  due(filter: DueNoResponseFilter): Promise<StoredDecision[]>;
  /** When each decision's no-response check is next due. */
  schedule(checks: readonly NoResponseCheck[], now: number): Promise<void>;
}

export class KyselyNoResponseChecks implements NoResponseChecks {
  constructor(private readonly store: StoreContext) {}

  due(filter: DueNoResponseFilter): Promise<StoredDecision[]> {
    return dueNoResponseChecks(this.store.db(), filter);
  }

  async schedule(checks: readonly NoResponseCheck[], now: number): Promise<void> {
    if (checks.length === 0) return;
    await this.store.atomically((db) => scheduleNoResponseChecks(db, checks, now));
  }
}
