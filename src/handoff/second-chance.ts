import type { HandoffDecision } from './decide-handoff';
import { isHandedToSales } from './handed-to-sales';
import { numberOf, textOf, type HubSpotProperties } from './hubspot-records';
import type { LeadStage } from './lead-stages';
import type { SecondChancePolicy } from './playbook';
import { PRIORITIES, type Priority } from './statuses';

/**
 * CONTRACT §7, a new signal is a new chance: a lead that was not handed to sales (nurture, or sent
 * back to marketing) is decided again when new evidence arrives, and starts a new handoff round
 * only when the new decision hands it to sales. A second chance only ever opens a door: it never
 * parks, disqualifies or re-routes a lead a rep is already working.
 */

/** The contact properties whose change can be new evidence (the webhook subscriptions follow). */
export const SECOND_CHANCE_PROPERTIES = [
  'recent_conversion_event_name',
  'num_conversion_events',
  'jobtitle',
  'company',
  'numemployees',
  'hubspotscore',
] as const;

export type SecondChanceSignalKind = 'conversion' | 'role' | 'company' | 'company_size' | 'score';

export interface SecondChanceSignal {
  kind: SecondChanceSignalKind;
  /** What a rep reads in `handoff_reason`, e.g. `job title filled in (VP Marketing)`. */
  words: string;
}

/** What the earlier decision read (its record's `inputs`). */
export interface DecidedInputs {
  jobtitle?: string;
  company?: string;
  numemployees?: string;
  conversions?: string[];
  conversionCount?: string;
  hubspotscore?: string;
}

/** Outcomes that mean a rep took the lead on (CONTRACT §5 `sal` and later). */
const TAKEN_ON = new Set(['accepted', 'qualification_in_progress', 'qualified_opportunity']);
const WORKED_STAGES = new Set<LeadStage>(['sal', 'sql', 'opportunity']);

export type SecondChanceEligibility =
  /** Nurture, or sent back to marketing: a new round if the new decision hands it to sales. */
  | { eligible: true; kind: 'parked' }
  /** Needs qualification and nobody accepted it yet: the SDR keeps it unless it is now sales-ready. */
  | { eligible: true; kind: 'qualifying' }
  | { eligible: false; why: string };

/** Whether the latest round may be decided again, from its status, stage and latest outcome. */
export function secondChanceEligibility(lead: {
  status: string;
  stage: LeadStage | null;
  /** The latest outcome recorded in this round, if any. */
  outcome?: string | null;
}): SecondChanceEligibility {
  if (lead.stage && WORKED_STAGES.has(lead.stage))
    return { eligible: false, why: `already accepted (stage ${lead.stage})` };
  if (lead.outcome && TAKEN_ON.has(lead.outcome))
    return { eligible: false, why: `already taken on (outcome ${lead.outcome})` };
  if (lead.stage === 'recycled' || lead.status === 'nurture') return { eligible: true, kind: 'parked' };
  if (lead.status === 'needs_qualification' && lead.stage !== 'disqualified')
    return { eligible: true, kind: 'qualifying' };
  return { eligible: false, why: `status ${lead.status}${lead.stage ? `, stage ${lead.stage}` : ''}` };
}

/** What arrived since the earlier decision, in the order a rep would care about it. */
export function newSignals(
  decided: DecidedInputs,
  contact: HubSpotProperties,
  policy: SecondChancePolicy,
): SecondChanceSignal[] {
  const signals: SecondChanceSignal[] = [];
  const conversion = newConversion(decided, contact);
  if (conversion) signals.push(conversion);
  const filledIn = (
    property: 'jobtitle' | 'company' | 'numemployees',
    kind: SecondChanceSignalKind,
    noun: string,
  ) => {
    const now = textOf(contact, property);
    if (now !== undefined && !text(decided[property]))
      signals.push({ kind, words: `${noun} filled in (${now})` });
  };
  filledIn('jobtitle', 'role', 'job title');
  filledIn('company', 'company', 'company');
  filledIn('numemployees', 'company_size', 'company size');
  const score = numberOf(contact, 'hubspotscore');
  const before = numberOf({ hubspotscore: decided.hubspotscore ?? null }, 'hubspotscore');
  const threshold = policy.hubspotScoreThreshold;
  if (score !== undefined && score >= threshold && (before === undefined || before < threshold)) {
    signals.push({ kind: 'score', words: `HubSpot score rose to ${score} (threshold ${threshold})` });
  }
  return signals;
}

