import type { Kysely } from 'kysely';
import * as reads from './crm-index-reads';
import type { IndexedCompany, IndexedContact, IndexedDeal } from './crm-index-rows';
import {
  crmIndexState,
  saveCrmIndexState,
  type CrmIndexState,
  type CrmIndexStatePatch,
  type IndexedObjectType,
} from './crm-index-state';
import * as writes from './crm-index-writes';
import type { StoreDatabase } from './schema';

export type { IndexedCompany, IndexedContact, IndexedDeal, IndexedProperties } from './crm-index-rows';
export type { CrmIndexPhase, CrmIndexState, CrmIndexStatePatch, IndexedObjectType } from './crm-index-state';

/**
 * The per-portal CRM index (migration 0012), Shopify-style storage of one aggregate: typed rows in
 * and out. Every method runs on the store's current transaction when there is one.
 */
export class CrmIndexRepository {
  constructor(private readonly db: () => Kysely<StoreDatabase>) {}

  state(portalId: number): Promise<CrmIndexState> {
    return crmIndexState(this.db(), portalId);
  }

  /** Applies `patch` (creating the portal's row on first use) and returns the state after it. */
  saveState(portalId: number, patch: CrmIndexStatePatch, now: number): Promise<CrmIndexState> {
    return saveCrmIndexState(this.db(), portalId, patch, now);
  }

  /** Stores companies; returns how many were not older than the stored copies. */
  putCompanies(portalId: number, companies: readonly IndexedCompany[]): Promise<number> {
    return writes.putCompanies(this.db(), portalId, companies);
  }

  putDeals(portalId: number, deals: readonly IndexedDeal[]): Promise<number> {
    return writes.putDeals(this.db(), portalId, deals);
  }

  putContacts(portalId: number, contacts: readonly IndexedContact[]): Promise<number> {
    return writes.putContacts(this.db(), portalId, contacts);
  }

  /** Drops deleted or merged-away records and their keys; returns how many were indexed. */
  remove(portalId: number, objectType: IndexedObjectType, ids: readonly string[]): Promise<number> {
    return writes.remove(this.db(), portalId, objectType, ids);
  }

  /** Companies claiming any of these registrable domains. */
  companiesByDomains(portalId: number, domains: readonly string[]): Promise<IndexedCompany[]> {
    return reads.companiesByDomains(this.db(), portalId, domains);
  }

  /** Companies whose normalised name (`normaliseCompanyName`) is one of these. */
  companiesByNames(portalId: number, nameKeys: readonly string[]): Promise<IndexedCompany[]> {
    return reads.companiesByNames(this.db(), portalId, nameKeys);
  }

  /** The subsidiaries of these companies (`hs_parent_company_id`). */
  childCompanies(portalId: number, parentIds: readonly string[]): Promise<IndexedCompany[]> {
    return reads.childCompanies(this.db(), portalId, parentIds);
  }

  companies(portalId: number, ids: readonly string[]): Promise<IndexedCompany[]> {
    return reads.companies(this.db(), portalId, ids);
  }

  /** Every indexed deal (open or closed) associated with any of these companies. */
  dealsOfCompanies(portalId: number, companyIds: readonly string[]): Promise<IndexedDeal[]> {
    return reads.dealsOfCompanies(this.db(), portalId, companyIds);
  }

  deals(portalId: number, ids: readonly string[]): Promise<IndexedDeal[]> {
    return reads.deals(this.db(), portalId, ids);
  }

  /** Contacts known by any of these mailboxes (in `email` or `hs_additional_emails`). */
  contactsByMailboxes(portalId: number, mailboxes: readonly string[]): Promise<IndexedContact[]> {
    return reads.contactsByMailboxes(this.db(), portalId, mailboxes);
  }

  contacts(portalId: number, ids: readonly string[]): Promise<IndexedContact[]> {
    return reads.contacts(this.db(), portalId, ids);
  }

  /** The stored `modifiedAt` of each of these records the index holds. */
  modifiedTimes(
    portalId: number,
    objectType: IndexedObjectType,
    ids: readonly string[],
  ): Promise<Map<string, number>> {
    return reads.modifiedTimes(this.db(), portalId, objectType, ids);
  }

  /** Records per object type: what the index holds for a portal. */
  counts(portalId: number): Promise<Record<IndexedObjectType, number>> {
    return reads.counts(this.db(), portalId);
  }
}
