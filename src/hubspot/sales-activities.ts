import { ACTIVITY_PROPERTIES, type ActivityType, type SalesActivity } from '../handoff/sales-attempts';
import type { HubSpotCrm } from './crm';

const ACTIVITY_TYPES: readonly ActivityType[] = ['calls', 'emails', 'meetings'];

/**
 * The calls, emails and meetings associated with each contact, with the properties that say
 * whether the lead answered: one v4 association batch read and one batch read per type (each
 * chunked to HubSpot's limits), whatever the number of contacts. Contacts without any map to [].
 */
export async function readSalesActivities(
  crm: HubSpotCrm,
  contactIds: readonly string[],
): Promise<Map<string, SalesActivity[]>> {
  const found = new Map<string, SalesActivity[]>(contactIds.map((id) => [id, []]));
  for (const type of ACTIVITY_TYPES) {
    const associated = await crm.readAssociationsBatch('contacts', type, contactIds);
    const ids = [...new Set([...associated.values()].flatMap((list) => list.map((to) => to.toObjectId)))];
    if (ids.length === 0) continue;
    const read = await crm.batchRead(type, ids, ACTIVITY_PROPERTIES[type]);
    const byId = new Map(read.results.map((record) => [record.id, record.properties]));
    for (const [contactId, list] of associated) {
      for (const to of list) {
        const properties = byId.get(to.toObjectId);
        // An engagement deleted between the two reads is simply not there.
        if (properties) found.get(contactId)?.push({ type, properties });
      }
    }
  }
  return found;
}