function newConversion(decided: DecidedInputs, contact: HubSpotProperties): SecondChanceSignal | null {
  const name = textOf(contact, 'recent_conversion_event_name');
  const count = numberOf(contact, 'num_conversion_events');
  const countBefore = numberOf({ n: decided.conversionCount ?? null }, 'n');
  const more = count !== undefined && countBefore !== undefined && count > countBefore;
  // A record from before the count was kept: a conversion name it did not read is new.
  const unseen =
    name !== undefined && countBefore === undefined && !(decided.conversions ?? []).includes(name);
  if (!more && !unseen) return null;
  return { kind: 'conversion', words: name ? `new conversion (${name})` : 'new conversion' };
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export type SecondChancePlan =
  /** Decide it as a new round: new MQL time, owner (one round-robin turn), due time and task. */
  | { action: 'new_round' }
  /** The SDR keeps it; only `handoff_priority` changes (no new round, no new turn). */
  | { action: 'raise_priority'; priority: Priority }
  /** Re-checked: the decision stands; only scores that moved are written. */
  | { action: 'recheck_only'; why: string };

/** What to do with the re-decision `next` of a lead whose latest round is `previous`. */
export function planSecondChance(
  kind: 'parked' | 'qualifying',
  previous: { priority: string | null },
  next: Pick<HandoffDecision, 'status' | 'priority' | 'owner'>,
): SecondChancePlan {
  const handed = isHandedToSales({ status: next.status, ownerId: next.owner?.ownerId });
  if (kind === 'parked') {
    return handed ? { action: 'new_round' } : { action: 'recheck_only', why: `still ${next.status}` };
  }
  if (next.status === 'sales_ready' && handed) return { action: 'new_round' };
  if (next.priority && rankOf(next.priority) < rankOf(previous.priority))
    return { action: 'raise_priority', priority: next.priority };
  return { action: 'recheck_only', why: `still ${next.status}, priority ${previous.priority ?? 'none'}` };
}

/** `high` is 0; no priority ranks after `low`. */
function rankOf(priority: string | null): number {
  const index = (PRIORITIES as readonly string[]).indexOf(priority ?? '');
  return index < 0 ? PRIORITIES.length : index;
}

/** The words that open the new round's reason: "Second chance: job title filled in (VP Marketing)". */
export function secondChanceReason(signals: readonly SecondChanceSignal[]): string {
  return `Second chance: ${signals.map((signal) => signal.words).join(', ')}`;
}

/** The decision with its reason (and `handoff_reason`) opened by the signal that earned it. */
export function withSecondChanceReason(decision: HandoffDecision, opening: string): HandoffDecision {
  const reason = `${opening} → ${decision.reason}`;
  return { ...decision, reason, properties: { ...decision.properties, handoff_reason: reason } };
}

/**
 * The score properties a re-check writes when they moved: the stored decision stands, so nothing
 * else of it is written again (no churn on the contact's history).
 */
export function movedScores(
  written: Record<string, string>,
  next: Pick<HandoffDecision, 'properties'>,
): Record<string, string> {
  const moved: Record<string, string> = {};
  for (const name of ['handoff_fit_score', 'handoff_intent_score'] as const) {
    const value = next.properties[name];
    if (value !== undefined && value !== written[name]) moved[name] = value;
  }
  return moved;
}
