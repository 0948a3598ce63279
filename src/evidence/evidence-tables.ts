import { adjustedEffects } from './adjusted-effects';
import type { EvidenceLead, FunnelStage } from './evidence-leads';
import { liftInterval, median, wilsonInterval, type Interval, type Lift } from './statistics';

/**
 * Which signals predict pipeline: for each rule (by name), score band, source, offer and priority,
 * the leads with it against the leads without it. Each side carries its counts through the funnel;
 * the opportunity rate is over MQLs (what sales made of the leads it got), and rates and lifts are
 * given only when both sides reach `minSample` MQLs, else the row says "too few (n=…)".
 */

export const EVIDENCE_DIMENSIONS = [
  'rule',
  'fit_band',
  'intent_band',
  'source',
  'offer',
  'priority',
] as const;
export type EvidenceDimension = (typeof EVIDENCE_DIMENSIONS)[number];

export const DEFAULT_MIN_SAMPLE = 20;
const DAY_MS = 86_400_000;

export interface SideStats {
  leads: number;
  /** Leads that entered each funnel stage. */
  reached: Record<FunnelStage, number>;
  /**
   * Share of the MQLs that became opportunities (the conversion sales controls), with Wilson's
   * interval; null below the minimum number of MQLs.
   */
  opportunityRate: { rate: number; interval: Interval } | null;
  /** Median days from decision to opportunity, over those that got there. */
  medianDaysToOpportunity: number | null;
  rated: number;
  averageRating: number | null;
}

export interface EvidenceRow {
  dimension: EvidenceDimension;
  group: string;
  /** The rule's points in the playbook read (rules only). */
  points?: number;
  with: SideStats;
  without: SideStats;
  /** Opportunity rate with ÷ without; null when a side is under the minimum. */
  lift: Lift | null;
  /**
   * Rules only: the rule's odds ratio with the other rules held equal (adjusted-effects.ts); null
   * under the minimum sample.
   */
  adjustedOddsRatio?: number | null;
  /** Both sides reach the minimum number of MQLs. */
  enough: boolean;
}

export interface EvidenceOptions {
  minSample?: number;
  confidence?: number;
  /** Points per rule name, shown next to each rule. */
  points?: ReadonlyMap<string, number>;
}

export function evidenceRows(leads: readonly EvidenceLead[], options: EvidenceOptions = {}): EvidenceRow[] {
  const minSample = options.minSample ?? DEFAULT_MIN_SAMPLE;
  const confidence = options.confidence ?? 0.95;
  const rows: EvidenceRow[] = [];
  const ruleNames = [...new Set(leads.flatMap((lead) => lead.rules))].sort();
  const adjusted = adjustedEffects(leads, ruleNames, minSample);
  for (const dimension of EVIDENCE_DIMENSIONS) {
    // One pass per dimension: which leads each group holds.
    const members = new Map<string, Set<EvidenceLead>>();
    for (const lead of leads) {
      for (const group of groupsOf(lead, dimension)) {
        const set = members.get(group) ?? new Set<EvidenceLead>();
        set.add(lead);
        members.set(group, set);
      }
    }
    for (const group of [...members.keys()].sort()) {
      const inGroup = members.get(group) as Set<EvidenceLead>;
      const withSide = [...inGroup];
      const withoutSide = leads.filter((lead) => !inGroup.has(lead));
      const a = sideStats(withSide, minSample, confidence);
      const b = sideStats(withoutSide, minSample, confidence);
      const enough = a.reached.mql >= minSample && b.reached.mql >= minSample;
      const points = dimension === 'rule' ? options.points?.get(group) : undefined;
      rows.push({
        dimension,
        group,
        ...(points === undefined ? {} : { points }),
        ...(dimension === 'rule'
          ? { adjustedOddsRatio: adjusted.has(group) ? Math.exp(adjusted.get(group) as number) : null }
          : {}),
        with: a,
        without: b,
        lift: enough
          ? liftInterval(
              a.reached.opportunity,
              a.reached.mql,
              b.reached.opportunity,
              b.reached.mql,
              confidence,
            )
          : null,
        enough,
      });
    }
  }
  return rows;
}

/** Bands of 20 points, as RevOps read a 0–100 score. */
export function scoreBand(score: number): string {
  const low = Math.min(80, Math.floor(score / 20) * 20);
  return low === 80 ? '80–100' : `${low}–${low + 19}`;
}

function groupsOf(lead: EvidenceLead, dimension: EvidenceDimension): string[] {
  switch (dimension) {
    case 'rule':
      return lead.rules;
    case 'fit_band':
      return [scoreBand(lead.fit.score)];
    case 'intent_band':
      return [scoreBand(lead.intent.score)];
    case 'source':
      return [lead.source];
    case 'offer':
      return [lead.offer];
    case 'priority':
      return [lead.priority];
  }
}

export function sideStats(
  members: readonly EvidenceLead[],
  minSample: number,
  confidence: number,
): SideStats {
  const count = (stage: FunnelStage) => members.filter((lead) => lead.reached[stage] !== undefined).length;
  const reached = {
    mql: count('mql'),
    sal: count('sal'),
    sql: count('sql'),
    opportunity: count('opportunity'),
  };
  const days = members.flatMap((lead) =>
    lead.reached.opportunity === undefined ? [] : [(lead.reached.opportunity - lead.decidedAt) / DAY_MS],
  );
  const ratings = members.flatMap((lead) => (lead.rating === undefined ? [] : [lead.rating]));
  const enough = reached.mql >= minSample;
  return {
    leads: members.length,
    reached,
    opportunityRate: enough
      ? {
          rate: reached.opportunity / reached.mql,
          interval: wilsonInterval(reached.opportunity, reached.mql, confidence),
        }
      : null,
    medianDaysToOpportunity: days.length >= Math.min(minSample, 5) ? median(days) : null,
    rated: ratings.length,
    averageRating:
      ratings.length > 0 && enough ? ratings.reduce((sum, value) => sum + value, 0) / ratings.length : null,
  };
}
