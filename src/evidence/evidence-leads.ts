import { FUNNEL_STAGES } from '../handoff/lead-stages';
import type { Playbook } from '../handoff/playbook';
import type { ScoreLine } from '../handoff/score-lines';
import { handoffFacts } from '../reporting/handoff-facts';
import type { ReportingDecision, StoredStageTransition } from '../store/store';
import { playbookRules, rulesOfLines } from './playbook-rules';

/**
 * One decided lead as the evidence sees it: the rules that scored it (by name), where it went in
 * the funnel and what sales thought of it. Built from stored rows only, like every report.
 */
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface EvidenceLead {
  contactId: string;
  round: number;
  decidedAt: number;
  status: string;
  priority: string;
  source: string;
  offer: string;
  playbookVersion: string;
  fit: { score: number; lines: ScoreLine[] };
  intent: { score: number; lines: ScoreLine[] };
  /** Names of the playbook rules that gave this lead points. */
  rules: string[];
  /** CONTRACT §4 rule 3 found company or role missing (the scores alone did not decide it). */
  missingContext: boolean;
  /**
   * The status came from a rule points do not touch (an existing account or duplicate, a
   * disqualifying domain or role), so another scoring would decide it the same way.
   */
  fixedStatus: boolean;
  /** When the round entered each funnel stage. */
  reached: Partial<Record<FunnelStage, number>>;
  /** The sales rating of the lead (average when rated more than once); undefined: not rated. */
  rating?: number;
}

export interface LeadRating {
  contactId: string;
  rating: number;
}

interface RecordView {
  fit?: { score?: unknown; lines?: unknown };
  intent?: { score?: unknown; lines?: unknown };
  checks?: Array<{ rule?: unknown; detail?: unknown; applied?: unknown }>;
  playbookVersion?: unknown;
}

export function evidenceLeads(
  decisions: readonly ReportingDecision[],
  transitions: readonly StoredStageTransition[],
  ratings: readonly LeadRating[],
  playbook: Playbook,
): EvidenceLead[] {
  const rules = playbookRules(playbook);
  const reachedByRound = new Map<string, Partial<Record<FunnelStage, number>>>();
  for (const row of transitions) {
    if (!(FUNNEL_STAGES as readonly string[]).includes(row.stage)) continue;
    const key = `${row.contactId}:${row.round}`;
    const reached = reachedByRound.get(key) ?? {};
    const stage = row.stage as FunnelStage;
    reached[stage] = Math.min(reached[stage] ?? Infinity, row.enteredAt);
    reachedByRound.set(key, reached);
  }
  const ratingsByContact = new Map<string, number[]>();
  for (const { contactId, rating } of ratings) {
    ratingsByContact.set(contactId, [...(ratingsByContact.get(contactId) ?? []), rating]);
  }
  const facts = new Map(handoffFacts(decisions, []).map((fact) => [fact.decisionId, fact]));
  return decisions.flatMap((decision): EvidenceLead[] => {
    const record = (
      typeof decision.record === 'object' && decision.record ? decision.record : {}
    ) as RecordView;
    const fit = scoreOf(record.fit);
    const intent = scoreOf(record.intent);
    const fact = facts.get(decision.id);
    if (!fit || !intent || !fact) return [];
    const rated = ratingsByContact.get(decision.contactId);
    const contextCheck = (record.checks ?? []).find((check) => check.rule === 'needs_qualification');
    return [
      {
        contactId: decision.contactId,
        round: decision.round,
        decidedAt: decision.decidedAt,
        status: decision.status,
        priority: decision.priority ?? '(none)',
        source: fact.keys.source,
        offer: fact.keys.offer,
        playbookVersion: fact.keys.playbook_version,
        fit,
        intent,
        rules: rulesOfLines([...fit.lines, ...intent.lines], rules),
        missingContext: typeof contextCheck?.detail === 'string' && contextCheck.detail.startsWith('missing'),
        fixedStatus: fixedStatus(record.checks),
        reached: reachedByRound.get(`${decision.contactId}:${decision.round}`) ?? {},
        ...(rated ? { rating: rated.reduce((sum, value) => sum + value, 0) / rated.length } : {}),
      },
    ];
  });
}

function fixedStatus(checks: RecordView['checks']): boolean {
  const applied = (checks ?? []).find((check) => check.applied === true);
  if (!applied) return true;
  if (applied.rule === 'duplicate_or_existing') return true;
  // A fit-floor disqualification reads "fit 12 is below the floor of 20" (qualify.ts).
  return applied.rule === 'disqualified' && !String(applied.detail).startsWith('fit ');
}

/** A stored score, checked: rows outlive deploys. */
function scoreOf(value: RecordView['fit']): { score: number; lines: ScoreLine[] } | undefined {
  if (!value || typeof value.score !== 'number' || !Array.isArray(value.lines)) return undefined;
  const lines = (value.lines as unknown[]).filter(
    (line): line is ScoreLine =>
      typeof line === 'object' &&
      line !== null &&
      typeof (line as ScoreLine).rule === 'string' &&
      typeof (line as ScoreLine).points === 'number' &&
      typeof (line as ScoreLine).reason === 'string',
  );
  return { score: value.score, lines };
}
