import { z } from 'zod';
import { validationError } from '../errors';
import { QUERY_PROPERTIES, type ObjectType } from './object-types';
import type { Snapshot } from './record-store';
import { checkFilter, matchesFilter, OPERATORS, type SearchFilter } from './search-filter';

/** HubSpot's search limits (CRM search guide and its August 2024 changelog). */
export const SEARCH_LIMITS = {
  pageSize: 200,
  resultWindow: 10_000,
  filterGroups: 5,
  filtersPerGroup: 10,
  filters: 25,
  sorts: 1,
} as const;

const filterSchema = z
  .object({
    propertyName: z.string().min(1),
    operator: z.enum(OPERATORS),
    value: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
    highValue: z.union([z.string(), z.number()]).transform(String).optional(),
    values: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
  })
  .strict();

const sortSchema = z.union([
  z.string().transform((text) => ({
    propertyName: text.replace(/^-/, ''),
    direction: text.startsWith('-') ? ('DESCENDING' as const) : ('ASCENDING' as const),
  })),
  z.object({ propertyName: z.string().min(1), direction: z.enum(['ASCENDING', 'DESCENDING']) }).strict(),
]);

export const searchRequestSchema = z
  .object({
    filterGroups: z.array(z.object({ filters: z.array(filterSchema) }).strict()).default([]),
    sorts: z.array(sortSchema).default([]),
    properties: z.array(z.string()).default([]),
    limit: z.number().int().default(10),
    after: z.union([z.string(), z.number()]).transform(String).optional(),
    query: z.string().optional(),
  })
  .strict();

export type SearchRequest = z.infer<typeof searchRequestSchema>;

export interface SearchOutcome {
  total: number;
  results: Snapshot[];
  after?: string;
}

function checkLimits(request: SearchRequest): void {
  const { filterGroups, filtersPerGroup, filters, pageSize, resultWindow, sorts } = SEARCH_LIMITS;
  if (request.filterGroups.length > filterGroups) {
    throw validationError(
      `Too many filter groups: ${request.filterGroups.length}. The maximum is ${filterGroups}.`,
    );
  }
  request.filterGroups.forEach((group, index) => {
    if (group.filters.length > filtersPerGroup) {
      throw validationError(
        `Too many filters in filter group ${index}: ${group.filters.length}. The maximum is ${filtersPerGroup}.`,
      );
    }
  });
  const total = request.filterGroups.reduce((sum, group) => sum + group.filters.length, 0);
  if (total > filters) throw validationError(`Too many filters: ${total}. The maximum is ${filters}.`);
  if (request.sorts.length > sorts) throw validationError(`At most ${sorts} sort is supported.`);
  if (request.limit < 1 || request.limit > pageSize) {
    throw validationError(`limit must be between 1 and ${pageSize}; got ${request.limit}.`);
  }
  const offset = offsetOf(request.after);
  if (offset >= resultWindow) {
    throw validationError(
      `The search window is ${resultWindow} results: after=${request.after} is outside it. Narrow the filters instead of paging further.`,
    );
  }
  for (const group of request.filterGroups)
    for (const filter of group.filters) checkFilter(filter as SearchFilter);
}

function offsetOf(after: string | undefined): number {
  if (after === undefined || after === '') return 0;
  if (!/^\d+$/.test(after))
    throw validationError(`after must be a paging cursor from a previous page; got ${after}`);
  return Number(after);
}

function matchesQuery(type: ObjectType, snapshot: Snapshot, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const text = QUERY_PROPERTIES[type]
    .map((name) => snapshot.properties[name] ?? '')
    .join(' ')
    .toLowerCase();
  return words.every((word) => text.includes(word.replace(/\*/g, '')));
}

/** Runs a validated search over the index as it stands (lagging the records by the index delay). */
export function runSearch(
  type: ObjectType,
  index: readonly Snapshot[],
  request: SearchRequest,
): SearchOutcome {
  checkLimits(request);
  const groups = request.filterGroups as Array<{ filters: SearchFilter[] }>;
  const matching = index.filter(
    (snapshot) =>
      (groups.length === 0 ||
        groups.some((group) =>
          group.filters.every((filter) => matchesFilter(snapshot.properties, filter)),
        )) &&
      (request.query === undefined ||
        request.query.trim() === '' ||
        matchesQuery(type, snapshot, request.query)),
  );
  const sort = request.sorts[0];
  matching.sort((a, b) => {
    if (sort) {
      const left = a.properties[sort.propertyName];
      const right = b.properties[sort.propertyName];
      const order = compareSortValues(left, right);
      if (order !== 0) return sort.direction === 'DESCENDING' ? -order : order;
    }
    return Number(a.id) - Number(b.id);
  });
  const offset = offsetOf(request.after);
  const end = Math.min(offset + request.limit, matching.length, SEARCH_LIMITS.resultWindow);
  const results = matching.slice(offset, end);
  const more = end < Math.min(matching.length, SEARCH_LIMITS.resultWindow);
  return { total: matching.length, results, ...(more ? { after: String(end) } : {}) };
}

/** Empty values sort last, numbers and datetimes by value, text alphabetically. */
function compareSortValues(left: string | undefined, right: string | undefined): number {
  if (left === right) return 0;
  if (left === undefined || left === '') return 1;
  if (right === undefined || right === '') return -1;
  const numeric = /^-?\d+(\.\d+)?$/;
  if (numeric.test(left) && numeric.test(right)) return Number(left) - Number(right);
  const [a, b] = [Date.parse(left), Date.parse(right)];
  if (/^\d{4}-/.test(left) && /^\d{4}-/.test(right) && !Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  return left.localeCompare(right);
}
