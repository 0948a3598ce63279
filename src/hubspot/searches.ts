import type { HubSpotCrm, SearchAllResult, SearchRequest, SimplePublicObject } from './crm';
import { chunk, SEARCH_FILTER_LIMITS } from './crm';

/**
 * The CRM searches Handoff runs, each built here from domain arguments (emails, domains, a time
 * window), so request shapes and HubSpot's search limits stay in `src/hubspot/`.
 */

/** Values per `IN` filter: HubSpot's search guide caps an `IN` list at 100 values. */
export const IN_VALUES_PER_FILTER = 100;

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

/** Contacts whose `email` is exactly one of these addresses (HubSpot stores it lower-cased). */
export function searchContactsByEmail(
  crm: HubSpotCrm,
  emails: readonly string[],
  properties: readonly string[],
): Promise<SimplePublicObject[]> {
  return searchByValues(crm, 'contacts', 'email', emails, properties);
}

/** The company properties searched by exact value: `domain` as typed, or `name`. */
export type CompanySearchProperty = 'domain' | 'name';

/** Companies whose `domain` (or `name`) is exactly one of these values. */
export function searchCompaniesBy(
  crm: HubSpotCrm,
  property: CompanySearchProperty,
  values: readonly string[],
  properties: readonly string[],
): Promise<SimplePublicObject[]> {
  return searchByValues(crm, 'companies', property, values, properties);
}

/**
 * The companies `domain IN` can never find: those listing a domain only in
 * `hs_additional_domains`, or only in `website` (HubSpot's search matches the `domain` value
 * exactly and does not parse those properties). Two filter groups, ORed: one search.
 */
export async function companiesWithoutSearchableDomain(
  crm: HubSpotCrm,
  properties: readonly string[],
): Promise<SimplePublicObject[]> {
  const { results } = await crm.searchAll('companies', {
    filterGroups: [
      { filters: [{ propertyName: 'hs_additional_domains', operator: 'HAS_PROPERTY' }] },
      {
        filters: [
          { propertyName: 'domain', operator: 'NOT_HAS_PROPERTY' },
          { propertyName: 'website', operator: 'HAS_PROPERTY' },
        ],
      },
    ],
    properties: [...properties],
  });
  return results;
}

/** The properties `contactsCreatedOrMissedSql` reads. */
export const RECONCILED_CONTACT_PROPERTIES = [
  'createdate',
  'lastmodifieddate',
  'lifecyclestage',
  'handoff_stage',
] as const;

/**
 * Contacts created in the window, and in the same search (a second filter group, so no extra call)
 * contacts changed in it that HubSpot holds at `salesqualifiedlead` while Handoff's stage is still
 * one of `openStages`, oldest first, 200 a page, at most `maxResults`.
 */
export async function contactsCreatedOrMissedSql(
  crm: HubSpotCrm,
  window: { since: number; until: number; openStages: readonly string[] },
  options: { maxResults: number },
): Promise<SimplePublicObject[]> {
  const since = String(window.since);
  const until = String(window.until);
  const request: SearchRequest = {
    filterGroups: [
      {
        filters: [
          { propertyName: 'createdate', operator: 'GTE', value: since },
          { propertyName: 'createdate', operator: 'LTE', value: until },
        ],
      },
      {
        filters: [
          { propertyName: 'lifecyclestage', operator: 'EQ', value: 'salesqualifiedlead' },
          { propertyName: 'handoff_stage', operator: 'IN', values: [...window.openStages] },
          { propertyName: 'lastmodifieddate', operator: 'GTE', value: since },
          { propertyName: 'lastmodifieddate', operator: 'LTE', value: until },
        ],
      },
    ],
    sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
    properties: [...RECONCILED_CONTACT_PROPERTIES],
    limit: 200,
  };
  return (await crm.searchAll('contacts', request, options)).results;
}

export type SweptObjectType = 'companies' | 'deals' | 'contacts';

/** HubSpot's modified-date property per object type (contacts keep the older name). */
export const MODIFIED_DATE_PROPERTY: Readonly<Record<SweptObjectType, string>> = {
  companies: 'hs_lastmodifieddate',
  deals: 'hs_lastmodifieddate',
  contacts: 'lastmodifieddate',
};

/**
 * Records of `objectType` modified after `since` (epoch ms), oldest change first, paged up to
 * HubSpot's 10,000-result window (or `maxResults`): only search filters on the modified date.
 */
export function searchModifiedSince(
  crm: HubSpotCrm,
  objectType: SweptObjectType,
  since: number,
  properties: readonly string[],
  options: { maxResults?: number } = {},
): Promise<SearchAllResult> {
  const property = MODIFIED_DATE_PROPERTY[objectType];
  return crm.searchAll(
    objectType,
    {
      filterGroups: [{ filters: [{ propertyName: property, operator: 'GT', value: String(since) }] }],
      sorts: [{ propertyName: property, direction: 'ASCENDING' }],
      properties: [...properties],
    },
    options,
  );
}
