import { HandoffError } from '../errors';
import type {
  AssociatedObject,
  AssociationForCreate,
  BatchCreateInput,
  BatchResponse,
  BatchResult,
  BatchUpdateInput,
  ForwardPaging,
  PublicOwner,
  SearchAllResult,
  SearchFilterGroup,
  SearchPage,
  SearchRequest,
  SimplePublicObject,
} from './crm-types';
import type { HubSpotClient } from './hubspot-client';
import { hubspotPaths } from './paths';

export type * from './crm-types';

/** HubSpot batch read/update/create take at most 100 inputs; v4 association batch read 1000. */
export const BATCH_LIMIT = 100;
export const ASSOCIATION_BATCH_LIMIT = 1000;
/** Search: 200 per page, and no more than 10,000 results reachable by paging. */
export const SEARCH_PAGE_LIMIT = 200;
export const SEARCH_RESULT_WINDOW = 10_000;
export const SEARCH_FILTER_LIMITS = { groups: 5, filtersPerGroup: 10, filters: 25 } as const;
/** Owners can be listed 500 at a time. */
const OWNERS_PAGE_LIMIT = 500;

/** HubSpot-defined association type ids (HubSpot's association type reference). */
export const ASSOCIATION_TYPE_IDS = {
  contactToCompany: 279,
  contactToCompanyPrimary: 1,
  companyToContact: 280,
  contactToDeal: 4,
  dealToContact: 3,
  companyToDeal: 342,
  dealToCompany: 341,
  taskToContact: 204,
  noteToContact: 202,
  /** The Leads object (HUBSPOT-NOTES): a lead is created with its primary contact, and its company. */
  leadToPrimaryContact: 578,
  leadToCompany: 580,
} as const;

/** The association a task needs to appear on a contact's timeline. */
export function taskToContact(contactId: string): AssociationForCreate {
  return {
    to: { id: contactId },
    types: [
      { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: ASSOCIATION_TYPE_IDS.taskToContact },
    ],
  };
}

/** `items` in runs of at most `size`, in order (HubSpot's batch and filter limits). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Typed CRM calls for one portal, batched to HubSpot's limits. */
export class HubSpotCrm {
  constructor(readonly client: HubSpotClient) {}

  async batchRead(
    objectType: string,
    ids: readonly string[],
    properties: readonly string[],
    options: { idProperty?: string } = {},
  ): Promise<BatchResult<SimplePublicObject>> {
    const unique = [...new Set(ids)];
    return this.inBatches(unique, (part) =>
      this.client.request<BatchResponse<SimplePublicObject>>({
        method: 'POST',
        path: hubspotPaths.objectsBatchRead(objectType),
        endpoint: 'objects.batch.read',
        body: {
          inputs: part.map((id) => ({ id })),
          properties: [...properties],
          propertiesWithHistory: [],
          ...(options.idProperty ? { idProperty: options.idProperty } : {}),
        },
      }),
    );
  }

  /**
   * One record by id, as the portal's token sees it: a record of another portal, a deleted or an
   * unknown one is a `HubSpotNotFoundError` (404).
   */
  async getObject(
    objectType: string,
    objectId: string,
    properties: readonly string[],
  ): Promise<SimplePublicObject> {
    return this.client.request<SimplePublicObject>({
      method: 'GET',
      path: hubspotPaths.object(objectType, objectId),
      endpoint: 'objects.get',
      query: { properties: [...properties], archived: false },
    });
  }

  /** Sets property values; running it twice writes the same values, so it is retried safely. */
  async batchUpdate(
    objectType: string,
    inputs: readonly BatchUpdateInput[],
  ): Promise<BatchResult<SimplePublicObject>> {
    return this.inBatches(inputs, (part) =>
      this.client.request<BatchResponse<SimplePublicObject>>({
        method: 'POST',
        path: hubspotPaths.objectsBatchUpdate(objectType),
        endpoint: 'objects.batch.update',
        body: { inputs: part },
      }),
    );
  }

  /** Creates records (tasks with `taskToContact(id)` associations). Not retried after a 5xx or timeout. */
  async batchCreate(
    objectType: string,
    inputs: readonly BatchCreateInput[],
  ): Promise<BatchResult<SimplePublicObject>> {
    return this.inBatches(inputs, (part) =>
      this.client.request<BatchResponse<SimplePublicObject>>({
        method: 'POST',
        path: hubspotPaths.objectsBatchCreate(objectType),
        endpoint: 'objects.batch.create',
        idempotent: false,
        body: {
          inputs: part.map((input) => ({
            properties: input.properties,
            associations: input.associations ?? [],
          })),
        },
      }),
    );
  }

  /** One page of search results. Search results lag writes by seconds: a new record may be missing. */
  async searchPage(objectType: string, request: SearchRequest, after?: string): Promise<SearchPage> {
    validateSearch(request);
    const answer = await this.client.request<{
      total: number;
      results: SimplePublicObject[];
      paging?: ForwardPaging;
    }>({
      method: 'POST',
      path: hubspotPaths.objectsSearch(objectType),
      endpoint: 'objects.search',
      kind: 'search',
      body: {
        filterGroups: request.filterGroups,
        sorts: request.sorts ?? [],
        properties: request.properties,
        limit: request.limit ?? SEARCH_PAGE_LIMIT,
        ...(request.query !== undefined ? { query: request.query } : {}),
        ...(after !== undefined ? { after } : {}),
      },
    });
    return { total: answer.total, results: answer.results, after: answer.paging?.next?.after };
  }

