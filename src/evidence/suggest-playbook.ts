import { describeDiff, diffPlaybooks, type PlaybookDiff } from '../handoff/diff-playbooks';
import type { Playbook } from '../handoff/playbook';
import { backtest, handedToSales, rescore, type Backtest, type Thresholds } from './backtest';
import type { EvidenceLead } from './evidence-leads';
import { DEFAULT_MIN_SAMPLE } from './evidence-tables';
import { playbookRules, withPoints } from './playbook-rules';
import { adjustedEffects } from './adjusted-effects';

/**
 * A suggestion from the evidence, in the playbook's own terms: new points for existing rules
 * (a rule may go to 0, none is invented) and new sales-ready thresholds, chosen for a goal RevOps
 * states, with the backtest that shows what it would have cost.
 *
 * 1. Fit a ridge logistic regression over the MQLs of the period: one 0/1 indicator per rule seen
 *    on at least `minSample` MQLs (and missing on as many), outcome "became an opportunity".
 * 2. Turn each weight into points: a negative weight turns the rule off (0); positive weights are
 *    scaled per score so the strongest rule gets the most points any fitted rule of that score has
 *    now (the 0–100 scale and the thresholds keep their meaning), and rounded to multiples of 5.
 *    Rules without enough evidence keep their points.
 * 3. Try every fit floor, fit and intent threshold in steps of 5 (floor not above fit) and keep
 *    the one that meets the goal with the most opportunities kept (then the fewest MQLs, then the
 *    smallest move from today's).
 */

export interface Goal {
  /** Keep at least this share of the MQLs that became opportunities (0–1). */
  keepOpportunities: number;
  /** Send at least this share fewer MQLs (0–1; negative allows more). */
  fewerMqls: number;
}

export interface RuleSuggestion {
  name: string;
  score: 'fit' | 'intent';
  before: number;
  after: number;
  /** The fitted log-odds weight; null when the rule had too few MQLs to fit. */
  weight: number | null;
  /** MQLs with the rule. */
  mqls: number;
}

export interface Suggestion {
  goal: Goal;
  goalMet: boolean;
  /** MQLs and opportunities the model learnt from. */
  trainedOn: { mqls: number; opportunities: number; lambda: number };
  rules: RuleSuggestion[];
  thresholds: { before: Thresholds; after: Thresholds };
  playbook: Playbook;
  diff: PlaybookDiff;
  backtest: Backtest;
}

export interface SuggestOptions {
  minSample?: number;
  /** Ridge penalty; larger shrinks weights harder towards 0. */
  lambda?: number;
}

export function suggestPlaybook(
  leads: readonly EvidenceLead[],
  playbook: Playbook,
  goal: Goal,
  options: SuggestOptions = {},
): Suggestion {
  const minSample = options.minSample ?? DEFAULT_MIN_SAMPLE;
  const lambda = options.lambda ?? 1;
  const mqls = leads.filter((lead) => lead.reached.mql !== undefined);
  const rules = playbookRules(playbook).filter((rule) => rule.tunable);
  const counts = rules.map((rule) => mqls.filter((lead) => lead.rules.includes(rule.name)).length);
  const weightOf = adjustedEffects(
    leads,
    rules.map((rule) => rule.name),
    minSample,
    lambda,
  );
  const fitted = rules.filter((rule) => weightOf.has(rule.name));
  const points = new Map<string, number>();
  for (const score of ['fit', 'intent'] as const) {
    const mine = fitted.filter((rule) => rule.score === score);
    const most = Math.max(0, ...mine.map((rule) => rule.points));
    const strongest = Math.max(0, ...mine.map((rule) => weightOf.get(rule.name) as number));
    if (strongest === 0) continue;
    for (const rule of mine) {
      const raw = (Math.max(0, weightOf.get(rule.name) as number) * most) / strongest;
      points.set(rule.name, Math.min(100, Math.round(raw / 5) * 5));
    }
  }
  const before = {
    fitFloor: playbook.thresholds.fitFloor,
    fit: playbook.thresholds.fit,
    intent: playbook.thresholds.intent,
  };
  const { thresholds, met } = chooseThresholds(leads, points, playbook, goal, before);
  const candidate = {
    ...withPoints(playbook, points),
    thresholds: { ...playbook.thresholds, ...thresholds },
  };
  return {
    goal,
    goalMet: met,
    trainedOn: {
      mqls: mqls.length,
      opportunities: mqls.filter((lead) => lead.reached.opportunity !== undefined).length,
      lambda,
    },
    rules: rules.map((rule, index) => ({
      name: rule.name,
      score: rule.score,
      before: rule.points,
      after: points.get(rule.name) ?? rule.points,
      weight: weightOf.get(rule.name) ?? null,
      mqls: counts[index] as number,
    })),
    thresholds: { before, after: thresholds },
    playbook: candidate,
    diff: diffPlaybooks(playbook, candidate),
    backtest: backtest(leads, points, thresholds, playbook),
  };
}

