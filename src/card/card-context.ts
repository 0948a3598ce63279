import { z } from 'zod';
import { ruleName } from '../handoff/rule-names';
import { stageStateOf } from '../handoff/lead-stages';
import type { StoredDecision, StoredOutcomeEvent, StoredStageTransition } from '../store/store';
import type { CardContext, TimelineItem } from './card-contract';
import { feedbackView, type FeedbackSources } from './feedback-view';

/**
 * What the card shows, built from the stored decision (its full record), the contact's current
 * properties in HubSpot and the outcome history. Every field a rep might miss is `null` rather
 * than absent, so the card shows it as missing. Lists and texts are capped: the answer stays a few
 * kilobytes, far below `hubspot.fetch`'s 1 MB. The answer's shape is `card-contract.ts`, shared with
 * the card.
 */

const TEXT_MAX = 500;
const LIST_MAX = 12;

/** Contact properties the card reads besides the handoff ones. */
export const CONTEXT_CONTACT_PROPERTIES = [
  'jobtitle',
  'company',
  'hs_analytics_source',
  'hs_analytics_source_data_1',
  'hs_analytics_first_url',
  'recent_conversion_event_name',
  'first_conversion_event_name',
  'num_conversion_events',
  'hs_analytics_num_page_views',
  'hs_analytics_num_visits',
  'notes_last_contacted',
  'hs_last_sales_activity_timestamp',
  'createdate',
] as const;

/** The parts of a stored decision record the card reads; rows outlive deploys, so each is optional. */
const line = z.object({ reason: z.string(), points: z.number() });
const recordSchema = z
  .object({
    inputs: z.object({ jobtitle: z.string().optional(), company: z.string().optional() }).partial(),
    checks: z.array(z.object({ rule: z.string(), applied: z.boolean(), detail: z.string() })),
    fit: z.object({ score: z.number(), lines: z.array(line) }),
    intent: z.object({ score: z.number(), lines: z.array(line), conversions: z.array(z.string()) }),
    account: z.object({
      candidates: z.array(z.object({ companyId: z.string(), name: z.string(), confidence: z.number() })),
      chosenCompanyId: z.string().optional(),
      confidence: z.number(),
      evidence: z.array(z.object({ kind: z.string(), detail: z.string() })),
      review: z.object({ reason: z.string(), companyIds: z.array(z.string()) }).optional(),
    }),
  })
  .partial();
type DecisionRecordView = z.infer<typeof recordSchema>;

export interface ContextSources {
  contactId: string;
  properties: Readonly<Record<string, string | null | undefined>>;
  decision: StoredDecision | undefined;
  ownerName: string | null;
  deal: { id: string; name: string | null; stage: string | null } | null;
  reasons: ReadonlyArray<{ id: string; label: string }>;
  history: readonly StoredOutcomeEvent[];
  transitions?: readonly StoredStageTransition[];
  feedback?: FeedbackSources;
}

