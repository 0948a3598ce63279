// Over 300 lines because ratings and next steps are one aggregate (the card's feedback): two small tables with parallel queries.
import type { Generated, Kysely, Selectable } from 'kysely';
import type { StoreDatabase } from './schema';
import type { StoreContext } from './store-context';

/**
 * Sales' feedback recorded on the card (migration 0011): lead-quality ratings and next steps. One
 * row per card request; the request id is unique per portal, so a retried request adds nothing and
 * gets the first row back.
 */

export interface LeadRatingsTable {
  id: Generated<number>;
  portal_id: number;
  contact_id: string;
  /** The handoff round rated; 0 when Handoff never decided the contact. */
  round: number;
  rating: number;
  reason_id: string | null;
  note: string | null;
  /** `user:<HubSpot user id>`. */
  rated_by: string;
  rated_at: number;
  request_id: string;
}

export interface NextStepsTable {
  id: Generated<number>;
  portal_id: number;
  contact_id: string;
  round: number;
  what: string;
  due_at: number;
  /** The HubSpot owner the task is for. */
  owner_id: string;
  requested_by: string;
  requested_at: number;
  request_id: string;
}

export interface LeadFeedbackTables {
  lead_ratings: LeadRatingsTable;
  next_steps: NextStepsTable;
}

export interface NewLeadRating {
  portalId: number;
  contactId: string;
  round: number;
  rating: number;
  reasonId: string | null;
  note: string | null;
  ratedBy: string;
  ratedAt: number;
  requestId: string;
}

export interface StoredLeadRating extends NewLeadRating {
  id: number;
}

/** A round's current rating, as reports read it. */
export interface LeadRatingFact {
  contactId: string;
  round: number;
  rating: number;
  reasonId: string | null;
  ratedAt: number;
}

export interface NewNextStep {
  portalId: number;
  contactId: string;
  round: number;
  what: string;
  dueAt: number;
  ownerId: string;
  requestedBy: string;
  requestedAt: number;
  requestId: string;
}

export interface StoredNextStep extends NewNextStep {
  id: number;
}

/** The first request with this id wins; a repeat gets that row back with `created: false`. */
export interface SavedFeedback<T> {
  created: boolean;
  row: T;
}

