/**
 * The lead lifecycle (CONTRACT §5) as a table: which trigger moves a handoff round from which stage
 * to which. A round only moves forward through `mql` → `sal` → `sql` → `opportunity`, or leaves the
 * funnel as `recycled` or `disqualified`; a stage reached by skipping earlier ones stamps the skipped
 * stages with the same time, so each conversion rate's denominator is the stage before it. A new
 * round starts when the lead is handed to sales again (CONTRACT §7).
 */

export const LEAD_STAGES = ['mql', 'sal', 'sql', 'opportunity', 'recycled', 'disqualified'] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];

/** The funnel's forward path; `recycled` and `disqualified` leave it. */
export const FUNNEL_STAGES = ['mql', 'sal', 'sql', 'opportunity'] as const satisfies readonly LeadStage[];

/** What caused a transition; `skipped` marks a stage stamped because a later one was reached. */
export const STAGE_CAUSES = [
  'decision',
  'card_action',
  'hubspot_edit',
  'sales_activity',
  'lifecycle_stage',
  'deal_association',
  'lead_stage',
  'no_response',
  'skipped',
] as const;
export type StageCause = (typeof STAGE_CAUSES)[number];

/** The events that move a stage, in the seller's words. */
export type StageTrigger =
  'handed_to_sales' | 'accepted' | 'qualified' | 'deal_associated' | 'sent_back' | 'disqualified';

/** `none`: the round has no stage yet (a new round before its decision is recorded). */
type From = LeadStage | 'none';

/**
 * `(stage, trigger) → next stage`. A missing entry means the trigger changes nothing from there:
 * a repeated accept, an accept after qualification, anything after a terminal stage. An
 * opportunity stays an opportunity: what happens to the deal is the deal pipeline's business.
 */
export const STAGE_TABLE: Readonly<Record<From, Partial<Record<StageTrigger, LeadStage>>>> = {
  none: { handed_to_sales: 'mql', disqualified: 'disqualified' },
  mql: {
    accepted: 'sal',
    qualified: 'sql',
    deal_associated: 'opportunity',
    sent_back: 'recycled',
    disqualified: 'disqualified',
  },
  sal: {
    qualified: 'sql',
    deal_associated: 'opportunity',
    sent_back: 'recycled',
    disqualified: 'disqualified',
  },
  sql: { deal_associated: 'opportunity', sent_back: 'recycled', disqualified: 'disqualified' },
  opportunity: {},
  recycled: {},
  disqualified: {},
};

/** Where one contact stands: its latest round and the furthest stage reached in it. */
export interface StageState {
  /** 0 before any handoff. */
  round: number;
  stage: LeadStage | null;
  /** When that stage was entered (epoch ms). */
  enteredAt: number | null;
  /** When the round began (its first stage); a deal associated before it belongs to an earlier time. */
  startedAt?: number | null;
}

export const NO_STAGE: StageState = { round: 0, stage: null, enteredAt: null };

export interface StageEvent {
  trigger: StageTrigger;
  /** When it happened (epoch ms): the event's, activity's or request's time, not processing time. */
  at: number;
  cause: StageCause;
  detail?: string | null;
  /** Set by a handoff decision: the round it decided. A higher round starts afresh. */
  round?: number;
}

/** One stage entered, as recorded. */
export interface StageEntry {
  round: number;
  stage: LeadStage;
  enteredAt: number;
  cause: StageCause;
  detail: string | null;
}

/**
 * The stages `event` enters from `state`, skipped ones first, or none. Entry times never go back
 * within a round: an activity logged before the lead was handed over counts from the handover.
 */
export function advanceStage(state: StageState, event: StageEvent): StageEntry[] {
  const newRound = event.round !== undefined && event.round > state.round;
  if (event.round !== undefined && event.round < state.round) return [];
  const round = newRound ? (event.round as number) : state.round;
  const from: From = newRound || state.stage === null ? 'none' : state.stage;
  if (round === 0) return [];
  const next = STAGE_TABLE[from][event.trigger];
  if (!next) return [];
  // CONTRACT §5: an opportunity is a deal associated after the lead was handed over; an older deal
  // was the account's before this handoff.
  if (event.trigger === 'deal_associated' && !newRound && event.at < (state.startedAt ?? -Infinity))
    return [];
  const at = newRound || state.enteredAt === null ? event.at : Math.max(event.at, state.enteredAt);
  const detail = event.detail ?? null;
  const entry: StageEntry = { round, stage: next, enteredAt: at, cause: event.cause, detail };
  return [...skippedStages(from, next).map((stage) => skipped(round, stage, at, event.cause)), entry];
}

/** Folds events in order: the state after them and every stage they entered. */
export function applyStageEvents(
  state: StageState,
  events: readonly StageEvent[],
): { state: StageState; entered: StageEntry[] } {
  const entered: StageEntry[] = [];
  let current = state;
  for (const event of events) {
    const entries = advanceStage(current, event);
    entered.push(...entries);
    current = stageStateOf(entries, current);
  }
  return { state: current, entered };
}

/**
 * The state recorded transitions describe: the latest round, and in it the furthest stage (a
 * terminal stage counts as the end). Rows may come in any order.
 */
export function stageStateOf(
  rows: readonly Pick<StageEntry, 'round' | 'stage' | 'enteredAt'>[],
  base: StageState = NO_STAGE,
): StageState {
  let state = base;
  for (const row of rows) {
    if (row.round < state.round) continue;
    const fresh = row.round > state.round || state.stage === null;
    const startedAt = fresh ? row.enteredAt : Math.min(state.startedAt ?? row.enteredAt, row.enteredAt);
    if (fresh || rank(row.stage) > rank(state.stage as LeadStage)) {
      state = { round: row.round, stage: row.stage, enteredAt: row.enteredAt, startedAt };
    } else {
      state = { ...state, startedAt };
    }
  }
  return state;
}

/** Funnel stages in order; the two exits rank after every funnel stage. */
export function rank(stage: LeadStage): number {
  const funnel = (FUNNEL_STAGES as readonly LeadStage[]).indexOf(stage);
  return funnel >= 0 ? funnel : FUNNEL_STAGES.length;
}

function skippedStages(from: From, to: LeadStage): LeadStage[] {
  const target = (FUNNEL_STAGES as readonly LeadStage[]).indexOf(to);
  if (target < 0 || from === 'none') return [];
  return FUNNEL_STAGES.slice(rank(from) + 1, target);
}

function skipped(round: number, stage: LeadStage, at: number, by: StageCause): StageEntry {
  return { round, stage, enteredAt: at, cause: 'skipped', detail: `reached through ${by}` };
}

export function isLeadStage(value: string): value is LeadStage {
  return (LEAD_STAGES as readonly string[]).includes(value);
}
