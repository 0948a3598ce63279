import { LRUCache } from 'lru-cache';
import { companyDomains, hostnameOf, registrableDomain } from '../handoff/domains';
import { textOf, timeOf, type HubSpotRecord } from '../handoff/hubspot-records';
import type { HubSpotCrm } from '../hubspot/crm';
import { companiesWithoutSearchableDomain } from '../hubspot/searches';
import { CachedCompanySearch } from './cached-company-search';
import { COMPANY_PROPERTIES } from './lead-context-properties';

export interface CompanyLookupTtls {
  /** Domain and name look-ups: short, because a company's domain can change at any time. */
  domainMs: number;
  /** The list of companies `domain IN` cannot find. */
  specialMs: number;
  /** Companies the caller read after creation or change webhooks. */
  recentMs: number;
}

export const DEFAULT_COMPANY_TTLS: CompanyLookupTtls = {
  domainMs: 60_000,
  specialMs: 5 * 60_000,
  recentMs: 10 * 60_000,
};

export interface CompanyQuery {
  /** Work hosts (email domains, contact websites), `www.` already dropped. */
  hosts: readonly string[];
  /** Company names given by free-email contacts. */
  names: readonly string[];
}

/** A company name as compared here and sent to HubSpot: HubSpot's `IN` takes lower-case values. */
export function nameKey(name: string | null | undefined): string | undefined {
  const key = (name ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  return key === '' ? undefined : key;
}

/**
 * Finds a portal's existing companies by domain and by name, cheaply and despite HubSpot's search
 * index. Three sources, matched locally with `domains.ts` so every source obeys the same rules:
 * 1. `domain IN` searches, cached per host for a minute (misses too);
 * 2. the "special" companies `domain IN` can never find: those listing a domain only in
 *    `hs_additional_domains`, or only in `website` (HubSpot's search matches the `domain` value
 *    exactly and does not parse those properties), listed once and kept for five minutes;
 * 3. companies the caller noted from webhooks, because search results lag new and changed records
 *    by seconds (HubSpot's CRM search guide) and a company created a moment ago must still match.
 */
export class CompanyLookup {
  private readonly byDomain: CachedCompanySearch;
  private readonly byName: CachedCompanySearch;
  private readonly special: LRUCache<'all', SpecialCompanies>;
  private readonly recent: LRUCache<string, HubSpotRecord>;

  constructor(
    private readonly crm: HubSpotCrm,
    now: () => number,
    ttls: CompanyLookupTtls = DEFAULT_COMPANY_TTLS,
    private readonly properties: readonly string[] = COMPANY_PROPERTIES,
  ) {
    this.byDomain = new CachedCompanySearch({
      crm,
      properties,
      propertyName: 'domain',
      // HubSpot keeps `domain` as typed: `www.acme.com` and `acme.com` are different values.
      valuesOf: (host) => [host, `www.${host}`],
      keyOf: (company) => hostnameOf(company.properties.domain),
      ttlMs: ttls.domainMs,
      now,
    });
    this.byName = new CachedCompanySearch({
      crm,
      properties,
      propertyName: 'name',
      valuesOf: (name) => [name],
      keyOf: (company) => nameKey(company.properties.name),
      ttlMs: ttls.domainMs,
      now,
    });
    this.special = new LRUCache<'all', SpecialCompanies>({
      max: 1,
      ttl: ttls.specialMs,
      perf: { now },
      // `fetch` shares one in-flight listing between concurrent loads.
      fetchMethod: () => this.listSpecial(),
    });
    this.recent = new LRUCache({ max: 5_000, ttl: ttls.recentMs, perf: { now } });
  }

  /** Every known company that may match the query, freshest version of each, indexed for matching. */
  async find(query: CompanyQuery): Promise<CompanyPool> {
    const pool = new CompanyPool();
    if (query.hosts.length > 0) {
      const special = await this.special.fetch('all');
      const registrables = new Set(query.hosts.map((host) => registrableDomain(host) ?? host));
      for (const company of special?.matching(registrables) ?? []) pool.add(company);
      const keys = query.hosts.flatMap((host) => [host, registrableDomain(host) ?? host]);
      for (const company of await this.byDomain.find(keys)) pool.add(company);
    }
    if (query.names.length > 0) {
      for (const company of await this.byName.find(query.names)) pool.add(company);
    }
    for (const company of this.recent.values()) pool.add(company);
    return pool;
  }

  /** Companies the caller batch-read after creation or change webhooks: matched on every load. */
  noteCompanies(companies: readonly HubSpotRecord[]): void {
    this.forgetCached(new Set(companies.map((company) => company.id)));
    for (const company of companies) this.recent.set(company.id, company);
  }

  /** Drops every cached entry of these companies (changed, merged or deleted). */
  forgetCompanies(companyIds: readonly string[]): void {
    const ids = new Set(companyIds);
    this.forgetCached(ids);
    for (const id of ids) this.recent.delete(id);
  }

  async readCompanies(ids: readonly string[]): Promise<HubSpotRecord[]> {
    if (ids.length === 0) return [];
    return (await this.crm.batchRead('companies', ids, this.properties)).results;
  }

  private forgetCached(ids: ReadonlySet<string>): void {
    this.byDomain.forget(ids);
    this.byName.forget(ids);
    this.special.get('all')?.forget(ids);
  }

  private async listSpecial(): Promise<SpecialCompanies> {
    return new SpecialCompanies(await companiesWithoutSearchableDomain(this.crm, this.properties));
  }
}

/** The special companies, indexed by every registrable domain they claim. */
class SpecialCompanies {
  private readonly byId = new Map<string, HubSpotRecord>();
  private readonly idsByDomain = new Map<string, string[]>();

  constructor(companies: readonly HubSpotRecord[]) {
    for (const company of companies) {
      this.byId.set(company.id, company);
      for (const { registrable } of companyDomains(company.properties)) {
        this.idsByDomain.set(registrable, [...(this.idsByDomain.get(registrable) ?? []), company.id]);
      }
    }
  }

  matching(registrables: ReadonlySet<string>): HubSpotRecord[] {
    const ids = new Set([...registrables].flatMap((domain) => this.idsByDomain.get(domain) ?? []));
    return [...ids].flatMap((id) => this.byId.get(id) ?? []);
  }

  forget(ids: ReadonlySet<string>): void {
    for (const id of ids) this.byId.delete(id);
  }
}

/** The companies one load may match, one (freshest) record per id, indexed by domain and name. */
export class CompanyPool {
  private readonly byId = new Map<string, HubSpotRecord>();
  private index?: { domains: Map<string, HubSpotRecord[]>; names: Map<string, HubSpotRecord[]> };

  add(company: HubSpotRecord): void {
    const known = this.byId.get(company.id);
    if (known && modifiedAt(company) < modifiedAt(known)) return;
    this.byId.set(company.id, company);
    this.index = undefined;
  }

  get(id: string): HubSpotRecord | undefined {
    return this.byId.get(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** Companies claiming this registrable domain in `domain`, `website` or `hs_additional_domains`. */
  withDomain(registrable: string): HubSpotRecord[] {
    return this.indexed().domains.get(registrable) ?? [];
  }

  /**
   * Companies with this name, ignoring case and spacing (what HubSpot's `IN` finds). The CRM index
   * looks names up by a looser key (`normaliseCompanyName`), and this keeps its answer as strict as
   * search's: "Stehr LLC" and "Stehr Inc" are two companies.
   */
  withName(name: string): HubSpotRecord[] {
    const key = nameKey(name);
    return key === undefined ? [] : (this.indexed().names.get(key) ?? []);
  }

  private indexed(): NonNullable<CompanyPool['index']> {
    if (this.index) return this.index;
    const index = { domains: new Map<string, HubSpotRecord[]>(), names: new Map<string, HubSpotRecord[]>() };
    const put = (map: Map<string, HubSpotRecord[]>, key: string, company: HubSpotRecord) => {
      const list = map.get(key) ?? [];
      if (!list.includes(company)) list.push(company);
      map.set(key, list);
    };
    for (const company of this.byId.values()) {
      for (const { registrable } of companyDomains(company.properties))
        put(index.domains, registrable, company);
      const name = nameKey(textOf(company.properties, 'name'));
      if (name !== undefined) put(index.names, name, company);
    }
    this.index = index;
    return index;
  }
}

/** The later edit wins, so a noted (batch-read) company beats the lagging search index's copy. */
function modifiedAt(company: HubSpotRecord): number {
  return timeOf(company.properties.hs_lastmodifieddate) ?? 0;
}
