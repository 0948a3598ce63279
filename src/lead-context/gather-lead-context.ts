import { DEFAULT_PLAYBOOK } from '../handoff/default-playbook';
import {
  classifyEmailDomain,
  hostnameOf,
  registrableDomain,
  type EmailDomainLists,
} from '../handoff/domains';
import {
  textOf,
  type CompanyCandidate,
  type HubSpotRecord,
  type OwnerRecord,
} from '../handoff/hubspot-records';
import type { Playbook } from '../handoff/playbook';
import type { HubSpotCrm } from '../hubspot/crm';
import {
  CompanyLookup,
  CompanyPool,
  DEFAULT_COMPANY_TTLS,
  nameKey,
  type CompanyLookupTtls,
} from './company-lookup';
import { findDuplicateCandidates } from './duplicate-candidates';
import type { IndexedCrm } from './indexed-crm';
import {
  COMPANY_PROPERTIES,
  companyPropertiesFor,
  contactPropertiesFor,
  DEAL_PROPERTIES,
} from './lead-context-properties';
import { OwnerDirectory } from './owner-directory';

/** What `decideHandoff` needs for a batch of new contacts of one portal, apart from stored state. */
export interface LeadContext {
  /** The contacts HubSpot returned, in the order asked for. */
  contacts: HubSpotRecord[];
  /** Ids HubSpot did not return: deleted, or merged into another contact since the event. */
  missing: string[];
  /** Per contact id: companies by email or website domain, by name (free email), and its associated one. */
  companiesByContact: Map<string, CompanyCandidate[]>;
  /** Per contact id: other contacts with the same mailbox, existing or in this batch. */
  otherContactsByContact: Map<string, HubSpotRecord[]>;
  /** Every owner, active and archived, with teams. */
  owners: OwnerRecord[];
  /** The CRM index version matching read; absent when it searched HubSpot (index not ready). */
  indexVersion?: number;
}

export interface LeadContextTtls extends CompanyLookupTtls {
  ownersMs: number;
}

export interface LeadContextLoaderOptions {
  /** The portal's CRM: one loader per portal, so its caches never mix portals. */
  crm: HubSpotCrm;
  now?: () => number;
  cacheTtl?: Partial<LeadContextTtls>;
  /** Email domain lists and the problem/timing properties to read; the built-in playbook by default. */
  playbook?: Pick<Playbook, 'emailDomains' | 'intent'> & Partial<Pick<Playbook, 'routingRules'>>;
  /** The portal's CRM index: once ready, matching reads it instead of searching HubSpot. */
  index?: IndexedCrm;
}

interface ContactProfile {
  contact: HubSpotRecord;
  /** Registrable domains of the work email and of a work website: what account matching compares. */
  domains: string[];
  /** The hosts behind them, as searched. */
  hosts: string[];
  /** The company name a free-email contact gave, for the engine's high-confidence name rule. */
  companyName?: string;
  associatedCompanyId?: string;
}

/**
 * The HubSpot read side of deciding a batch of new contacts: a fixed handful of calls per batch of
 * up to 100 contacts, whatever its size, never a call per contact. Owners, domain and name look-ups
 * and the list of companies search cannot find by domain are cached per portal.
 */
export class LeadContextLoader {
  private readonly crm: HubSpotCrm;
  private readonly owners: OwnerDirectory;
  private readonly companies: CompanyLookup;
  private readonly contactProperties: string[];
  private readonly emailDomains: EmailDomainLists;
  private readonly index?: IndexedCrm;
  /** Company properties routing rules read that the index does not keep. */
  private readonly unindexedCompanyProperties: boolean;

  constructor(options: LeadContextLoaderOptions) {
    const now = options.now ?? Date.now;
    const ttl = { ...DEFAULT_COMPANY_TTLS, ownersMs: 5 * 60_000, ...options.cacheTtl };
    const playbook = options.playbook ?? DEFAULT_PLAYBOOK;
    this.crm = options.crm;
    this.owners = new OwnerDirectory(options.crm, now, ttl.ownersMs);
    this.companies = new CompanyLookup(options.crm, now, ttl, companyPropertiesFor(playbook));
    this.contactProperties = contactPropertiesFor(playbook);
    this.emailDomains = playbook.emailDomains;
    this.index = options.index;
    const indexed = new Set<string>(COMPANY_PROPERTIES);
    this.unindexedCompanyProperties = companyPropertiesFor(playbook).some((name) => !indexed.has(name));
  }