export function buildCardContext(sources: ContextSources): CardContext {
  const props = sources.properties;
  const decision = sources.decision;
  const record = readRecord(decision?.record);
  const prop = (name: string): string | null => text(props[name]) ?? text(decision?.properties[name]);
  const chosenId = prop('handoff_matched_company_id') ?? decision?.companyId ?? null;
  const chosen = record.account?.candidates.find((candidate) => candidate.companyId === chosenId);
  const fitScore = numberOf(prop('handoff_fit_score')) ?? record.fit?.score ?? null;
  const intentScore = numberOf(prop('handoff_intent_score')) ?? record.intent?.score ?? null;

  return {
    contactId: sources.contactId,
    handoff: {
      status: prop('handoff_status'),
      priority: prop('handoff_priority'),
      ownerId: prop('handoff_owner'),
      ownerName: sources.ownerName,
      reason: prop('handoff_reason'),
      routedAt: prop('handoff_routed_at'),
      slaDueAt: prop('handoff_sla_due_at'),
      slaStatus: prop('handoff_sla_status'),
      firstActionAt: text(props.handoff_first_action_at),
      outcome: text(props.handoff_outcome),
      disqualificationReason: text(props.handoff_disqualification_reason),
      feedbackNote: text(props.handoff_feedback_note),
      round: decision?.round ?? null,
      closed: decision ? decision.closedAt !== null : false,
    },
    marketing: {
      source: prop('handoff_source'),
      entryPoint: prop('handoff_entry_point'),
      offer: prop('handoff_offer'),
      role: text(props.jobtitle) ?? text(record.inputs?.jobtitle),
      company: chosen?.name ?? text(props.company) ?? text(record.inputs?.company),
      fitScore,
      fitReasons: scoreLines(record.fit?.lines),
      intentScore,
      intentSignals: cap([...(record.intent?.conversions ?? []), ...scoreLines(record.intent?.lines)]),
      previousActivity: {
        conversions: numberOf(text(props.num_conversion_events)),
        firstConversion: text(props.first_conversion_event_name),
        pageViews: numberOf(text(props.hs_analytics_num_page_views)),
        visits: numberOf(text(props.hs_analytics_num_visits)),
        lastContactedAt: text(props.notes_last_contacted),
        lastSalesActivityAt: text(props.hs_last_sales_activity_timestamp),
        createdAt: text(props.createdate),
      },
      qualificationNotes: cap(
        (record.checks ?? []).map(
          (check) => `${check.applied ? '✓' : '✗'} ${ruleName(check.rule)}: ${check.detail}`,
        ),
      ),
    },
    account: {
      match: prop('handoff_match') ?? decision?.match ?? null,
      company: chosenId ? { id: chosenId, name: chosen?.name ?? null } : null,
      deal: sources.deal,
      confidence: chosenId ? (record.account?.confidence ?? chosen?.confidence ?? null) : null,
      evidence: cap((record.account?.evidence ?? []).map((item) => item.detail)),
      candidates: (record.account?.candidates ?? [])
        .filter((candidate) => candidate.companyId !== chosenId)
        .slice(0, LIST_MAX)
        .map((candidate) => ({
          id: candidate.companyId,
          name: clip(candidate.name),
          confidence: candidate.confidence,
        })),
      review: text(record.account?.review?.reason),
    },
    reasons: sources.reasons.map((reason) => ({ id: reason.id, label: reason.label })),
    history: sources.history.slice(0, LIST_MAX).map((event) => ({
      at: new Date(event.recordedAt ?? event.occurredAt).toISOString(),
      outcome: event.outcome,
      reasonId: event.reasonId,
      note: event.note === null ? null : clip(event.note),
      source: event.source,
      actor: event.actor,
    })),
    stage: stageView(props, sources.transitions ?? [], sources.history),
    feedback: feedbackView(props, sources.feedback),
  };
}

/** The stage as HubSpot has it (else as recorded), and one timeline of stages and outcomes. */
function stageView(
  props: ContextSources['properties'],
  transitions: readonly StoredStageTransition[],
  history: readonly StoredOutcomeEvent[],
): CardContext['stage'] {
  const state = stageStateOf(transitions);
  const stages: TimelineItem[] = transitions.map((row) => ({
    kind: 'stage',
    at: new Date(row.enteredAt).toISOString(),
    stage: row.stage,
    round: row.round,
    cause: row.cause,
    detail: row.detail === null ? null : clip(row.detail),
  }));
  const outcomes: TimelineItem[] = history.map((event) => ({
    kind: 'outcome',
    at: new Date(event.occurredAt).toISOString(),
    outcome: event.outcome,
    reasonId: event.reasonId,
    note: event.note === null ? null : clip(event.note),
    source: event.source,
    actor: event.actor,
  }));
  // Newest first; at one instant the outcome comes before the stage it caused, read top down.
  const timeline = [...stages, ...outcomes]
    .sort((a, b) => b.at.localeCompare(a.at) || (a.kind === b.kind ? 0 : a.kind === 'outcome' ? -1 : 1))
    .slice(0, LIST_MAX * 2);
  return {
    current: text(props.handoff_stage) ?? state.stage,
    enteredAt: state.enteredAt === null ? null : new Date(state.enteredAt).toISOString(),
    round: state.round === 0 ? null : state.round,
    timeline,
  };
}

function readRecord(record: unknown): DecisionRecordView {
  const parsed = recordSchema.safeParse(record ?? {});
  return parsed.success ? parsed.data : {};
}

function scoreLines(lines: ReadonlyArray<{ reason: string; points: number }> | undefined): string[] {
  return cap(
    (lines ?? [])
      .filter((item) => item.points !== 0)
      .map((item) => `${item.reason} (${item.points > 0 ? '+' : ''}${item.points})`),
  );
}

function cap(items: string[]): string[] {
  return items.slice(0, LIST_MAX).map(clip);
}

function clip(value: string): string {
  return value.length > TEXT_MAX ? `${value.slice(0, TEXT_MAX - 1)}…` : value;
}

function text(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : clip(trimmed);
}

function numberOf(value: string | null): number | null {
  if (value === null) return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}
