import type { Generated, Kysely, Selectable } from 'kysely';
import type { StoreDatabase } from './schema';
import type { StoreContext } from './store-context';

/**
 * The audit trail of handoff outcomes: who set which outcome on which contact, from where, and
 * what Handoff wrote to HubSpot for it. A row is claimed (`pending`) under its idempotency key
 * before HubSpot is written, then `recorded`; a failed write gives the claim back, so nothing is
 * left behind and the action can be tried again.
 */

export type OutcomeState = 'pending' | 'recorded';
/** Where the outcome was set: the CRM card, an edit of the properties in HubSpot, an associated deal, or Handoff's no-response sweep. */
export type OutcomeSource = 'card' | 'hubspot_property' | 'deal_association' | 'no_response_sweep';

export interface HandoffOutcomesTable {
  id: Generated<number>;
  portal_id: number;
  contact_id: string;
  decision_id: number | null;
  idempotency_key: string;
  state: OutcomeState;
  outcome: string;
  reason_id: string | null;
  note: string | null;
  source: OutcomeSource;
  /** `user:<HubSpot user id>`, `hubspot:<changeSource>` or `deal:<deal id>`. */
  actor: string;
  /** JSON text: the contact properties written to HubSpot for this outcome. */
  properties: string;
  occurred_at: number;
  recorded_at: number | null;
}

export interface OutcomeTables {
  handoff_outcomes: HandoffOutcomesTable;
}

export interface NewOutcomeEvent {
  portalId: number;
  contactId: string;
  decisionId: number | null;
  idempotencyKey: string;
  outcome: string;
  reasonId: string | null;
  note: string | null;
  source: OutcomeSource;
  actor: string;
  occurredAt: number;
}

export interface StoredOutcomeEvent extends NewOutcomeEvent {
  id: number;
  state: OutcomeState;
  properties: Record<string, string>;
  recordedAt: number | null;
}

export interface OutcomeFilter {
  portalId: number;
  contactId?: string;
  limit: number;
  /** Also claims still being written (a card action in flight); audit views leave them out. */
  includePending?: boolean;
}

export type ClaimOutcomeResult =
  { claimed: true; id: number } | { claimed: false; existing: StoredOutcomeEvent };

export async function claimOutcome(
  db: Kysely<StoreDatabase>,
  event: NewOutcomeEvent,
): Promise<ClaimOutcomeResult> {
  const row = await db
    .insertInto('handoff_outcomes')
    .values({
      portal_id: event.portalId,
      contact_id: event.contactId,
      decision_id: event.decisionId,
      idempotency_key: event.idempotencyKey,
      state: 'pending',
      outcome: event.outcome,
      reason_id: event.reasonId,
      note: event.note,
      source: event.source,
      actor: event.actor,
      properties: '{}',
      occurred_at: event.occurredAt,
    })
    .onConflict((conflict) => conflict.columns(['portal_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return { claimed: true, id: Number(row.id) };
  const existing = await db
    .selectFrom('handoff_outcomes')
    .selectAll()
    .where('portal_id', '=', event.portalId)
    .where('idempotency_key', '=', event.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { claimed: false, existing: toStoredOutcome(existing) };
}

export async function completeOutcome(
  db: Kysely<StoreDatabase>,
  id: number,
  properties: Record<string, string>,
  now: number,
): Promise<void> {
  await db
    .updateTable('handoff_outcomes')
    .set({ state: 'recorded', properties: JSON.stringify(properties), recorded_at: now })
    .where('id', '=', id)
    .execute();
}

export async function releaseOutcome(db: Kysely<StoreDatabase>, id: number): Promise<void> {
  await db.deleteFrom('handoff_outcomes').where('id', '=', id).where('state', '=', 'pending').execute();
}

export async function listOutcomes(
  db: Kysely<StoreDatabase>,
  filter: OutcomeFilter,
): Promise<StoredOutcomeEvent[]> {
  const rows = await db
    .selectFrom('handoff_outcomes')
    .selectAll()
    .where('portal_id', '=', filter.portalId)
    .$if(!filter.includePending, (query) => query.where('state', '=', 'recorded'))
    .$if(filter.contactId !== undefined, (query) =>
      query.where('contact_id', '=', filter.contactId as string),
    )
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map(toStoredOutcome);
}

export function toStoredOutcome(row: Selectable<HandoffOutcomesTable>): StoredOutcomeEvent {
  return {
    id: Number(row.id),
    portalId: Number(row.portal_id),
    contactId: row.contact_id,
    decisionId: row.decision_id === null ? null : Number(row.decision_id),
    idempotencyKey: row.idempotency_key,
    state: row.state,
    outcome: row.outcome,
    reasonId: row.reason_id,
    note: row.note,
    source: row.source,
    actor: row.actor,
    properties: JSON.parse(row.properties) as Record<string, string>,
    occurredAt: Number(row.occurred_at),
    recordedAt: row.recorded_at === null ? null : Number(row.recorded_at),
  };
}

/** Sales outcomes (what the rep did with a lead), claimed under an idempotency key, then recorded. */
export interface Outcomes {
  /**
   * Claims an outcome under its idempotency key (unique per portal): the first claim gets an id, a
   * second one (a retried card request, a redelivered event) gets the existing row instead.
   */
  claim(event: NewOutcomeEvent): Promise<ClaimOutcomeResult>;
  /** Marks a claimed outcome recorded, with the properties written to HubSpot for it. */
  complete(id: number, properties: Record<string, string>, now: number): Promise<void>;
  /** Gives back a claim whose HubSpot write failed, so the action can be tried again. */
  release(id: number): Promise<void>;
  /** Recorded outcomes (and pending claims when asked), newest first. */
  list(filter: OutcomeFilter): Promise<StoredOutcomeEvent[]>;
}

export class KyselyOutcomes implements Outcomes {
  constructor(private readonly store: StoreContext) {}

  claim(event: NewOutcomeEvent): Promise<ClaimOutcomeResult> {
    return this.store.atomically((db) => claimOutcome(db, event));
  }

  complete(id: number, properties: Record<string, string>, now: number): Promise<void> {
    return completeOutcome(this.store.db(), id, properties, now);
  }

  release(id: number): Promise<void> {
    return releaseOutcome(this.store.db(), id);
  }

  list(filter: OutcomeFilter): Promise<StoredOutcomeEvent[]> {
    return listOutcomes(this.store.db(), filter);
  }
}