  async load(contactIds: readonly string[]): Promise<LeadContext> {
    const ids = [...new Set(contactIds)];
    if (ids.length === 0) {
      return {
        contacts: [],
        missing: [],
        companiesByContact: new Map(),
        otherContactsByContact: new Map(),
        owners: [],
      };
    }
    const [contacts, owners, indexVersion] = await Promise.all([
      this.readContacts(ids),
      this.owners.list(),
      this.index?.readyVersion(),
    ]);
    const profiles = contacts.map((contact) => this.profile(contact));
    const index = indexVersion !== undefined ? this.index : undefined;
    const [pool, otherContactsByContact] = index
      ? await Promise.all([this.indexedPool(index, profiles), index.duplicates(contacts)])
      : await Promise.all([this.companyPool(profiles), findDuplicateCandidates(this.crm, contacts)]);
    const companiesByContact = await this.withDeals(profiles, pool, (companyIds) =>
      index ? index.dealsByCompany(companyIds) : this.readDeals(companyIds),
    );
    // The batch's contacts join the index now: a duplicate arriving seconds later finds them.
    if (index) await index.noteContacts(contacts);
    const found = new Set(contacts.map((contact) => contact.id));
    return {
      contacts,
      missing: ids.filter((id) => !found.has(id)),
      companiesByContact,
      otherContactsByContact,
      owners,
      ...(indexVersion !== undefined ? { indexVersion } : {}),
    };
  }

  /** The portal's owners, active and archived, with teams (cached like every load's). */
  listOwners(): Promise<OwnerRecord[]> {
    return this.owners.list();
  }

  /** Companies the caller batch-read after creation or change webhooks (search lags them by seconds). */
  noteCompanies(records: readonly HubSpotRecord[]): void {
    this.companies.noteCompanies(records);
  }

  /** Drops cached look-ups that point at these companies (changed, merged or deleted). */
  forgetCompanies(companyIds: readonly string[]): void {
    this.companies.forgetCompanies(companyIds);
  }

  /** One batch read (per 100) with every company property the engine reads. */
  readCompanies(ids: readonly string[]): Promise<HubSpotRecord[]> {
    return this.companies.readCompanies(ids);
  }

