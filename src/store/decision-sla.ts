import type { Kysely, Selectable } from 'kysely';
import { toStoredDecision } from './decision-queries';
import type { HandoffDecisionsTable, StoreDatabase } from './schema';
import type { StoredDecision } from './decisions';

/** What the SLA sweep may record on a decision; each field is set at most once. */
export interface SlaMark {
  remindedAt?: number;
  breachedAt?: number;
  escalatedAt?: number;
  firstActionAt?: number;
  slaStatus?: string;
}

const COLUMNS = {
  remindedAt: 'reminded_at',
  breachedAt: 'breached_at',
  escalatedAt: 'escalated_at',
  firstActionAt: 'first_action_at',
} as const;

/**
 * Open decisions whose response clock is running: pending, or breached but with no first action
 * yet (escalation and the late first action are still to come), of every portal or one.
 */
export async function pendingSlaDecisions(
  db: Kysely<StoreDatabase>,
  filter: { portalId?: number; limit: number; checkBy?: number },
): Promise<StoredDecision[]> {
  const rows: Selectable<HandoffDecisionsTable>[] = await db
    .selectFrom('handoff_decisions')
    .selectAll()
    .where('sla_status', 'in', ['pending', 'breached'])
    .where('first_action_at', 'is', null)
    .where('sla_due_at', 'is not', null)
    .where('closed_at', 'is', null)
    .$if(filter.portalId !== undefined, (query) => query.where('portal_id', '=', filter.portalId as number))
    .$if(filter.checkBy !== undefined, (query) => query.where('sla_check_at', '<=', filter.checkBy as number))
    .orderBy('sla_due_at')
    .limit(filter.limit)
    .execute();
  return rows.map(toStoredDecision);
}

/**
 * Records what the sweep did on a decision, each time field only if it is still empty: of two
 * schedulers marking the same breach, exactly one gets `true` and acts on it.
 */
export async function markSla(db: Kysely<StoreDatabase>, id: number, mark: SlaMark): Promise<boolean> {
  let query = db.updateTable('handoff_decisions').where('id', '=', id);
  const changes: Record<string, number | string> = {};
  for (const [field, column] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, string]>) {
    const value = mark[field];
    if (value === undefined) continue;
    changes[column] = value;
    query = query.where(column as 'reminded_at', 'is', null);
  }
  if (mark.slaStatus !== undefined) changes.sla_status = mark.slaStatus;
  if (Object.keys(changes).length === 0) return false;
  const result = await query.set(changes).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A lead escalated to another owner: new owner, new response window, what HubSpot now shows. */
export interface Reassignment {
  ownerId: string;
  slaDueAt: number;
  reason: string;
  properties: Record<string, string>;
}

export async function reassignDecision(
  db: Kysely<StoreDatabase>,
  id: number,
  change: Reassignment,
): Promise<void> {
  await db
    .updateTable('handoff_decisions')
    .set({
      owner_id: change.ownerId,
      sla_due_at: change.slaDueAt,
      sla_status: 'pending',
      // A new clock: the next sweep reads it.
      sla_check_at: 0,
      reason: change.reason,
      properties: JSON.stringify(change.properties),
    })
    .where('id', '=', id)
    .execute();
}

/** When the sweep next reads a clock; for a decision still on the due time the sweep read. */
export interface SlaCheck {
  id: number;
  slaDueAt: number;
  checkAt: number;
}

/** Sets each clock's next check, unless its due time changed meanwhile (an escalation's new clock). */
export async function setSlaChecks(db: Kysely<StoreDatabase>, checks: SlaCheck[]): Promise<void> {
  for (const check of checks) {
    await db
      .updateTable('handoff_decisions')
      .set({ sla_check_at: check.checkAt })
      .where('id', '=', check.id)
      .where('sla_due_at', '=', check.slaDueAt)
      .execute();
  }
}
