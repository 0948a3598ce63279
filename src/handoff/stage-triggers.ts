import type { HandoffOutcome } from './handoff-properties';
import {
  advanceStage,
  applyStageEvents,
  stageStateOf,
  type StageCause,
  type StageEntry,
  type StageEvent,
  type StageTrigger,
} from './lead-stages';

/**
 * What moves a stage, from the things Handoff sees (CONTRACT §5): a decision, an outcome (card
 * button, `handoff_outcome` edit, associated deal), a logged sales activity, `lifecyclestage` set by
 * a person, a HubSpot lead's pipeline stage.
 */

/** Statuses that hand the lead to sales when they come with an owner. */
const HANDED_TO_SALES = new Set(['sales_ready', 'needs_qualification', 'duplicate_or_existing']);

/** The stage a decision starts its round at: `mql` when handed to sales, `disqualified`, or none. */
export function decisionStageEvent(decision: {
  round: number;
  status: string;
  ownerId: string | null;
  decidedAt: number;
}): StageEvent | null {
  const base = { at: decision.decidedAt, cause: 'decision' as const, round: decision.round };
  if (HANDED_TO_SALES.has(decision.status) && decision.ownerId) {
    return { ...base, trigger: 'handed_to_sales', detail: decision.status };
  }
  if (decision.status === 'disqualified') return { ...base, trigger: 'disqualified', detail: 'decision' };
  return null;
}

/**
 * The trigger of each outcome. A duplicate leaves the funnel as disqualified (the reason
 * `duplicate` exists for it), so it does not sit at `mql` as if nobody looked at it.
 */
const OUTCOME_TRIGGERS: Record<HandoffOutcome, StageTrigger> = {
  accepted: 'accepted',
  qualification_in_progress: 'accepted',
  qualified_opportunity: 'qualified',
  disqualified: 'disqualified',
  duplicate: 'disqualified',
  nurture_ready: 'sent_back',
  recycled: 'sent_back',
  no_response: 'sent_back',
};

/** An outcome as a stage event. A deal association is the opportunity itself, not only an SQL. */
export function outcomeStageEvent(outcome: {
  outcome: HandoffOutcome;
  source: 'card' | 'hubspot_property' | 'deal_association' | 'no_response_sweep';
  at: number;
  detail?: string | null;
}): StageEvent {
  if (outcome.source === 'deal_association') {
    return { trigger: 'deal_associated', at: outcome.at, cause: 'deal_association', detail: outcome.detail };
  }
  const cause: StageCause =
    outcome.outcome === 'no_response'
      ? 'no_response'
      : outcome.source === 'card'
        ? 'card_action'
        : 'hubspot_edit';
  return {
    trigger: OUTCOME_TRIGGERS[outcome.outcome],
    at: outcome.at,
    cause,
    detail: outcome.detail ?? outcome.outcome,
  };
}

/**
 * The stages to record for `events`, given what is recorded and the latest decision. A decision
 * whose round has nothing recorded yet (decided before stages were kept, or its record was lost)
 * gets its starting stage first, stamped with the decision's time.
 */
export function stagesToRecord(
  recorded: readonly Pick<StageEntry, 'round' | 'stage' | 'enteredAt'>[],
  decision: Parameters<typeof decisionStageEvent>[0] | undefined,
  events: readonly StageEvent[],
): StageEntry[] {
  let state = stageStateOf(recorded);
  const entered: StageEntry[] = [];
  const start = decision && decision.round > state.round ? decisionStageEvent(decision) : null;
  if (start) {
    const entries = advanceStage(state, start);
    entered.push(...entries);
    state = stageStateOf(entries, state);
  }
  const ordered = [...events].sort((a, b) => a.at - b.at);
  return [...entered, ...applyStageEvents(state, ordered).entered];
}
