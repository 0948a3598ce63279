import type { HubSpotCrm } from '../hubspot/crm';
import { MODIFIED_DATE_PROPERTY, searchModifiedSince } from '../hubspot/searches';
import type { IndexedObjectType } from '../store/crm-index';
import type { Store } from '../store/store';
import { indexedCompany, indexedContact, indexedDeal, INDEXED_PROPERTIES } from './crm-index-records';
import { SYNC_ORDER } from './sync-crm-index';

/**
 * How far back each sweep looks before the previous one started: HubSpot's search index lags
 * writes by seconds (its CRM search guide), so a record changed just before the last sweep may
 * only now be searchable.
 */
export const SWEEP_OVERLAP_MS = 5 * 60_000;

export interface SweepReport {
  /** Records the sweep found changed, per object type. */
  found: Record<IndexedObjectType, number>;
  /** How many of them the index did not hold at that version yet (missed webhooks). */
  repaired: number;
  searches: number;
}

/**
 * The delta sweep: per object type, one search for records whose modified date is after the
 * previous sweep (less an overlap), sorted by that date and paged; whatever the index holds older
 * is replaced. It repairs changes whose webhook never came. Search, not the list endpoints: only
 * search filters on the modified date. Deletions are not seen here (search does not return
 * archived records): their webhooks, and a resync, remove them.
 */
export async function sweepCrmIndex(
  deps: { store: Store; crm: HubSpotCrm; portalId: number; now: () => number },
  options: { maxResults?: number } = {},
): Promise<SweepReport | undefined> {
  const { store, crm, portalId } = deps;
  const state = await store.crmIndex.state(portalId);
  if (state.phase !== 'ready') return undefined;
  const startedAt = deps.now();
  const sinceLastSweep = (state.lastSweepAt ?? state.startedAt ?? startedAt) - SWEEP_OVERLAP_MS;
  const cursors = { ...state.cursors };
  const report: SweepReport = { found: { companies: 0, deals: 0, contacts: 0 }, repaired: 0, searches: 0 };
  for (const objectType of SYNC_ORDER) {
    const property = MODIFIED_DATE_PROPERTY[objectType];
    const resumeKey = `sweep:${objectType}` as const;
    const since = Number(cursors[resumeKey] ?? sinceLastSweep);
    const { results, truncated } = await searchModifiedSince(
      crm,
      objectType,
      since,
      INDEXED_PROPERTIES[objectType],
      options,
    );
    report.searches += Math.max(1, Math.ceil(results.length / 200));
    report.found[objectType] = results.length;
    if (results.length === 0) continue;
    // Search stops at 10,000 results: a longer backlog resumes from the last modified time seen,
    // less a millisecond so records sharing that time are read again rather than skipped.
    if (truncated) {
      const last = results[results.length - 1] as { properties: Record<string, string | null> };
      cursors[resumeKey] = String(modifiedOf(last, property) - 1);
    } else delete cursors[resumeKey];
    const links =
      objectType === 'deals'
        ? await Promise.all([
            crm.readAssociationsBatch(
              'deals',
              'companies',
              results.map((deal) => deal.id),
            ),
            crm.readAssociationsBatch(
              'deals',
              'contacts',
              results.map((deal) => deal.id),
            ),
          ])
        : undefined;
    const ids = (map: Map<string, Array<{ toObjectId: string }>> | undefined, id: string) =>
      (map?.get(id) ?? []).map((to) => String(to.toObjectId));
    const known = await store.crmIndex.modifiedTimes(
      portalId,
      objectType,
      results.map((record) => record.id),
    );
    await store.transaction(async (tx) => {
      const index = tx.crmIndex;
      if (objectType === 'companies') await index.putCompanies(portalId, results.map(indexedCompany));
      else if (objectType === 'contacts') await index.putContacts(portalId, results.map(indexedContact));
      else {
        const deals = results.map((deal) =>
          indexedDeal(deal, { companyIds: ids(links?.[0], deal.id), contactIds: ids(links?.[1], deal.id) }),
        );
        await index.putDeals(portalId, deals);
      }
    });
    const fresh = results.map((record) => ({ id: record.id, modifiedAt: modifiedOf(record, property) }));
    report.repaired += fresh.filter(
      (record) => (known.get(record.id) ?? -Infinity) < record.modifiedAt,
    ).length;
  }
  await store.crmIndex.saveState(
    portalId,
    { lastSweepAt: startedAt, cursors, bump: report.repaired > 0 },
    deps.now(),
  );
  return report;
}

function modifiedOf(record: { properties: Record<string, string | null> }, property: string): number {
  const value = record.properties[property];
  const time = value ? Date.parse(value) : NaN;
  return Number.isNaN(time) ? 0 : time;
}
