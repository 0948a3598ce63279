import type { HubSpotRecord } from '../handoff/hubspot-records';
import type { HubSpotClient } from '../hubspot/hubspot-client';
import { listObjectsPage, type ListedObject } from '../hubspot/list-objects';
import type { CrmIndexState, IndexedObjectType } from '../store/crm-index';
import type { Store } from '../store/store';
import { indexedCompany, indexedContact, indexedDeal, INDEXED_PROPERTIES } from './crm-index-records';

/** The order a sync reads the portal: the companies first, since matching needs them most. */
export const SYNC_ORDER: readonly IndexedObjectType[] = ['companies', 'deals', 'contacts'];
const DONE = 'done';

export interface SyncProgress {
  objectType: IndexedObjectType;
  /** Records stored and calls made so far by this sync (resumed work included). */
  records: number;
  calls: number;
}

export interface SyncCrmIndexDeps {
  store: Store;
  /** The portal's client: every page goes through its rate limiter. */
  client: HubSpotClient;
  portalId: number;
  now: () => number;
  /** Called after each stored page (the CLI's progress bar). */
  onPage?: (progress: SyncProgress) => void;
  /** Start over even if an earlier sync left cursors to resume from. */
  restart?: boolean;
  /** Stop after this many pages, cursors stored (the job continues in a next run); no limit by default. */
  maxPages?: number;
}

/** A sync is under way when one started and has not finished since. */
export function syncUnderWay(state: CrmIndexState): boolean {
  return state.startedAt !== null && (state.finishedAt === null || state.finishedAt < state.startedAt);
}

/**
 * Builds (or rebuilds) a portal's CRM index by paging HubSpot's list endpoints, 100 records a
 * call. Each page is stored with the cursor after it in one transaction, so a crash resumes from
 * the last stored page and never skips one. A first build moves the index from `empty` through
 * `syncing` to `ready`; a rebuild of a ready index keeps it `ready` (the rows it holds stay
 * usable while it is refreshed). Records deleted in HubSpot since an earlier build are not
 * removed here: their deletion webhooks do that.
 */
export async function syncCrmIndex(deps: SyncCrmIndexDeps): Promise<CrmIndexState> {
  const { store, portalId, now } = deps;
  const index = store.crmIndex;
  let state = await index.state(portalId);
  if (deps.restart || !syncUnderWay(state)) {
    state = await index.saveState(
      portalId,
      {
        phase: state.phase === 'ready' ? 'ready' : 'syncing',
        cursors: {},
        records: 0,
        calls: 0,
        startedAt: now(),
        finishedAt: null,
      },
      now(),
    );
  }
  let pages = 0;
  for (const objectType of SYNC_ORDER) {
    let cursor = state.cursors[objectType];
    while (cursor !== DONE) {
      if (deps.maxPages !== undefined && pages >= deps.maxPages) return state;
      pages += 1;
      const page = await listObjectsPage(deps.client, objectType, {
        properties: INDEXED_PROPERTIES[objectType],
        ...(objectType === 'deals' ? { associations: ['companies', 'contacts'] } : {}),
        ...(cursor !== undefined ? { after: cursor } : {}),
      });
      const next = page.after ?? DONE;
      state = await store.transaction(async (tx) => {
        const stored = await putListed(tx, portalId, objectType, page.results);
        const current = await tx.crmIndex.state(portalId);
        return tx.crmIndex.saveState(
          portalId,
          {
            cursors: { ...current.cursors, [objectType]: next },
            records: current.records + stored,
            calls: current.calls + 1,
            bump: stored > 0,
          },
          now(),
        );
      });
      cursor = next;
      deps.onPage?.({ objectType, records: state.records, calls: state.calls });
    }
  }
  return index.saveState(portalId, { phase: 'ready', finishedAt: now(), bump: true }, now());
}

async function putListed(
  tx: Store,
  portalId: number,
  objectType: IndexedObjectType,
  records: readonly ListedObject[],
): Promise<number> {
  if (objectType === 'companies') return tx.crmIndex.putCompanies(portalId, records.map(indexedCompany));
  if (objectType === 'contacts') return tx.crmIndex.putContacts(portalId, records.map(indexedContact));
  return tx.crmIndex.putDeals(
    portalId,
    records.map((deal) => indexedDeal(deal as HubSpotRecord, linksOf(deal))),
  );
}

/** The company and contact ids a listed deal carries (`associations=companies,contacts`). */
function linksOf(deal: ListedObject): { companyIds: string[]; contactIds: string[] } {
  const ids = (type: string) => (deal.associations?.[type]?.results ?? []).map((to) => String(to.id));
  return { companyIds: [...new Set(ids('companies'))], contactIds: [...new Set(ids('contacts'))] };
}
