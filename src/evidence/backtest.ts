import type { Playbook } from '../handoff/playbook';
import type { EvidenceLead } from './evidence-leads';
import { playbookRules, type PlaybookRule } from './playbook-rules';

/**
 * What a change of points and thresholds would have done to the period's leads, from their stored
 * score lines: each lead is scored again line by line with the candidate's points and put through
 * CONTRACT §4's rules 3–6 with the candidate's thresholds. Statuses that scores do not decide
 * (existing account or duplicate, a disqualifying domain or role) stay as they were. An MQL kept
 * keeps the outcome it had; a lead that becomes an MQL only under the candidate has no outcome
 * yet and is counted as a new MQL.
 */

export interface Thresholds {
  fitFloor: number;
  fit: number;
  intent: number;
}

export interface BacktestCounts {
  mqls: number;
  sqls: number;
  opportunities: number;
}

export interface BacktestChange {
  contactId: string;
  source: string;
  before: { mql: boolean; fit: number; intent: number };
  after: { mql: boolean; fit: number; intent: number };
  /** The furthest stage the lead reached (what is at stake). */
  reached: string;
}

export interface Backtest {
  thresholds: Thresholds;
  before: BacktestCounts;
  /** MQLs under the candidate that were MQLs already, and what they became. */
  kept: BacktestCounts;
  /** MQLs under the candidate that were not MQLs (no outcome yet). */
  added: number;
  bySource: Array<{ source: string; before: BacktestCounts; kept: BacktestCounts; added: number }>;
  changes: BacktestChange[];
}

const RULES = new WeakMap<Playbook, PlaybookRule[]>();

/** The playbook's rules, listed once per playbook (a backtest scores thousands of leads). */
function rulesOf(playbook: Playbook): PlaybookRule[] {
  let rules = RULES.get(playbook);
  if (!rules) {
    rules = playbookRules(playbook);
    RULES.set(playbook, rules);
  }
  return rules;
}

/** Scores under `points` (rule name → points; missing names keep the stored line's points). */
export function rescore(
  lead: EvidenceLead,
  points: ReadonlyMap<string, number>,
  playbook: Playbook,
): { fit: number; intent: number } {
  const rules = rulesOf(playbook);
  const total = (lines: EvidenceLead['fit']['lines']) => {
    let sum = 0;
    for (const line of lines) {
      if (line.rule === 'cap' || line.rule === 'floor') continue;
      const rule = rules.find((candidate) => candidate.matches(line));
      sum += rule?.tunable ? (points.get(rule.name) ?? line.points) : line.points;
    }
    return Math.max(0, Math.min(100, sum));
  };
  return { fit: total(lead.fit.lines), intent: total(lead.intent.lines) };
}

/** Whether CONTRACT §4 hands the lead to sales with these scores and thresholds. */
export function handedToSales(
  lead: EvidenceLead,
  scores: { fit: number; intent: number },
  thresholds: Thresholds,
  playbook: Playbook,
): boolean {
  if (lead.fixedStatus) return lead.reached.mql !== undefined;
  if (lead.missingContext) return scores.intent >= playbook.thresholds.someIntent;
  if (scores.fit < thresholds.fitFloor) return false;
  const goodFit = scores.fit >= thresholds.fit;
  const highIntent = scores.intent >= thresholds.intent;
  if (goodFit) return highIntent;
  const fallback = highIntent ? playbook.unmatched.withIntent : playbook.unmatched.otherwise;
  return fallback === 'needs_qualification';
}

export function backtest(
  leads: readonly EvidenceLead[],
  points: ReadonlyMap<string, number>,
  thresholds: Thresholds,
  playbook: Playbook,
): Backtest {
  const empty = (): BacktestCounts => ({ mqls: 0, sqls: 0, opportunities: 0 });
  const add = (counts: BacktestCounts, lead: EvidenceLead) => {
    counts.mqls += 1;
    if (lead.reached.sql !== undefined) counts.sqls += 1;
    if (lead.reached.opportunity !== undefined) counts.opportunities += 1;
  };
  const result: Backtest = {
    thresholds,
    before: empty(),
    kept: empty(),
    added: 0,
    bySource: [],
    changes: [],
  };
  const sources = new Map<string, Backtest['bySource'][number]>();
  for (const lead of leads) {
    const source = sources.get(lead.source) ?? {
      source: lead.source,
      before: empty(),
      kept: empty(),
      added: 0,
    };
    sources.set(lead.source, source);
    const was = lead.reached.mql !== undefined;
    const scores = rescore(lead, points, playbook);
    const is = handedToSales(lead, scores, thresholds, playbook);
    if (was) {
      add(result.before, lead);
      add(source.before, lead);
    }
    if (was && is) {
      add(result.kept, lead);
      add(source.kept, lead);
    }
    if (!was && is) {
      result.added += 1;
      source.added += 1;
    }
    if (was !== is) {
      result.changes.push({
        contactId: lead.contactId,
        source: lead.source,
        before: { mql: was, fit: lead.fit.score, intent: lead.intent.score },
        after: { mql: is, ...scores },
        reached: furthest(lead),
      });
    }
  }
  result.bySource = [...sources.values()].sort(
    (a, b) => b.before.mqls - a.before.mqls || a.source.localeCompare(b.source),
  );
  return result;
}

function furthest(lead: EvidenceLead): string {
  for (const stage of ['opportunity', 'sql', 'sal', 'mql'] as const) {
    if (lead.reached[stage] !== undefined) return stage;
  }
  return 'not handed to sales';
}
