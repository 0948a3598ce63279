import { validationError } from '../errors';

/** The search operators of HubSpot's CRM search guide. */
export const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface SearchFilter {
  propertyName: string;
  operator: Operator;
  value?: string;
  highValue?: string;
  values?: string[];
}

/** HubSpot's search guide caps an `IN`/`NOT_IN` list at 100 values. */
export const MAX_IN_VALUES = 100;

/** Checks what HubSpot checks before it searches; the message names the filter at fault. */
export function checkFilter(filter: SearchFilter): void {
  const needsValue = !['IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY'].includes(filter.operator);
  if (needsValue && filter.value === undefined) {
    throw validationError(`Operator ${filter.operator} requires a value (filter on ${filter.propertyName})`);
  }
  if (filter.operator === 'BETWEEN' && filter.highValue === undefined) {
    throw validationError(`Operator BETWEEN requires a highValue (filter on ${filter.propertyName})`);
  }
  if (filter.operator === 'IN' || filter.operator === 'NOT_IN') {
    if (!filter.values || filter.values.length === 0) {
      throw validationError(`Operator ${filter.operator} requires values (filter on ${filter.propertyName})`);
    }
    if (filter.values.length > MAX_IN_VALUES) {
      throw validationError(
        `Operator ${filter.operator} takes at most ${MAX_IN_VALUES} values; got ${filter.values.length} (filter on ${filter.propertyName})`,
      );
    }
  }
}

/** Numbers compare as numbers, datetimes (ISO or epoch ms) as instants, anything else as text. */
function comparable(text: string): number | string {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const time = Date.parse(text);
    if (!Number.isNaN(time)) return time;
  }
  return text.toLowerCase();
}

function compare(stored: string, given: string): number {
  const a = comparable(stored);
  const b = comparable(given);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** Words of a value as the index tokenises them: runs of letters and digits, lower case. */
function tokens(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** `CONTAINS_TOKEN` matches a whole word, or a `*` wildcard pattern against words or the whole value. */
function containsToken(stored: string, token: string): boolean {
  const wanted = token.toLowerCase();
  if (!wanted.includes('*')) return tokens(stored).includes(wanted) || stored.toLowerCase() === wanted;
  const pattern = new RegExp(
    `^${wanted
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return pattern.test(stored.toLowerCase()) || tokens(stored).some((word) => pattern.test(word));
}

/**
 * One filter against one record's indexed properties. Text equality is case-insensitive, as in
 * HubSpot; `IN` compares the values as sent against the lower-cased property, which is why
 * HubSpot's guide says `IN` values for text properties must be lower case.
 */
export function matchesFilter(properties: Readonly<Record<string, string>>, filter: SearchFilter): boolean {
  const stored = properties[filter.propertyName];
  const has = stored !== undefined && stored !== '';
  const value = filter.value ?? '';
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'EQ':
      return has && compare(stored, value) === 0;
    case 'NEQ':
      return !has || compare(stored, value) !== 0;
    case 'LT':
      return has && compare(stored, value) < 0;
    case 'LTE':
      return has && compare(stored, value) <= 0;
    case 'GT':
      return has && compare(stored, value) > 0;
    case 'GTE':
      return has && compare(stored, value) >= 0;
    case 'BETWEEN':
      return has && compare(stored, value) >= 0 && compare(stored, filter.highValue ?? '') <= 0;
    case 'IN':
      return has && inList(stored, filter.values ?? []);
    case 'NOT_IN':
      return !has || !inList(stored, filter.values ?? []);
    case 'CONTAINS_TOKEN':
      return has && containsToken(stored, value);
    case 'NOT_CONTAINS_TOKEN':
      return !has || !containsToken(stored, value);
  }
}

function inList(stored: string, values: readonly string[]): boolean {
  const lower = stored.toLowerCase();
  // Multi-value properties (semicolon-separated) match when any of their values is listed.
  const parts = lower.includes(';') ? [lower, ...lower.split(';')] : [lower];
  return values.some((value) =>
    /^-?\d+(\.\d+)?$/.test(value) && /^-?\d+(\.\d+)?$/.test(stored)
      ? Number(value) === Number(stored)
      : parts.includes(value),
  );
}
