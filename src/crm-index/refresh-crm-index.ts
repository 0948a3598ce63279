import type { HubSpotCrm } from '../hubspot/crm';
import type { IndexedObjectType } from '../store/crm-index';
import type { Store, StoredEvent } from '../store/store';
import { indexedCompany, indexedContact, indexedDeal, INDEXED_PROPERTIES } from './crm-index-records';

const TYPE_BY_ID: Readonly<Record<string, IndexedObjectType>> = {
  '0-1': 'contacts',
  '0-2': 'companies',
  '0-3': 'deals',
};

/** Contact properties the index keeps keys or values of: other contact changes leave it alone. */
export const INDEXED_CONTACT_CHANGES: ReadonlySet<string> = new Set([
  'email',
  'hs_additional_emails',
  'hubspot_owner_id',
  'firstname',
  'lastname',
]);

/**
 * Per object type, the ids to re-read and the time of the latest event about each: a record the
 * index already holds at that time or later is not read again. `Infinity` always reads (deletions,
 * merges and association changes do not move the record's modified date).
 */
export type IndexChanges = Record<IndexedObjectType, Map<string, number>>;

interface EventPayload {
  propertyName?: string;
  mergedObjectIds?: number[];
  primaryObjectId?: number;
  fromObjectId?: number;
  toObjectId?: number;
  fromObjectTypeId?: string;
  toObjectTypeId?: string;
}

/**
 * The indexed records a batch of webhook events touches: the object itself (created, changed,
 * deleted), both sides of a merge (the merged-away ids are then found gone), and the deal side of
 * an association change. Contact changes count only for the properties the index keeps.
 */
export function indexChangesOf(events: readonly StoredEvent[]): IndexChanges {
  const changes: IndexChanges = { companies: new Map(), deals: new Map(), contacts: new Map() };
  const add = (type: IndexedObjectType, id: number | string, at = Infinity) => {
    const key = String(id);
    changes[type].set(key, Math.max(at, changes[type].get(key) ?? -Infinity));
  };
  for (const event of events) {
    const payload = (event.payload ?? {}) as EventPayload;
    const type = TYPE_BY_ID[event.objectTypeId];
    const action = event.subscriptionType.split('.')[1] ?? '';
    if (action === 'associationChange') {
      if (payload.fromObjectTypeId === '0-3' && payload.fromObjectId) add('deals', payload.fromObjectId);
      if (payload.toObjectTypeId === '0-3' && payload.toObjectId) add('deals', payload.toObjectId);
      if (type === 'deals' && !payload.fromObjectTypeId) add('deals', event.objectId);
      continue;
    }
    if (!type) continue;
    if (
      type === 'contacts' &&
      action === 'propertyChange' &&
      !INDEXED_CONTACT_CHANGES.has(payload.propertyName ?? '')
    ) {
      continue;
    }
    const settled = action === 'creation' || action === 'propertyChange';
    add(type, event.objectId, settled ? event.occurredAt : Infinity);
    for (const id of payload.mergedObjectIds ?? []) add(type, id);
    if (payload.primaryObjectId) add(type, payload.primaryObjectId);
  }
  return changes;
}

export interface RefreshCrmIndexDeps {
  store: Store;
  crm: HubSpotCrm;
  portalId: number;
  now: () => number;
}

/**
 * Brings the named records of the index up to date from HubSpot: one batch read per object type
 * (plus, for deals, their company and contact associations). A record HubSpot no longer returns
 * (deleted, or merged into another) leaves the index. A portal whose index was never built is
 * left alone: its first sync reads everything anyway.
 */
export async function refreshCrmIndex(deps: RefreshCrmIndexDeps, changes: IndexChanges): Promise<number> {
  const { store, crm, portalId } = deps;
  const state = await store.crmIndex.state(portalId);
  if (state.phase === 'empty') return 0;
  const stale: Record<IndexedObjectType, string[]> = { companies: [], deals: [], contacts: [] };
  for (const type of ['companies', 'deals', 'contacts'] as const) {
    const known = await store.crmIndex.modifiedTimes(portalId, type, [...changes[type].keys()]);
    stale[type] = [...changes[type]]
      .filter(([id, at]) => !((known.get(id) ?? -Infinity) >= at))
      .map(([id]) => id);
  }
  const ids = (type: IndexedObjectType) => stale[type];
  if (ids('companies').length + ids('deals').length + ids('contacts').length === 0) return 0;

  const read = async (type: IndexedObjectType) =>
    ids(type).length > 0 ? (await crm.batchRead(type, ids(type), INDEXED_PROPERTIES[type])).results : [];
  const [companies, deals, contacts] = [await read('companies'), await read('deals'), await read('contacts')];
  const dealIds = deals.map((deal) => deal.id);
  const [dealCompanies, dealContacts] =
    dealIds.length > 0
      ? [
          await crm.readAssociationsBatch('deals', 'companies', dealIds),
          await crm.readAssociationsBatch('deals', 'contacts', dealIds),
        ]
      : [new Map(), new Map()];
  const linked = (map: Map<string, Array<{ toObjectId: string }>>, id: string) =>
    (map.get(id) ?? []).map((to) => String(to.toObjectId));

  const gone = (type: IndexedObjectType, found: ReadonlyArray<{ id: string }>) => {
    const present = new Set(found.map((record) => record.id));
    return ids(type).filter((id) => !present.has(id));
  };
  return store.transaction(async (tx) => {
    const index = tx.crmIndex;
    let applied =
      (await index.putCompanies(portalId, companies.map(indexedCompany))) +
      (await index.putContacts(portalId, contacts.map(indexedContact))) +
      (await index.putDeals(
        portalId,
        deals.map((deal) =>
          indexedDeal(deal, {
            companyIds: linked(dealCompanies, deal.id),
            contactIds: linked(dealContacts, deal.id),
          }),
        ),
      ));
    applied += await index.remove(portalId, 'companies', gone('companies', companies));
    applied += await index.remove(portalId, 'deals', gone('deals', deals));
    applied += await index.remove(portalId, 'contacts', gone('contacts', contacts));
    await index.saveState(portalId, { lastWebhookAt: deps.now(), bump: applied > 0 }, deps.now());
    return applied;
  });
}
