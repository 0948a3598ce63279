import { FUNNEL_STAGES, type LeadStage } from '../handoff/lead-stages';
import type { ReportingDecision, StoredStageTransition } from '../store/store';
import { handoffFacts, isoWeekStart, NONE } from './handoff-facts';

/**
 * One handoff round that reached sales (`mql`), with the stages it entered since (CONTRACT §5).
 * Built from the stored decisions and stage transitions only: the funnel shows what Handoff saw.
 */

export const FUNNEL_DIMENSIONS = [
  'all',
  'source',
  'campaign',
  'offer',
  'owner',
  'team',
  'week',
  'month',
  'playbook_version',
] as const;
export type FunnelDimension = (typeof FUNNEL_DIMENSIONS)[number];

export interface StageEntryTime {
  at: number;
  /** Stamped because a later stage was reached directly: no time was spent in it. */
  skipped: boolean;
}

export interface FunnelFact {
  decisionId: number;
  contactId: string;
  round: number;
  ownerId: string | null;
  keys: Record<FunnelDimension, string>;
  mqlAt: number;
  entered: Partial<Record<LeadStage, StageEntryTime>>;
  slaDueAt: number | null;
  firstActionAt: number | null;
}

interface RecordView {
  inputs?: { campaign?: unknown; firstTouchCampaign?: unknown };
  playbookVersion?: unknown;
}

export function funnelFacts(
  decisions: readonly ReportingDecision[],
  transitions: readonly StoredStageTransition[],
): FunnelFact[] {
  const byRound = new Map<string, StoredStageTransition[]>();
  for (const row of transitions) {
    const key = `${row.contactId}:${row.round}`;
    byRound.set(key, [...(byRound.get(key) ?? []), row]);
  }
  const handoffs = new Map(handoffFacts(decisions, []).map((fact) => [fact.decisionId, fact]));
  const facts: FunnelFact[] = [];
  for (const decision of decisions) {
    const entered = firstEntries(byRound.get(`${decision.contactId}:${decision.round}`) ?? []);
    const mql = entered.mql;
    const handoff = handoffs.get(decision.id);
    if (!mql || !handoff) continue;
    facts.push({
      decisionId: decision.id,
      contactId: decision.contactId,
      round: decision.round,
      ownerId: decision.ownerId,
      keys: {
        all: 'All MQLs',
        source: handoff.keys.source,
        campaign: campaignOf(decision.record),
        offer: handoff.keys.offer,
        owner: handoff.keys.owner,
        team: handoff.keys.team,
        week: isoWeekStart(mql.at),
        month: new Date(mql.at).toISOString().slice(0, 7),
        playbook_version: playbookVersionOf(decision),
      },
      mqlAt: mql.at,
      entered,
      slaDueAt: decision.slaDueAt,
      firstActionAt: decision.firstActionAt,
    });
  }
  return facts;
}

/** The first entry of each stage in the round (the store keeps one per stage; be safe anyway). */
function firstEntries(rows: readonly StoredStageTransition[]): Partial<Record<LeadStage, StageEntryTime>> {
  const entered: Partial<Record<LeadStage, StageEntryTime>> = {};
  for (const row of rows) {
    const seen = entered[row.stage];
    if (!seen || row.enteredAt < seen.at) {
      entered[row.stage] = { at: row.enteredAt, skipped: row.cause === 'skipped' };
    }
  }
  return entered;
}

/** `hs_analytics_source_data_2` as the decision read it, else the first-touch campaign. */
export function campaignOf(record: unknown): string {
  const inputs =
    (typeof record === 'object' && record !== null ? (record as RecordView).inputs : undefined) ?? {};
  for (const value of [inputs.campaign, inputs.firstTouchCampaign]) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return NONE;
}

/**
 * The playbook version a decision ran under, where decisions carry one (issue 12 adds it); older
 * rows fall under `(none)`.
 */
function playbookVersionOf(decision: ReportingDecision): string {
  const candidates = [
    decision.playbookVersion,
    typeof decision.record === 'object' && decision.record !== null
      ? (decision.record as RecordView).playbookVersion
      : undefined,
  ];
  const found = candidates.find(
    (value) => typeof value === 'number' || (typeof value === 'string' && value !== ''),
  );
  return found === undefined ? NONE : `v${String(found)}`;
}

/** The furthest stage the round reached: a funnel stage, or the exit it left by. */
export function currentStage(fact: FunnelFact): LeadStage {
  if (fact.entered.disqualified) return 'disqualified';
  if (fact.entered.recycled) return 'recycled';
  return [...FUNNEL_STAGES].reverse().find((stage) => fact.entered[stage]) ?? 'mql';
}
