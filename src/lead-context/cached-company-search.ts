import { LRUCache } from 'lru-cache';
import type { HubSpotRecord } from '../handoff/hubspot-records';
import type { HubSpotCrm } from '../hubspot/crm';
import { searchCompaniesBy, type CompanySearchProperty } from '../hubspot/searches';
import { COMPANY_PROPERTIES } from './lead-context-properties';

export interface CachedCompanySearchOptions {
  crm: HubSpotCrm;
  /** The company property searched with `IN`. */
  propertyName: CompanySearchProperty;
  /** The values to search for one key (a domain and its `www.` form, say). */
  valuesOf: (key: string) => string[];
  /** The key a found company answers, or undefined if it answers none exactly. */
  keyOf: (company: HubSpotRecord) => string | undefined;
  ttlMs: number;
  now: () => number;
  maxKeys?: number;
  /** What each found company carries; the standard list unless routing rules read more. */
  properties?: readonly string[];
}

/**
 * Companies by an exact property value (`domain`, `name`), cached per key. A key that found
 * nothing is cached too: most new contacts come from domains with no company, and without a
 * negative entry every one of them would cost a search again within the same minute.
 */
export class CachedCompanySearch {
  private readonly cache: LRUCache<string, readonly HubSpotRecord[]>;

  constructor(private readonly options: CachedCompanySearchOptions) {
    this.cache = new LRUCache({
      max: options.maxKeys ?? 10_000,
      ttl: options.ttlMs,
      perf: { now: options.now },
    });
  }

  /** Companies for the keys: cached ones free, the rest in as few searches as the limits allow. */
  async find(keys: readonly string[]): Promise<HubSpotRecord[]> {
    const found: HubSpotRecord[] = [];
    const uncached: string[] = [];
    for (const key of new Set(keys)) {
      const cached = this.cache.get(key);
      if (cached) found.push(...cached);
      else uncached.push(key);
    }
    if (uncached.length === 0) return found;

    const { crm, propertyName, valuesOf, keyOf } = this.options;
    const values = uncached.flatMap(valuesOf);
    const records = await searchCompaniesBy(
      crm,
      propertyName,
      values,
      this.options.properties ?? COMPANY_PROPERTIES,
    );
    const byKey = new Map<string, HubSpotRecord[]>(uncached.map((key) => [key, []]));
    for (const record of records) {
      const key = keyOf(record);
      if (key !== undefined) byKey.get(key)?.push(record);
    }
    for (const [key, companies] of byKey) this.cache.set(key, companies);
    // Records that answer no key exactly still go back: the caller matches them locally.
    found.push(...records);
    return found;
  }

  /** Drops every cached key that lists one of these companies, so the next load searches again. */
  forget(companyIds: ReadonlySet<string>): void {
    const stale: string[] = [];
    for (const [key, companies] of this.cache.entries()) {
      if (companies.some((company) => companyIds.has(company.id))) stale.push(key);
    }
    for (const key of stale) this.cache.delete(key);
  }

  get size(): number {
    return this.cache.size;
  }
}
