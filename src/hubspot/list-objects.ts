import type { ForwardPaging, SimplePublicObject } from './crm-types';
import type { HubSpotClient } from './hubspot-client';
import { hubspotPaths } from './paths';

/** HubSpot's list endpoints answer at most 100 records a page. */
export const LIST_PAGE_LIMIT = 100;

/** A listed record with the ids of its associated records, per associated object type asked for. */
export interface ListedObject extends SimplePublicObject {
  associations?: Record<string, { results: Array<{ id: string; type: string }>; paging?: ForwardPaging }>;
}

export interface ListPage {
  results: ListedObject[];
  /** Cursor of the next page; absent on the last one. */
  after?: string;
}

/**
 * One page of `GET /crm/v3/objects/{objectType}`: every record, oldest id first, whatever HubSpot's
 * search index holds. The index sync reads the portal this way, not with search, because list
 * reads count against the standard limit (110 per 10 s) rather than search's 5 per second, and
 * are not capped at 10,000 results.
 */
export async function listObjectsPage(
  client: HubSpotClient,
  objectType: string,
  options: { properties: readonly string[]; associations?: readonly string[]; after?: string },
): Promise<ListPage> {
  const answer = await client.request<{ results: ListedObject[]; paging?: ForwardPaging }>({
    method: 'GET',
    path: hubspotPaths.objects(objectType),
    endpoint: 'objects.list',
    query: {
      limit: LIST_PAGE_LIMIT,
      properties: options.properties.join(','),
      ...(options.associations?.length ? { associations: options.associations.join(',') } : {}),
      archived: false,
      ...(options.after !== undefined ? { after: options.after } : {}),
    },
  });
  return { results: answer.results, after: answer.paging?.next?.after };
}
