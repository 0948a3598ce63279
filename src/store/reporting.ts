import { sql, type Kysely } from 'kysely';
import { toStoredDecision } from './decision-queries';
import { toStoredOutcome } from './outcomes';
import type { StoreDatabase } from './schema';
import type { StoredDecision } from './decisions';
import type { StoredOutcomeEvent } from './outcomes';
import type { StoreContext } from './store-context';

/**
 * What the quality reports read: decisions of a period with the webhook event that caused each
 * one, and the outcomes recorded for those contacts. The numbers themselves are computed outside
 * the store (`src/reporting/`), the same way for both engines.
 */
export interface ReportingDecision extends StoredDecision {
  /** The webhook event behind the decision; null when it was not a stored webhook (or is gone). */
  event: { receivedAt: number; occurredAt: number; subscriptionType: string } | null;
}

export interface ReportingWindow {
  portalId: number;
  /** Decided at or after (epoch ms). */
  from: number;
  /** Decided before (epoch ms). */
  to: number;
  /** At most this many decisions, oldest first (a report says when it hit the bound). */
  limit: number;
}

export async function reportingDecisions(
  db: Kysely<StoreDatabase>,
  window: ReportingWindow,
): Promise<ReportingDecision[]> {
  const rows = await db
    .selectFrom('handoff_decisions as d')
    .leftJoin('webhook_events as e', 'e.event_key', 'd.event_key')
    // Done events move to the archive after a few minutes (event-archive.ts): read either table.
    .leftJoin('webhook_events_archive as a', 'a.event_key', 'd.event_key')
    .selectAll('d')
    .select((eb) => [
      eb.fn.coalesce('e.received_at', 'a.received_at').as('event_received_at'),
      eb.fn.coalesce('e.occurred_at', 'a.occurred_at').as('event_occurred_at'),
      eb.fn.coalesce('e.subscription_type', 'a.subscription_type').as('event_subscription_type'),
    ])
    .where('d.portal_id', '=', window.portalId)
    .where('d.decided_at', '>=', window.from)
    .where('d.decided_at', '<', window.to)
    .orderBy('d.decided_at')
    .orderBy('d.id')
    .limit(window.limit)
    .execute();
  return rows.map(({ event_received_at, event_occurred_at, event_subscription_type, ...row }) => ({
    ...toStoredDecision(row),
    event:
      event_received_at === null || event_occurred_at === null || event_subscription_type === null
        ? null
        : {
            receivedAt: Number(event_received_at),
            occurredAt: Number(event_occurred_at),
            subscriptionType: event_subscription_type,
          },
  }));
}

/** Recorded outcomes of contacts with a decision in the window, oldest first. */
export async function reportingOutcomes(
  db: Kysely<StoreDatabase>,
  window: Omit<ReportingWindow, 'limit'>,
): Promise<StoredOutcomeEvent[]> {
  const rows = await db
    .selectFrom('handoff_outcomes')
    .selectAll()
    .where('portal_id', '=', window.portalId)
    .where('state', '=', 'recorded')
    .where('contact_id', 'in', (eb) =>
      eb
        .selectFrom('handoff_decisions')
        .select('contact_id')
        .where('portal_id', '=', window.portalId)
        .where('decided_at', '>=', window.from)
        .where('decided_at', '<', window.to),
    )
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return rows.map(toStoredOutcome);
}

/**
 * Decisions whose record read this email (case-insensitive), newest first: the audit search's
 * "why was this routed here". The record is JSON text, so the email is matched as its JSON string.
 */
export async function decisionsByEmail(
  db: Kysely<StoreDatabase>,
  portalId: number,
  email: string,
  limit: number,
): Promise<StoredDecision[]> {
  const needle = `"email":${JSON.stringify(email.trim().toLowerCase())}`;
  const pattern = `%${needle.replace(/[!%_]/g, (char) => `!${char}`)}%`;
  const rows = await db
    .selectFrom('handoff_decisions')
    .selectAll()
    .where('portal_id', '=', portalId)
    .where(sql<boolean>`lower(record) like ${pattern} escape '!'`)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toStoredDecision);
}

/** The reports' reads across decisions, events and outcomes, and the audit search by email. */
export interface Reports {
  /** Decisions of a period with their webhook event, and the outcomes of their contacts (reports). */
  decisions(window: ReportingWindow): Promise<ReportingDecision[]>;
  outcomes(window: Omit<ReportingWindow, 'limit'>): Promise<StoredOutcomeEvent[]>;
  /** Decisions whose record read this email, newest first (audit search). */
  decisionsByEmail(portalId: number, email: string, limit: number): Promise<StoredDecision[]>;
}

export class KyselyReports implements Reports {
  constructor(private readonly store: StoreContext) {}

  decisions(window: ReportingWindow): Promise<ReportingDecision[]> {
    return reportingDecisions(this.store.db(), window);
  }

  outcomes(window: Omit<ReportingWindow, 'limit'>): Promise<StoredOutcomeEvent[]> {
    return reportingOutcomes(this.store.db(), window);
  }

  decisionsByEmail(portalId: number, email: string, limit: number): Promise<StoredDecision[]> {
    return decisionsByEmail(this.store.db(), portalId, email, limit);
  }
}
