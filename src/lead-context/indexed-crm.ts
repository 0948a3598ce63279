import { normaliseCompanyName } from '../handoff/company-names';
import { timeOf, type HubSpotRecord } from '../handoff/hubspot-records';
import type { Store } from '../store/store';
import { asRecord, indexedContact, mailboxesOf } from '../crm-index/crm-index-records';
import { sameMailbox } from './duplicate-candidates';

export interface IndexedCompanyQuery {
  /** Registrable domains of work emails and websites. */
  domains: readonly string[];
  /** Company names given by free-email contacts (as typed). */
  names: readonly string[];
}

/**
 * Matching's reads from one portal's CRM index: no HubSpot call at all. Used only once the index
 * is `ready`; before that the loader searches HubSpot as it always did.
 */
export class IndexedCrm {
  constructor(
    private readonly store: Store,
    readonly portalId: number,
    private readonly now: () => number,
  ) {}

  /** The index version when the index is ready to answer, else undefined (search instead). */
  async readyVersion(): Promise<number | undefined> {
    const state = await this.store.crmIndex.state(this.portalId);
    return state.phase === 'ready' ? state.version : undefined;
  }

  /** Companies claiming one of the domains, or named (normalised) like one of the names. */
  async companies(query: IndexedCompanyQuery): Promise<HubSpotRecord[]> {
    const index = this.store.crmIndex;
    const names = query.names.map((name) => normaliseCompanyName(name)).filter((name) => name !== '');
    const [byDomain, byName] = await Promise.all([
      query.domains.length > 0 ? index.companiesByDomains(this.portalId, query.domains) : [],
      names.length > 0 ? index.companiesByNames(this.portalId, names) : [],
    ]);
    return [...byDomain, ...byName].map(asRecord);
  }

  /** Indexed companies by id; ids the index lacks are left out (the caller reads them). */
  async companiesById(ids: readonly string[]): Promise<HubSpotRecord[]> {
    if (ids.length === 0) return [];
    return (await this.store.crmIndex.companies(this.portalId, ids)).map(asRecord);
  }

  /** Every deal (open or closed) of each company, as HubSpot records. */
  async dealsByCompany(companyIds: readonly string[]): Promise<Map<string, HubSpotRecord[]>> {
    const found = new Map<string, HubSpotRecord[]>(companyIds.map((id) => [id, []]));
    if (companyIds.length === 0) return found;
    for (const deal of await this.store.crmIndex.dealsOfCompanies(this.portalId, companyIds)) {
      for (const companyId of deal.companyIds) found.get(companyId)?.push(asRecord(deal));
    }
    return found;
  }

  /** For each contact, the indexed contacts and batch mates that reach the same mailbox. */
  async duplicates(contacts: readonly HubSpotRecord[]): Promise<Map<string, HubSpotRecord[]>> {
    const mailboxes = contacts.flatMap(mailboxesOf);
    const existing =
      mailboxes.length > 0 ? await this.store.crmIndex.contactsByMailboxes(this.portalId, mailboxes) : [];
    const found = sameMailbox(contacts, existing.map(asRecord));
    // A new lead duplicates a contact that existed before it. A twin created after it (its webhook
    // came first, so it was decided first) is not its original: that twin is the duplicate.
    const batch = new Set(contacts.map((contact) => contact.id));
    for (const contact of contacts) {
      const created = timeOf(contact.properties.createdate);
      if (created === undefined) continue;
      found.set(
        contact.id,
        (found.get(contact.id) ?? []).filter(
          (other) => batch.has(other.id) || (timeOf(other.properties.createdate) ?? -Infinity) <= created,
        ),
      );
    }
    return found;
  }

  /**
   * Adds contacts just read from HubSpot, so a duplicate created seconds later is matched against
   * them (HubSpot's own search would not list them yet).
   */
  async noteContacts(contacts: readonly HubSpotRecord[]): Promise<void> {
    if (contacts.length === 0) return;
    await this.store.transaction(async (tx) => {
      const stored = await tx.crmIndex.putContacts(this.portalId, contacts.map(indexedContact));
      if (stored > 0) await tx.crmIndex.saveState(this.portalId, { bump: true }, this.now());
    });
  }
}
