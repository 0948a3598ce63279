import type { Store } from '../store/store';
import { FUNNEL_DIMENSIONS, funnelFacts, type FunnelDimension, type FunnelFact } from './funnel-facts';
import {
  cohortTable,
  FUNNEL_TABLE_NAMES,
  funnelTable,
  stalledTable,
  type FunnelTable,
  type FunnelTableName,
} from './funnel-tables';
import { badQuery, parseReportQuery, REPORT_DECISION_LIMIT } from './quality-report';

const DAY_MS = 86_400_000;
/** A stage event may be stamped a little before its decision (the contact's creation time). */
const EARLY_STAMP_MS = DAY_MS;

export interface FunnelQuery {
  table: FunnelTableName;
  by: FunnelDimension;
  /** Handed to sales (decided) at or after, epoch ms. */
  from: number;
  /** Decided before, epoch ms. */
  to: number;
}

/**
 * `table` (funnel, cohort, stalled), `by` (a funnel dimension) and the period, read as the other
 * reports read them (UTC days; default the last 30 days).
 */
export function parseFunnelQuery(query: Record<string, unknown>, now: number): FunnelQuery {
  const table = typeof query.table === 'string' && query.table !== '' ? query.table : 'funnel';
  if (!(FUNNEL_TABLE_NAMES as readonly string[]).includes(table)) {
    throw badQuery(`table must be one of ${FUNNEL_TABLE_NAMES.join(', ')}`);
  }
  const by = typeof query.by === 'string' && query.by !== '' ? query.by : 'source';
  if (!(FUNNEL_DIMENSIONS as readonly string[]).includes(by)) {
    throw badQuery(`by must be one of ${FUNNEL_DIMENSIONS.join(', ')}`);
  }
  const { from, to } = parseReportQuery({ from: query.from, to: query.to }, now);
  return { table: table as FunnelTableName, by: by as FunnelDimension, from, to };
}

/** The period's MQL rounds with their stages, from the store's decisions and stage transitions. */
export async function loadFunnelFacts(
  store: Store,
  portalId: number,
  window: { from: number; to: number },
): Promise<{ facts: FunnelFact[]; truncated: boolean }> {
  const [decisions, transitions] = await Promise.all([
    store.reports.decisions({ portalId, ...window, limit: REPORT_DECISION_LIMIT }),
    store.stages.list({ portalId, from: window.from - EARLY_STAMP_MS }),
  ]);
  return {
    facts: funnelFacts(decisions, transitions),
    truncated: decisions.length === REPORT_DECISION_LIMIT,
  };
}

/** One funnel table for the query; `now` ages the cohorts and the waits of stalled leads. */
export function funnelReport(facts: readonly FunnelFact[], query: FunnelQuery, now: number): FunnelTable {
  if (query.table === 'cohort') return cohortTable(facts, now);
  if (query.table === 'stalled') return stalledTable(facts, now);
  return funnelTable(facts, query.by);
}
