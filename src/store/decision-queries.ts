import { PRIORITIES, type Priority } from '../handoff/statuses';
import type { Kysely, Selectable } from 'kysely';
import type { HandoffDecisionsTable, StoreDatabase } from './schema';
import type { NewDecision, RoutingStateRecord, StoredDecision } from './decisions';

/** Statuses that hand a lead to a person; they count against the owner's capacity until closed. */
const ROUTED_STATUSES = ['sales_ready', 'needs_qualification', 'duplicate_or_existing'];

export async function saveDecision(db: Kysely<StoreDatabase>, decision: NewDecision): Promise<number | null> {
  const row = await db
    .insertInto('handoff_decisions')
    .values({
      portal_id: decision.portalId,
      contact_id: decision.contactId,
      round: decision.round,
      status: decision.status,
      priority: decision.priority,
      owner_id: decision.ownerId,
      match: decision.match,
      company_id: decision.companyId,
      deal_id: decision.dealId,
      reason: decision.reason,
      properties: JSON.stringify(decision.properties),
      record: JSON.stringify(decision.record),
      event_key: decision.eventKey,
      decided_at: decision.decidedAt,
      sla_due_at: decision.slaDueAt,
      sla_status: decision.slaStatus,
      playbook_version: decision.playbookVersion ?? null,
      index_version: decision.indexVersion ?? null,
    })
    .onConflict((conflict) => conflict.columns(['portal_id', 'contact_id', 'round']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function latestDecisions(
  db: Kysely<StoreDatabase>,
  portalId: number,
  contactIds: string[],
): Promise<Map<string, StoredDecision>> {
  const latest = new Map<string, StoredDecision>();
  if (contactIds.length === 0) return latest;
  const rows = await db
    .selectFrom('handoff_decisions')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('contact_id', 'in', contactIds)
    .orderBy('round')
    .execute();
  for (const row of rows) latest.set(row.contact_id, toStoredDecision(row));
  return latest;
}

export async function openLeadsByOwner(
  db: Kysely<StoreDatabase>,
  portalId: number,
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('handoff_decisions')
    .select((eb) => ['owner_id', eb.fn.countAll<number>().as('count')])
    .where('portal_id', '=', portalId)
    .where('owner_id', 'is not', null)
    .where('closed_at', 'is', null)
    .where('status', 'in', ROUTED_STATUSES)
    .groupBy('owner_id')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.owner_id as string, Number(row.count)]));
}

export async function getRoutingState(
  db: Kysely<StoreDatabase>,
  portalId: number,
): Promise<RoutingStateRecord> {
  const row = await db
    .selectFrom('routing_states')
    .select(['state', 'version'])
    .where('portal_id', '=', portalId)
    .executeTakeFirst();
  return row ? { state: JSON.parse(row.state) as unknown, version: row.version } : { state: {}, version: 0 };
}

export async function saveRoutingState(
  db: Kysely<StoreDatabase>,
  portalId: number,
  state: unknown,
  expectedVersion: number,
  now: number,
): Promise<boolean> {
  const text = JSON.stringify(state);
  if (expectedVersion === 0) {
    const inserted = await db
      .insertInto('routing_states')
      .values({ portal_id: portalId, state: text, version: 1, updated_at: now })
      .onConflict((conflict) => conflict.column('portal_id').doNothing())
      .returning('version')
      .executeTakeFirst();
    return inserted !== undefined;
  }
  const result = await db
    .updateTable('routing_states')
    .set({ state: text, version: expectedVersion + 1, updated_at: now })
    .where('portal_id', '=', portalId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends a handoff round: it no longer counts against the owner's open-lead capacity. */
export async function closeDecision(db: Kysely<StoreDatabase>, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('handoff_decisions')
    .set({ closed_at: now })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function toStoredDecision(row: Selectable<HandoffDecisionsTable>): StoredDecision {
  return {
    id: Number(row.id),
    portalId: Number(row.portal_id),
    contactId: row.contact_id,
    round: row.round,
    status: row.status,
    priority: priorityOf(row.priority),
    ownerId: row.owner_id,
    match: row.match,
    companyId: row.company_id,
    dealId: row.deal_id,
    reason: row.reason,
    properties: JSON.parse(row.properties) as Record<string, string>,
    record: JSON.parse(row.record) as unknown,
    eventKey: row.event_key,
    decidedAt: Number(row.decided_at),
    writtenAt: row.written_at === null ? null : Number(row.written_at),
    tasksCreatedAt: row.tasks_created_at === null ? null : Number(row.tasks_created_at),
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
    slaDueAt: numberOrNull(row.sla_due_at),
    slaStatus: row.sla_status,
    firstActionAt: numberOrNull(row.first_action_at),
    remindedAt: numberOrNull(row.reminded_at),
    breachedAt: numberOrNull(row.breached_at),
    escalatedAt: numberOrNull(row.escalated_at),
    playbookVersion: row.playbook_version ?? null,
    indexVersion:
      row.index_version === null || row.index_version === undefined ? null : Number(row.index_version),
  };
}

/** Decisions store only the three priorities (`NewDecision` is typed so); anything else reads as none. */
function priorityOf(value: string | null): Priority | null {
  return PRIORITIES.find((priority) => priority === value) ?? null;
}

function numberOrNull(value: number | null): number | null {
  return value === null ? null : Number(value);
}