  /**
   * Only the ids asked for: reading a merged-away id can answer with the surviving contact, which
   * is no new lead of this batch.
   */
  private async readContacts(ids: readonly string[]): Promise<HubSpotRecord[]> {
    const { results } = await this.crm.batchRead('contacts', ids, this.contactProperties);
    const byId = new Map(results.map((contact) => [contact.id, contact]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private profile(contact: HubSpotRecord): ContactProfile {
    const email = textOf(contact.properties, 'email');
    const emailHost = email?.includes('@') ? hostnameOf(email) : undefined;
    const emailKind = emailHost ? classifyEmailDomain(emailHost, this.emailDomains) : undefined;
    const websiteHost = hostnameOf(textOf(contact.properties, 'website'));
    // The website feeds match-account's `contact_website` evidence and rides in the same domain
    // search. Free and disposable domains never match by domain (CONTRACT §4), in either property.
    const workHosts = [emailKind === 'work' ? emailHost : undefined, websiteHost].filter(
      (host): host is string => host !== undefined && classifyEmailDomain(host, this.emailDomains) === 'work',
    );
    const domains = workHosts.flatMap((host) => registrableDomain(host) ?? []);
    const nameOnly = emailKind === 'free' || emailKind === undefined;
    const companyName = nameOnly ? textOf(contact.properties, 'company') : undefined;
    const associatedCompanyId = textOf(contact.properties, 'associatedcompanyid');
    return {
      contact,
      domains: [...new Set(domains)],
      hosts: [...new Set(workHosts)],
      ...(companyName !== undefined ? { companyName } : {}),
      ...(associatedCompanyId !== undefined ? { associatedCompanyId } : {}),
    };
  }

  /** Candidate companies from the look-ups, plus associated companies they missed (one batch read). */
  private async companyPool(profiles: readonly ContactProfile[]): Promise<CompanyPool> {
    const pool = await this.companies.find({
      hosts: [...new Set(profiles.flatMap((profile) => profile.hosts))],
      names: [...new Set(profiles.flatMap((profile) => nameKey(profile.companyName) ?? []))],
    });
    const unread = profiles.flatMap((profile) =>
      profile.associatedCompanyId !== undefined && !pool.get(profile.associatedCompanyId)
        ? [profile.associatedCompanyId]
        : [],
    );
    for (const company of await this.companies.readCompanies([...new Set(unread)])) pool.add(company);
    return pool;
  }

  /**
   * Candidates from the CRM index: by registrable domain, by normalised name, and the associated
   * company. No search; a batch read only for an associated company the index lacks, or when
   * routing rules read company properties the index does not keep.
   */
  private async indexedPool(index: IndexedCrm, profiles: readonly ContactProfile[]): Promise<CompanyPool> {
    const pool = new CompanyPool();
    const associatedIds = [...new Set(profiles.flatMap((profile) => profile.associatedCompanyId ?? []))];
    const [found, associated] = await Promise.all([
      index.companies({
        domains: [...new Set(profiles.flatMap((profile) => profile.domains))],
        names: profiles.flatMap((profile) => profile.companyName ?? []),
      }),
      index.companiesById(associatedIds),
    ]);
    for (const company of [...found, ...associated]) pool.add(company);
    const unread = associatedIds.filter((id) => !pool.get(id));
    const reread = this.unindexedCompanyProperties ? [...pool.ids(), ...unread] : unread;
    for (const company of await this.companies.readCompanies(reread)) pool.add(company);
    return pool;
  }

  /** Deals per company from HubSpot: one association read and one deal read per batch. */
  private async readDeals(companyIds: readonly string[]): Promise<Map<string, HubSpotRecord[]>> {
    const dealIdsByCompany =
      companyIds.length > 0
        ? await this.crm.readAssociationsBatch('companies', 'deals', companyIds)
        : new Map<string, Array<{ toObjectId: string }>>();
    const dealIds = [...new Set([...dealIdsByCompany.values()].flat().map((deal) => deal.toObjectId))];
    const deals =
      dealIds.length > 0 ? (await this.crm.batchRead('deals', dealIds, DEAL_PROPERTIES)).results : [];
    const dealsById = new Map(deals.map((deal) => [deal.id, deal]));
    // A deal deleted since the association read is simply left out.
    return new Map(
      companyIds.map((id) => [
        id,
        (dealIdsByCompany.get(id) ?? []).flatMap((deal) => dealsById.get(deal.toObjectId) ?? []),
      ]),
    );
  }

  /** Each contact's candidates with their deals. */
  private async withDeals(
    profiles: readonly ContactProfile[],
    pool: CompanyPool,
    dealsOf: (companyIds: readonly string[]) => Promise<Map<string, HubSpotRecord[]>>,
  ): Promise<Map<string, CompanyCandidate[]>> {
    const chosen = new Map(profiles.map((profile) => [profile.contact.id, candidatesOf(profile, pool)]));
    const companyIds = [
      ...new Set([...chosen.values()].flatMap((list) => list.map(({ company }) => company.id))),
    ];
    const dealsByCompany = await dealsOf(companyIds);

    const result = new Map<string, CompanyCandidate[]>();
    for (const [contactId, list] of chosen) {
      result.set(
        contactId,
        list.map(({ company, associated }) => ({
          ...company,
          deals: dealsByCompany.get(company.id) ?? [],
          ...(associated ? { associatedWithContact: true } : {}),
        })),
      );
    }
    return result;
  }
}

/** One contact's companies: by its domains, by its company name, and its associated company. */
function candidatesOf(
  profile: ContactProfile,
  pool: CompanyPool,
): Array<{ company: HubSpotRecord; associated: boolean }> {
  const found = new Map<string, HubSpotRecord>();
  const add = (companies: readonly HubSpotRecord[]) => {
    for (const company of companies) if (!found.has(company.id)) found.set(company.id, company);
  };
  for (const domain of profile.domains) add(pool.withDomain(domain));
  if (profile.companyName !== undefined) add(pool.withName(profile.companyName));
  const associated = profile.associatedCompanyId && pool.get(profile.associatedCompanyId);
  if (associated) add([associated]);
  return [...found.values()].map((company) => ({
    company,
    associated: company.id === profile.associatedCompanyId,
  }));
}
