import { HandoffError } from '../errors';
import type { Store } from '../store/store';
import { DIMENSIONS, handoffFacts, type Dimension, type HandoffFact } from './handoff-facts';
import { TABLE_NAMES, type TableName } from './metric-tables';

const DAY_MS = 86_400_000;
/** A report reads at most this many decisions; the answer says when it stopped there. */
export const REPORT_DECISION_LIMIT = 100_000;

export interface ReportQuery {
  table: TableName;
  by: Dimension;
  /** Decided at or after (epoch ms). */
  from: number;
  /** Decided before (epoch ms). */
  to: number;
}

/**
 * Reads `table`, `by`, `from` and `to` from a query string. Days are UTC: `from=2026-11-01` starts
 * at that midnight and `to=2026-11-07` includes the whole 7th. Default: the last 30 days to now.
 */
export function parseReportQuery(query: Record<string, unknown>, now: number): ReportQuery {
  const text = (name: string) =>
    typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined;
  const table = text('table') ?? 'handoffs';
  if (!(TABLE_NAMES as readonly string[]).includes(table)) {
    throw badQuery(`table must be one of ${TABLE_NAMES.join(', ')}`);
  }
  const by = text('by') ?? 'source';
  if (!(DIMENSIONS as readonly string[]).includes(by))
    throw badQuery(`by must be one of ${DIMENSIONS.join(', ')}`);
  const to = text('to') === undefined ? now + 1 : time(text('to') as string, 'to', true);
  const from = text('from') === undefined ? to - 30 * DAY_MS : time(text('from') as string, 'from', false);
  if (from >= to) throw badQuery('from must be before to');
  return { table: table as TableName, by: by as Dimension, from, to };
}

function time(value: string, name: string, endOfDay: boolean): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    if (Number.isFinite(start)) return endOfDay ? start + DAY_MS : start;
  } else {
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return parsed;
  }
  throw badQuery(`${name} must be a day YYYY-MM-DD (UTC) or an ISO 8601 time`);
}

export function badQuery(message: string): HandoffError {
  return new HandoffError('body_invalid', `Report query: ${message}`, 400);
}

/** The period's handoffs as facts, from the store's decisions and outcomes. */
export async function loadHandoffFacts(
  store: Store,
  portalId: number,
  window: { from: number; to: number },
): Promise<{ facts: HandoffFact[]; truncated: boolean }> {
  const [decisions, outcomes] = await Promise.all([
    store.reports.decisions({ portalId, ...window, limit: REPORT_DECISION_LIMIT }),
    store.reports.outcomes({ portalId, ...window }),
  ]);
  return { facts: handoffFacts(decisions, outcomes), truncated: decisions.length === REPORT_DECISION_LIMIT };
}