  /** Every page, up to HubSpot's 10,000-result window (or `maxResults`); `truncated` says if more exist. */
  async searchAll(
    objectType: string,
    request: SearchRequest,
    options: { maxResults?: number } = {},
  ): Promise<SearchAllResult> {
    const maxResults = Math.min(options.maxResults ?? SEARCH_RESULT_WINDOW, SEARCH_RESULT_WINDOW);
    const results: SimplePublicObject[] = [];
    let total = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.searchPage(objectType, request, after);
      total = page.total;
      results.push(...page.results);
      after = page.after;
      // HubSpot refuses `after` at or beyond the window with a 400, so stop before asking.
      if (after === undefined || results.length >= maxResults || Number(after) >= SEARCH_RESULT_WINDOW) break;
    }
    const kept = results.slice(0, maxResults);
    return { total, results: kept, truncated: total > kept.length };
  }

  /** Associations of many records at once (v4), following per-record paging. Ids without any map to []. */
  async readAssociationsBatch(
    fromObjectType: string,
    toObjectType: string,
    ids: readonly string[],
  ): Promise<Map<string, AssociatedObject[]>> {
    const found = new Map<string, AssociatedObject[]>(ids.map((id) => [id, []]));
    let pending: Array<{ id: string; after?: string }> = [...new Set(ids)].map((id) => ({ id }));
    while (pending.length > 0) {
      const next: typeof pending = [];
      for (const part of chunk(pending, ASSOCIATION_BATCH_LIMIT)) {
        const answer = await this.client.request<BatchResponse<V4AssociationResult>>({
          method: 'POST',
          path: hubspotPaths.associationsBatchRead(fromObjectType, toObjectType),
          endpoint: 'associations.batch.read',
          body: { inputs: part },
        });
        for (const result of answer.results) {
          const fromId = String(result.from.id);
          const list = found.get(fromId) ?? [];
          list.push(...result.to.map((to) => ({ ...to, toObjectId: String(to.toObjectId) })));
          found.set(fromId, list);
          if (result.paging?.next?.after) next.push({ id: fromId, after: result.paging.next.after });
        }
      }
      pending = next;
    }
    return found;
  }

  /** Every owner (active, or archived with `archived: true`), with their teams. */
  async listOwners(options: { archived?: boolean } = {}): Promise<PublicOwner[]> {
    const owners: PublicOwner[] = [];
    let after: string | undefined;
    do {
      const page = await this.client.request<{ results: PublicOwner[]; paging?: ForwardPaging }>({
        method: 'GET',
        path: hubspotPaths.owners,
        endpoint: 'owners.list',
        query: { limit: OWNERS_PAGE_LIMIT, archived: options.archived ?? false, after },
      });
      owners.push(...page.results);
      after = page.paging?.next?.after;
    } while (after !== undefined);
    return owners;
  }

  /** One active owner by id; an owner who has left is a 404 (callers then show the id). */
  async getOwner(ownerId: string): Promise<PublicOwner> {
    return this.client.request<PublicOwner>({
      method: 'GET',
      path: hubspotPaths.owner(ownerId),
      endpoint: 'owners.get',
      query: { idProperty: 'id', archived: false },
    });
  }

  private async inBatches<I, T>(
    inputs: readonly I[],
    send: (part: I[]) => Promise<BatchResponse<T>>,
  ): Promise<BatchResult<T>> {
    const merged: BatchResult<T> = { results: [], errors: [] };
    for (const part of chunk(inputs, BATCH_LIMIT)) {
      const answer = await send(part);
      merged.results.push(...answer.results);
      merged.errors.push(...(answer.errors ?? []));
    }
    return merged;
  }
}

interface V4AssociationResult {
  from: { id: string };
  to: AssociatedObject[];
  paging?: ForwardPaging;
}

/** HubSpot's search limits, checked before sending so the caller learns which one it broke. */
export function validateSearch(request: SearchRequest): void {
  const problems: string[] = [];
  const groups: SearchFilterGroup[] = request.filterGroups;
  const { groups: maxGroups, filtersPerGroup, filters: maxFilters } = SEARCH_FILTER_LIMITS;
  if (groups.length > maxGroups)
    problems.push(`${groups.length} filter groups (HubSpot allows ${maxGroups})`);
  groups.forEach((group, index) => {
    if (group.filters.length > filtersPerGroup) {
      problems.push(
        `filter group ${index + 1} has ${group.filters.length} filters (at most ${filtersPerGroup})`,
      );
    }
  });
  const totalFilters = groups.reduce((sum, group) => sum + group.filters.length, 0);
  if (totalFilters > maxFilters) problems.push(`${totalFilters} filters in all (at most ${maxFilters})`);
  const limit = request.limit ?? SEARCH_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_PAGE_LIMIT) {
    problems.push(`page limit ${limit} (must be 1 to ${SEARCH_PAGE_LIMIT})`);
  }
  if (problems.length > 0) {
    throw new HandoffError(
      'hubspot_validation',
      `Search request exceeds HubSpot's limits: ${problems.join('; ')}. Split it into several searches ` +
        'or combine values with the IN operator.',
      400,
      { problems },
    );
  }
}
