import { HANDOFF_OUTCOMES, type HandoffOutcome, type HandoffProperties } from './handoff-properties';

/**
 * What a rep's (or HubSpot's) outcome changes on the contact: the outcome itself, the
 * disqualification reason and feedback note, the first sales action (first time only) and the SLA
 * it closes. Pure: the card backend and the webhook jobs both write what this returns.
 */

/** The card's buttons, in the seller's words, and the `handoff_outcome` each one sets. */
export const OUTCOME_ACTIONS = {
  accept: 'accepted',
  start_qualification: 'qualification_in_progress',
  opportunity_created: 'qualified_opportunity',
  nurture: 'nurture_ready',
  duplicate: 'duplicate',
  recycle: 'recycled',
  disqualify: 'disqualified',
  /** The owner tried and the lead never answered (issue 11); the sweep records the same outcome. */
  no_response: 'no_response',
} as const satisfies Record<string, HandoffOutcome>;
export type OutcomeAction = keyof typeof OUTCOME_ACTIONS;

/** Outcomes that end the handoff round: the lead no longer counts against its owner's capacity. */
export const CLOSING_OUTCOMES: ReadonlySet<HandoffOutcome> = new Set<HandoffOutcome>([
  'qualified_opportunity',
  'disqualified',
  'nurture_ready',
  'no_response',
  'duplicate',
  'recycled',
]);

/** The reason a rep picks when no standard reason fits; a feedback note must then say why. */
export const OTHER_REASON = { id: 'other', label: 'Other (explain in the note)' } as const;

export function isHandoffOutcome(value: string): value is HandoffOutcome {
  return (HANDOFF_OUTCOMES as readonly string[]).includes(value);
}

export interface OutcomeChange {
  outcome: HandoffOutcome;
  /** Required for `disqualified`; cleared for every other outcome. */
  reasonId: string | null;
  /** Written when given; an empty note leaves the existing one. */
  note: string | null;
  /** When the action happened (epoch ms): the first sales action's time if it is the first. */
  at: number;
}

/**
 * The properties to write for an outcome, given the contact's current handoff properties. Only
 * values that differ from the current ones are returned, so a repeated action writes nothing.
 */
export function outcomeProperties(
  change: OutcomeChange,
  current: Readonly<Record<string, string | null | undefined>>,
): HandoffProperties {
  const wanted: HandoffProperties = {
    handoff_outcome: change.outcome,
    handoff_disqualification_reason: change.outcome === 'disqualified' ? (change.reasonId ?? '') : '',
  };
  if (change.note !== null && change.note.trim() !== '') wanted.handoff_feedback_note = change.note.trim();
  if (!present(current.handoff_first_action_at)) {
    const at = new Date(change.at).toISOString();
    wanted.handoff_first_action_at = at;
    const sla = closeSla(current.handoff_sla_status, current.handoff_sla_due_at, change.at);
    if (sla) wanted.handoff_sla_status = sla;
  }
  const changed: HandoffProperties = {};
  for (const [name, value] of Object.entries(wanted) as Array<[keyof HandoffProperties, string]>) {
    if ((current[name] ?? '') !== value) changed[name] = value;
  }
  return changed;
}

/**
 * The SLA a first action closes: met when it came by the due time, breached after it. A status
 * already decided (met, breached by the SLA sweep, not applicable) stays as it is.
 */
export function closeSla(
  status: string | null | undefined,
  dueAt: string | null | undefined,
  at: number,
): 'met' | 'breached' | undefined {
  if (present(status) && status !== 'pending') return undefined;
  const due = present(dueAt) ? Date.parse(dueAt) : Number.NaN;
  if (Number.isNaN(due)) return undefined;
  return at <= due ? 'met' : 'breached';
}

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value.trim() !== '';
}
