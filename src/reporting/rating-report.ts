import { RATING_MAX, RATING_MIN } from '../handoff/lead-rating';
import type { LeadRatingFact, ReportingDecision, Store } from '../store/store';
import { campaignOf } from './funnel-facts';
import { handoffFacts, NONE } from './handoff-facts';
import type { Cell } from './metric-tables';
import { rate } from './percentiles';
import { badQuery, parseReportQuery, REPORT_DECISION_LIMIT } from './quality-report';

/**
 * Sales' lead-quality ratings by where the lead came from: how many handoffs of the period were
 * rated, their average rating and the spread over the 1–5 scale, per source, offer or campaign
 * (entry point). A handoff counts in the period it was decided, as on the rest of the dashboard;
 * its rating is the latest one its owner gave that round. JSON, CSV and the admin page render
 * these same tables.
 */

export const RATING_TABLE_NAMES = ['ratings', 'distribution'] as const;
export type RatingTableName = (typeof RATING_TABLE_NAMES)[number];
export const RATING_DIMENSIONS = ['all', 'source', 'offer', 'campaign'] as const;
export type RatingDimension = (typeof RATING_DIMENSIONS)[number];

export interface RatingTable {
  name: RatingTableName;
  by: RatingDimension;
  columns: string[];
  rows: Array<Record<string, Cell>>;
}

export interface RatedHandoff {
  keys: Record<RatingDimension, string>;
  /** Handed to a person (only those can be rated). */
  routed: boolean;
  /** The round's latest rating; null when nobody rated it. */
  rating: number | null;
}

export interface RatingQuery {
  table: RatingTableName;
  by: RatingDimension;
  from: number;
  to: number;
}

const SCALE = Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, index) => RATING_MIN + index);
const SCALE_COLUMNS = SCALE.map((value) => `rating_${value}`);
export const RATING_COLUMNS = ['key', 'routed', 'rated', 'rated_rate', 'average_rating', ...SCALE_COLUMNS];

export function parseRatingQuery(query: Record<string, unknown>, now: number): RatingQuery {
  const table = typeof query.table === 'string' && query.table !== '' ? query.table : 'ratings';
  if (!(RATING_TABLE_NAMES as readonly string[]).includes(table)) {
    throw badQuery(`table must be one of ${RATING_TABLE_NAMES.join(', ')}`);
  }
  const by = typeof query.by === 'string' && query.by !== '' ? query.by : 'source';
  if (!(RATING_DIMENSIONS as readonly string[]).includes(by)) {
    throw badQuery(`by must be one of ${RATING_DIMENSIONS.join(', ')}`);
  }
  const { from, to } = parseReportQuery({ from: query.from, to: query.to }, now);
  return { table: table as RatingTableName, by: by as RatingDimension, from, to };
}

/** Each handoff of the period with its marketing keys and its current rating. */
export function ratedHandoffs(
  decisions: readonly ReportingDecision[],
  ratings: readonly LeadRatingFact[],
): RatedHandoff[] {
  const latest = new Map<string, number>();
  for (const row of [...ratings].sort((a, b) => a.ratedAt - b.ratedAt)) {
    latest.set(`${row.contactId}:${row.round}`, row.rating);
  }
  const byDecision = new Map(decisions.map((decision) => [decision.id, decision]));
  return handoffFacts(decisions, []).map((fact) => {
    const decision = byDecision.get(fact.decisionId) as ReportingDecision;
    return {
      keys: {
        all: 'All handoffs',
        source: fact.keys.source,
        offer: fact.keys.offer,
        campaign: campaignOf(decision.record),
      },
      routed: fact.routed,
      rating: latest.get(`${decision.contactId}:${decision.round}`) ?? null,
    };
  });
}

export async function loadRatedHandoffs(
  store: Store,
  portalId: number,
  window: { from: number; to: number },
): Promise<{ handoffs: RatedHandoff[]; truncated: boolean }> {
  const [decisions, ratings] = await Promise.all([
    store.reports.decisions({ portalId, ...window, limit: REPORT_DECISION_LIMIT }),
    // A handoff of the period is rated after it was decided: no earlier rating can be its own.
    store.feedback.ratings(portalId, { from: window.from }),
  ]);
  return {
    handoffs: ratedHandoffs(decisions, ratings),
    truncated: decisions.length === REPORT_DECISION_LIMIT,
  };
}

export function ratingReport(handoffs: readonly RatedHandoff[], query: Pick<RatingQuery, 'table' | 'by'>) {
  return query.table === 'distribution' ? distributionTable(handoffs) : ratingTable(handoffs, query.by);
}

/** One row per group with at least one routed or rated handoff, most rated first. */
export function ratingTable(handoffs: readonly RatedHandoff[], by: RatingDimension): RatingTable {
  const groups = new Map<string, RatedHandoff[]>();
  for (const handoff of handoffs) {
    if (!handoff.routed && handoff.rating === null) continue;
    const key = handoff.keys[by] || NONE;
    groups.set(key, [...(groups.get(key) ?? []), handoff]);
  }
  const rows = [...groups].map(([key, group]) => ratingRow(key, group));
  rows.sort((a, b) => Number(b.rated) - Number(a.rated) || String(a.key).localeCompare(String(b.key)));
  return { name: 'ratings', by, columns: RATING_COLUMNS, rows };
}

function ratingRow(key: string, group: readonly RatedHandoff[]): Record<string, Cell> {
  const ratings = group.flatMap((handoff) => (handoff.rating === null ? [] : [handoff.rating]));
  const routed = group.filter((handoff) => handoff.routed).length;
  const row: Record<string, Cell> = {
    key,
    routed,
    rated: ratings.length,
    rated_rate: rate(ratings.length, routed),
    average_rating: average(ratings),
  };
  for (const value of SCALE) row[`rating_${value}`] = ratings.filter((rating) => rating === value).length;
  return row;
}

/** How the period's ratings spread over the scale, each value with its share. */
export function distributionTable(handoffs: readonly RatedHandoff[]): RatingTable {
  const ratings = handoffs.flatMap((handoff) => (handoff.rating === null ? [] : [handoff.rating]));
  const rows = SCALE.map((value) => {
    const n = ratings.filter((rating) => rating === value).length;
    return { key: String(value), rating: value, count: n, share: rate(n, ratings.length) };
  });
  return { name: 'distribution', by: 'all', columns: ['key', 'rating', 'count', 'share'], rows };
}

/** The mean to two decimals (the page shows one); null with nothing to average. */
function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100;
}