export async function saveLeadRating(
  db: Kysely<StoreDatabase>,
  rating: NewLeadRating,
): Promise<SavedFeedback<StoredLeadRating>> {
  const inserted = await db
    .insertInto('lead_ratings')
    .values({
      portal_id: rating.portalId,
      contact_id: rating.contactId,
      round: rating.round,
      rating: rating.rating,
      reason_id: rating.reasonId,
      note: rating.note,
      rated_by: rating.ratedBy,
      rated_at: rating.ratedAt,
      request_id: rating.requestId,
    })
    .onConflict((conflict) => conflict.columns(['portal_id', 'request_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { created: true, row: toRating(inserted) };
  const existing = await db
    .selectFrom('lead_ratings')
    .selectAll()
    .where('portal_id', '=', rating.portalId)
    .where('request_id', '=', rating.requestId)
    .executeTakeFirstOrThrow();
  return { created: false, row: toRating(existing) };
}

export async function latestLeadRating(
  db: Kysely<StoreDatabase>,
  portalId: number,
  contactId: string,
): Promise<StoredLeadRating | null> {
  const row = await db
    .selectFrom('lead_ratings')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('contact_id', '=', contactId)
    .orderBy('rated_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? toRating(row) : null;
}

/**
 * The current rating of each rated round whose latest rating falls in `[from, to]` (a re-rating
 * replaces the earlier one), oldest first.
 */
export async function leadRatings(
  db: Kysely<StoreDatabase>,
  portalId: number,
  window: { from?: number; to?: number },
): Promise<LeadRatingFact[]> {
  const rows = await db
    .selectFrom('lead_ratings')
    .select(['contact_id', 'round', 'rating', 'reason_id', 'rated_at', 'id'])
    .where('portal_id', '=', portalId)
    .$if(window.to !== undefined, (query) => query.where('rated_at', '<=', window.to as number))
    .orderBy('rated_at')
    .orderBy('id')
    .execute();
  const latest = new Map<string, LeadRatingFact>();
  for (const row of rows) {
    latest.set(`${row.contact_id}:${row.round}`, {
      contactId: row.contact_id,
      round: Number(row.round),
      rating: Number(row.rating),
      reasonId: row.reason_id,
      ratedAt: Number(row.rated_at),
    });
  }
  const from = window.from ?? -Infinity;
  return [...latest.values()].filter((fact) => fact.ratedAt >= from).sort((a, b) => a.ratedAt - b.ratedAt);
}

export async function saveNextStep(
  db: Kysely<StoreDatabase>,
  step: NewNextStep,
): Promise<SavedFeedback<StoredNextStep>> {
  const inserted = await db
    .insertInto('next_steps')
    .values({
      portal_id: step.portalId,
      contact_id: step.contactId,
      round: step.round,
      what: step.what,
      due_at: step.dueAt,
      owner_id: step.ownerId,
      requested_by: step.requestedBy,
      requested_at: step.requestedAt,
      request_id: step.requestId,
    })
    .onConflict((conflict) => conflict.columns(['portal_id', 'request_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { created: true, row: toNextStep(inserted) };
  const existing = await db
    .selectFrom('next_steps')
    .selectAll()
    .where('portal_id', '=', step.portalId)
    .where('request_id', '=', step.requestId)
    .executeTakeFirstOrThrow();
  return { created: false, row: toNextStep(existing) };
}

export async function latestNextStep(
  db: Kysely<StoreDatabase>,
  portalId: number,
  contactId: string,
): Promise<StoredNextStep | null> {
  const row = await db
    .selectFrom('next_steps')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where('contact_id', '=', contactId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? toNextStep(row) : null;
}

/** How many next steps a portal's reps recorded in `[from, to]` (the demo's summary). */
export async function countNextSteps(
  db: Kysely<StoreDatabase>,
  portalId: number,
  window: { from?: number; to?: number },
): Promise<number> {
  const row = await db
    .selectFrom('next_steps')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('portal_id', '=', portalId)
    .$if(window.from !== undefined, (query) => query.where('requested_at', '>=', window.from as number))
    .$if(window.to !== undefined, (query) => query.where('requested_at', '<=', window.to as number))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function toRating(row: Selectable<LeadRatingsTable>): StoredLeadRating {
  return {
    id: Number(row.id),
    portalId: Number(row.portal_id),
    contactId: row.contact_id,
    round: Number(row.round),
    rating: Number(row.rating),
    reasonId: row.reason_id,
    note: row.note,
    ratedBy: row.rated_by,
    ratedAt: Number(row.rated_at),
    requestId: row.request_id,
  };
}

function toNextStep(row: Selectable<NextStepsTable>): StoredNextStep {
  return {
    id: Number(row.id),
    portalId: Number(row.portal_id),
    contactId: row.contact_id,
    round: Number(row.round),
    what: row.what,
    dueAt: Number(row.due_at),
    ownerId: row.owner_id,
    requestedBy: row.requested_by,
    requestedAt: Number(row.requested_at),
    requestId: row.request_id,
  };
}

/** What reps say from the card: lead-quality ratings and next steps, once per request. */
export interface LeadFeedback {
  /**
   * Stores a lead-quality rating from the card; a second request with the same `requestId` in the
   * portal stores nothing and gets the first one back (`created: false`).
   */
  saveRating(rating: NewLeadRating): Promise<SavedFeedback<StoredLeadRating>>;
  /** The contact's most recent rating, any round. */
  latestRating(portalId: number, contactId: string): Promise<StoredLeadRating | null>;
  /**
   * The current rating of each rated (contact, round) of a portal, oldest first: a re-rating
   * replaces the earlier one. `from`/`to` bound the rating time (inclusive).
   */
  ratings(portalId: number, window?: { from?: number; to?: number }): Promise<LeadRatingFact[]>;
  /** Stores a next step from the card, once per `requestId` in the portal (as `saveRating`). */
  saveNextStep(step: NewNextStep): Promise<SavedFeedback<StoredNextStep>>;
  latestNextStep(portalId: number, contactId: string): Promise<StoredNextStep | null>;
  /** How many next steps were recorded in the portal; `from`/`to` bound the request time. */
  countNextSteps(portalId: number, window?: { from?: number; to?: number }): Promise<number>;
}

export class KyselyLeadFeedback implements LeadFeedback {
  constructor(private readonly store: StoreContext) {}

  saveRating(rating: NewLeadRating): Promise<SavedFeedback<StoredLeadRating>> {
    return saveLeadRating(this.store.db(), rating);
  }

  latestRating(portalId: number, contactId: string): Promise<StoredLeadRating | null> {
    return latestLeadRating(this.store.db(), portalId, contactId);
  }

  ratings(portalId: number, window: { from?: number; to?: number } = {}): Promise<LeadRatingFact[]> {
    return leadRatings(this.store.db(), portalId, window);
  }

  saveNextStep(step: NewNextStep): Promise<SavedFeedback<StoredNextStep>> {
    return saveNextStep(this.store.db(), step);
  }

  latestNextStep(portalId: number, contactId: string): Promise<StoredNextStep | null> {
    return latestNextStep(this.store.db(), portalId, contactId);
  }

  countNextSteps(portalId: number, window: { from?: number; to?: number } = {}): Promise<number> {
    return countNextSteps(this.store.db(), portalId, window);
  }
}
