import type { Cell } from '../reporting/metric-tables';
import type { SuggestionReport } from './evidence-service';
import type { EvidenceDimension, EvidenceRow, SideStats } from './evidence-tables';
import { tooFewText } from './statistics';

/**
 * The evidence rows as people read them (the admin page, the CLI) and as a table of columns
 * (JSON, CSV). Every rate is written with its count; a row under the minimum sample says so.
 */

export const DIMENSION_TITLES: Record<EvidenceDimension, string> = {
  rule: 'Rules (fit and intent)',
  fit_band: 'Fit score band',
  intent_band: 'Intent score band',
  source: 'Source',
  offer: 'Offer',
  priority: 'Priority',
};

export const DISPLAY_COLUMNS = [
  'Signal',
  'Points',
  'Leads',
  'MQLs',
  'SAL/MQL',
  'SQL/SAL',
  'Opp/SQL',
  'Opp/MQL (95% CI)',
  'Without: Opp/MQL',
  'Lift (95% CI)',
  'Adjusted odds',
  'Days to opp (median)',
  'Sales rating',
] as const;

const percent = (value: number) => `${Math.round(value * 100)}%`;
const ratio = (hits: number, of: number) => (of === 0 ? `–` : `${percent(hits / of)} (${hits}/${of})`);

/** One row as display text, column by column. */
export function displayRow(
  row: EvidenceRow,
  rated: boolean,
): Record<(typeof DISPLAY_COLUMNS)[number], string> {
  const side: SideStats = row.with;
  const tooFew = tooFewText(Math.min(row.with.reached.mql, row.without.reached.mql));
  const rate = (stats: SideStats) =>
    stats.opportunityRate
      ? `${percent(stats.opportunityRate.rate)} (${percent(stats.opportunityRate.interval.low)}–${percent(stats.opportunityRate.interval.high)}) ${stats.reached.opportunity}/${stats.reached.mql}`
      : tooFewText(stats.reached.mql);
  return {
    Signal: row.group,
    Points: row.points === undefined ? '' : String(row.points),
    Leads: String(side.leads),
    MQLs: String(side.reached.mql),
    'SAL/MQL': ratio(side.reached.sal, side.reached.mql),
    'SQL/SAL': ratio(side.reached.sql, side.reached.sal),
    'Opp/SQL': ratio(side.reached.opportunity, side.reached.sql),
    'Opp/MQL (95% CI)': rate(side),
    'Without: Opp/MQL': rate(row.without),
    'Lift (95% CI)': row.lift
      ? `×${row.lift.ratio.toFixed(2)} (${row.lift.interval.low.toFixed(2)}–${row.lift.interval.high.toFixed(2)})`
      : tooFew,
    'Adjusted odds':
      row.adjustedOddsRatio === undefined
        ? ''
        : row.adjustedOddsRatio === null
          ? tooFew
          : `×${row.adjustedOddsRatio.toFixed(2)}`,
    'Days to opp (median)':
      side.medianDaysToOpportunity === null
        ? tooFewText(side.reached.opportunity)
        : `${side.medianDaysToOpportunity.toFixed(1)} (n=${side.reached.opportunity})`,
    'Sales rating': !rated
      ? 'no ratings yet'
      : side.averageRating === null
        ? tooFewText(side.rated)
        : `${side.averageRating.toFixed(1)} (n=${side.rated})`,
  };
}

export const TABLE_COLUMNS = [
  'dimension',
  'group',
  'points',
  'leads',
  'mqls',
  'sals',
  'sqls',
  'opportunities',
  'opportunity_rate',
  'opportunity_rate_low',
  'opportunity_rate_high',
  'without_leads',
  'without_mqls',
  'without_opportunities',
  'without_opportunity_rate',
  'lift',
  'lift_low',
  'lift_high',
  'adjusted_odds_ratio',
  'median_days_to_opportunity',
  'rated',
  'average_rating',
  'note',
];

/** The rows as a table of numbers for JSON and CSV; `note` says when a number is held back. */
export function evidenceTable(rows: readonly EvidenceRow[]): {
  columns: string[];
  rows: Array<Record<string, Cell>>;
} {
  const round = (value: number | null | undefined, digits = 4) =>
    value === null || value === undefined ? null : Number(value.toFixed(digits));
  return {
    columns: TABLE_COLUMNS,
    rows: rows.map((row) => ({
      dimension: row.dimension,
      group: row.group,
      points: row.points ?? null,
      leads: row.with.leads,
      mqls: row.with.reached.mql,
      sals: row.with.reached.sal,
      sqls: row.with.reached.sql,
      opportunities: row.with.reached.opportunity,
      opportunity_rate: round(row.with.opportunityRate?.rate),
      opportunity_rate_low: round(row.with.opportunityRate?.interval.low),
      opportunity_rate_high: round(row.with.opportunityRate?.interval.high),
      without_leads: row.without.leads,
      without_mqls: row.without.reached.mql,
      without_opportunities: row.without.reached.opportunity,
      without_opportunity_rate: round(row.without.opportunityRate?.rate),
      lift: round(row.lift?.ratio),
      lift_low: round(row.lift?.interval.low),
      lift_high: round(row.lift?.interval.high),
      adjusted_odds_ratio: round(row.adjustedOddsRatio),
      median_days_to_opportunity: round(row.with.medianDaysToOpportunity, 2),
      rated: row.with.rated,
      average_rating: round(row.with.averageRating, 2),
      note: row.enough ? '' : tooFewText(Math.min(row.with.reached.mql, row.without.reached.mql)),
    })),
  };
}

/** A suggestion as JSON: all of it but the whole candidate playbook (its diff says what changes). */
export function suggestionJson(report: SuggestionReport): Omit<SuggestionReport, 'suggestion'> & {
  suggestion: Omit<SuggestionReport['suggestion'], 'playbook'>;
} {
  const { playbook: _playbook, ...suggestion } = report.suggestion;
  return { ...report, suggestion };
}
