import type { ReportingDecision, StoredOutcomeEvent } from '../store/store';

/**
 * One handoff (a decision round) as the reports see it: its marketing context, who got it, the
 * clock times along the way and what sales said about it. Built from stored rows only; nothing
 * here reads HubSpot, so a report shows what Handoff saw and did.
 */

export const DIMENSIONS = [
  'all',
  'source',
  'entry_point',
  'offer',
  'owner',
  'team',
  'status',
  'playbook_version',
  'day',
  'week',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Context fields whose presence at handoff time CRM completeness reports. */
export const CONTEXT_FIELDS = [
  'source',
  'entry_point',
  'offer',
  'role',
  'company',
  'company_size',
  'industry',
  'country',
] as const;
export type ContextField = (typeof CONTEXT_FIELDS)[number];

/** Statuses that hand the lead to a person (CONTRACT §4 rules 1, 3 and 4). */
const ROUTED_STATUSES = new Set(['sales_ready', 'needs_qualification', 'duplicate_or_existing']);
/** A rep took the lead on: any of these outcomes, at any time in the round. */
export const ACCEPTED_OUTCOMES = new Set(['accepted', 'qualification_in_progress', 'qualified_opportunity']);
/** Sales worked it as a real prospect. */
export const QUALIFIED_OUTCOMES = new Set(['qualification_in_progress', 'qualified_opportunity']);
/** Outcomes a person sets (card or HubSpot edit): the first one is a sales action. */
const REP_SOURCES = new Set(['card', 'hubspot_property']);

export const NONE = '(none)';

export interface HandoffFact {
  decisionId: number;
  contactId: string;
  status: string;
  routed: boolean;
  keys: Record<Dimension, string>;
  decidedAt: number;
  /** When the contact was created in HubSpot (record's createdate, else the creation event's time). */
  contactCreatedAt: number | null;
  /** When Handoff received the webhook that caused the decision. */
  webhookReceivedAt: number | null;
  /** `handoff_routed_at` as written, else the decision time. */
  routedAt: number;
  /** The first sales action: the SLA clock's mark, else the first outcome a person recorded. */
  firstActionAt: number | null;
  outcomes: ReadonlySet<string>;
  /** The round's disqualification: the rep's reason if a rep disqualified, else the playbook's. */
  disqualification: { reasonId: string; by: 'rep' | 'playbook' } | null;
  context: Record<ContextField, boolean>;
}

interface RecordView {
  inputs?: Record<string, unknown>;
  playbookVersion?: unknown;
  routing?: { poolId?: unknown; source?: unknown };
}

export function handoffFacts(
  decisions: readonly ReportingDecision[],
  outcomes: readonly StoredOutcomeEvent[],
): HandoffFact[] {
  const outcomesByDecision = attributeOutcomes(decisions, outcomes);
  return decisions.map((decision) => {
    const record = (
      typeof decision.record === 'object' && decision.record !== null ? decision.record : {}
    ) as RecordView;
    const inputs = record.inputs ?? {};
    const props = decision.properties;
    const own = outcomesByDecision.get(decision.id) ?? [];
    const routedAt = timeOf(props.handoff_routed_at) ?? decision.decidedAt;
    const repDisqualified = [...own].reverse().find((o) => o.outcome === 'disqualified' && o.reasonId);
    const firstRepAction = own.find((o) => REP_SOURCES.has(o.source) && o.occurredAt >= decision.decidedAt);
    const poolId = typeof record.routing?.poolId === 'string' ? record.routing.poolId : undefined;
    const day = isoDay(decision.decidedAt);
    return {
      decisionId: decision.id,
      contactId: decision.contactId,
      status: decision.status,
      routed: ROUTED_STATUSES.has(decision.status) && decision.ownerId !== null,
      keys: {
        all: 'All handoffs',
        source: filled(props.handoff_source) ?? NONE,
        entry_point: filled(props.handoff_entry_point) ?? NONE,
        offer: filled(props.handoff_offer) ?? NONE,
        owner: decision.ownerId ?? NONE,
        team: decision.ownerId
          ? (poolId ?? (record.routing?.source === 'named_owner' ? 'named by a rule' : 'account owner'))
          : NONE,
        status: decision.status,
        playbook_version: decision.playbookVersion ?? recordVersion(record) ?? NONE,
        day,
        week: isoWeekStart(decision.decidedAt),
      },
      decidedAt: decision.decidedAt,
      // Creation → routed is the first handoff's delay: a later round (recycled, second chance)
      // starts from its own signal, days after the contact was created.
      contactCreatedAt:
        decision.round > 1
          ? null
          : (timeOf(inputs.createdate) ??
            (decision.event?.subscriptionType.endsWith('creation') ? decision.event.occurredAt : null)),
      webhookReceivedAt: decision.event?.receivedAt ?? null,
      routedAt,
      firstActionAt: decision.firstActionAt ?? firstRepAction?.occurredAt ?? null,
      outcomes: new Set(own.map((o) => o.outcome)),
      disqualification: repDisqualified?.reasonId
        ? { reasonId: repDisqualified.reasonId, by: 'rep' }
        : decision.status === 'disqualified'
          ? { reasonId: filled(props.handoff_disqualification_reason) ?? 'unspecified', by: 'playbook' }
          : null,
      context: {
        source: filled(props.handoff_source) !== undefined,
        entry_point: filled(props.handoff_entry_point) !== undefined,
        offer: filled(props.handoff_offer) !== undefined,
        role: filled(inputs.jobtitle) !== undefined,
        company: filled(inputs.company) !== undefined,
        company_size: filled(inputs.numemployees) !== undefined,
        industry: filled(inputs.industry) !== undefined,
        country: filled(inputs.country) !== undefined,
      },
    };
  });
}

/**
 * Each outcome belongs to the decision it names, else to its contact's latest round decided at or
 * before it (a recycled lead's second round gets only what came after it).
 */
function attributeOutcomes(
  decisions: readonly ReportingDecision[],
  outcomes: readonly StoredOutcomeEvent[],
): Map<number, StoredOutcomeEvent[]> {
  const ids = new Set(decisions.map((decision) => decision.id));
  const byContact = new Map<string, ReportingDecision[]>();
  for (const decision of decisions) {
    const list = byContact.get(decision.contactId) ?? [];
    list.push(decision);
    byContact.set(decision.contactId, list);
  }
  const result = new Map<number, StoredOutcomeEvent[]>();
  for (const outcome of outcomes) {
    let id: number | undefined;
    if (outcome.decisionId !== null) {
      id = ids.has(outcome.decisionId) ? outcome.decisionId : undefined;
    } else {
      const rounds = byContact.get(outcome.contactId) ?? [];
      id = (rounds.filter((d) => d.decidedAt <= outcome.occurredAt).pop() ?? rounds[0])?.id;
    }
    if (id === undefined) continue;
    const list = result.get(id) ?? [];
    list.push(outcome);
    result.set(id, list);
  }
  return result;
}

function recordVersion(record: RecordView): string | undefined {
  return typeof record.playbookVersion === 'string' ? record.playbookVersion : undefined;
}

function filled(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function timeOf(value: unknown): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const number = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(number) ? number : null;
}

/** UTC day, `YYYY-MM-DD`. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Monday (UTC) that starts the ISO week of `ms`, `YYYY-MM-DD`. */
export function isoWeekStart(ms: number): string {
  const date = new Date(ms);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return isoDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - sinceMonday));
}
