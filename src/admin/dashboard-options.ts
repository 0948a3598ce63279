import { HandoffError } from '../errors';

/** The breakdown table's columns a person can sort by (the numbers, plus the group's name). */
export const SORT_COLUMNS = [
  'key',
  'handoffs',
  'routed',
  'acceptance_rate',
  'qualification_rate',
  'opportunity_rate',
  'no_response_rate',
  'created_to_routed_p50_s',
  'routed_to_first_action_p50_s',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface DashboardOptions {
  sort: SortColumn;
  dir: 'asc' | 'desc';
  /** Groups shown before the rest fold into "Other"; null shows every group. */
  top: number | null;
  /** The trend's period; `auto`: days up to two months, weeks beyond. */
  period: 'day' | 'week' | 'auto';
}

export const DEFAULT_TOP = 10;

/** Reads `sort`, `dir`, `top` and `period` from the dashboard's URL; a bad value is a 400 naming it. */
export function parseDashboardOptions(query: Record<string, unknown>): DashboardOptions {
  const text = (name: string) =>
    typeof query[name] === 'string' && query[name] !== '' ? query[name] : undefined;
  const sort = text('sort') ?? 'handoffs';
  if (!(SORT_COLUMNS as readonly string[]).includes(sort)) {
    throw bad(`sort must be one of ${SORT_COLUMNS.join(', ')}`);
  }
  const dir = text('dir') ?? (sort === 'key' ? 'asc' : 'desc');
  if (dir !== 'asc' && dir !== 'desc') throw bad('dir must be asc or desc');
  const topText = text('top') ?? String(DEFAULT_TOP);
  if (topText !== 'all' && !/^[1-9]\d{0,2}$/.test(topText))
    throw bad('top must be a number from 1 to 999, or all');
  const period = text('period') ?? 'auto';
  if (period !== 'day' && period !== 'week' && period !== 'auto')
    throw bad('period must be day, week or auto');
  return { sort: sort as SortColumn, dir, top: topText === 'all' ? null : Number(topText), period };
}

function bad(message: string): HandoffError {
  return new HandoffError('body_invalid', `Dashboard query: ${message}`, 400);
}