type Scores = ReturnType<typeof rescore>;

function chooseThresholds(
  leads: readonly EvidenceLead[],
  points: ReadonlyMap<string, number>,
  playbook: Playbook,
  goal: Goal,
  current: Thresholds,
): { thresholds: Thresholds; met: boolean } {
  // Leads alike for the rules of §4 (same scores, same fixed status and context) are counted
  // once: the search then costs the number of distinct score pairs, not the number of leads.
  const groups = new Map<
    string,
    { lead: EvidenceLead; scores: Scores; leads: number; opportunities: number }
  >();
  for (const lead of leads) {
    const scores = rescore(lead, points, playbook);
    const key = [
      lead.fixedStatus,
      lead.missingContext,
      lead.reached.mql !== undefined,
      scores.fit,
      scores.intent,
    ].join('|');
    const group = groups.get(key) ?? { lead, scores, leads: 0, opportunities: 0 };
    group.leads += 1;
    if (lead.reached.opportunity !== undefined) group.opportunities += 1;
    groups.set(key, group);
  }
  const scored = [...groups.values()];
  const baseMqls = leads.filter((lead) => lead.reached.mql !== undefined).length;
  const baseOpportunities = leads.filter((lead) => lead.reached.opportunity !== undefined).length;
  let best: { thresholds: Thresholds; met: boolean; rank: number[] } | undefined;
  for (let fitFloor = 0; fitFloor <= 100; fitFloor += 5) {
    for (let fit = fitFloor; fit <= 100; fit += 5) {
      for (let intent = 0; intent <= 100; intent += 5) {
        const thresholds = { fitFloor, fit, intent };
        let mqlCount = 0;
        let kept = 0;
        for (const group of scored) {
          if (!handedToSales(group.lead, group.scores, thresholds, playbook)) continue;
          mqlCount += group.leads;
          kept += group.opportunities;
        }
        const keptShare = baseOpportunities === 0 ? 1 : kept / baseOpportunities;
        const fewer = baseMqls === 0 ? 0 : 1 - mqlCount / baseMqls;
        const shortfall =
          Math.max(0, goal.keepOpportunities - keptShare) + Math.max(0, goal.fewerMqls - fewer);
        const met = shortfall === 0;
        const move =
          Math.abs(fitFloor - current.fitFloor) +
          Math.abs(fit - current.fit) +
          Math.abs(intent - current.intent);
        // Lower is better, compared in order: unmet goal, shortfall, opportunities lost, MQLs, move.
        const rank = [met ? 0 : 1, shortfall, -kept, mqlCount, move];
        if (!best || isBetter(rank, best.rank)) best = { thresholds, met, rank };
      }
    }
  }
  return best ? { thresholds: best.thresholds, met: best.met } : { thresholds: current, met: false };
}

function isBetter(a: readonly number[], b: readonly number[]): boolean {
  for (let index = 0; index < a.length; index += 1) {
    const x = a[index] as number;
    const y = b[index] as number;
    if (Math.abs(x - y) > 1e-12) return x < y;
  }
  return false;
}

/** The diff's lines, each points change followed by the rule it belongs to. */
export function describeSuggestion(suggestion: Suggestion, playbook: Playbook): string[] {
  const names = new Map(playbookRules(playbook).map((rule) => [rule.path.join('.'), rule.name]));
  return describeDiff(suggestion.diff).map((line) => {
    const path = line.split(':')[0] ?? '';
    const name = names.get(path);
    return name === undefined || name === path.replace(/\.points$/, '') ? line : `${line}  (${name})`;
  });
}
