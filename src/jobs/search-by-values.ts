import type { HubSpotCrm, SearchRequest, SimplePublicObject } from '../hubspot/crm';
import { SEARCH_FILTER_LIMITS } from '../hubspot/crm';

/** Values per `IN` filter: HubSpot's search guide caps an `IN` list at 100 values. */
export const IN_VALUES_PER_FILTER = 100;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/**
 * Search requests that together find every record whose `propertyName` is one of `values`. Filter
 * groups are ORed, so one request carries up to 5 groups (HubSpot's limit) of one `IN` filter each:
 * 500 values per request, well inside the 10-per-group and 25-in-all filter limits.
 */
export function inSearchRequests(
  propertyName: string,
  values: readonly string[],
  properties: readonly string[],
): SearchRequest[] {
  const filters = chunk([...new Set(values)], IN_VALUES_PER_FILTER).map((part) => ({
    filters: [{ propertyName, operator: 'IN' as const, values: part }],
  }));
  return chunk(filters, SEARCH_FILTER_LIMITS.groups).map((filterGroups) => ({
    filterGroups,
    properties: [...properties],
  }));
}

/**
 * Every record of `objectType` whose `propertyName` is one of `values`, one search (paged) per 500
 * values. Searches run one after another: they share HubSpot's 5 requests/s search limit anyway
 * (the client's search limiter paces them), and a fixed order keeps the calls reproducible.
 */
export async function searchByValues(
  crm: HubSpotCrm,
  objectType: string,
  propertyName: string,
  values: readonly string[],
  properties: readonly string[],
): Promise<SimplePublicObject[]> {
  const found = new Map<string, SimplePublicObject>();
  for (const request of inSearchRequests(propertyName, values, properties)) {
    const answer = await crm.searchAll(objectType, request);
    for (const record of answer.results) found.set(record.id, record);
  }
  return [...found.values()];
}
