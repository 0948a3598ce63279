import { parse } from 'tldts';
import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';
import freeEmailProviders from 'email-providers/all.json';
import type { HubSpotProperties } from './hubspot-records';

/**
 * Domains as accounts see them. CONTRACT §4: subdomains and `www.` fold into the registrable
 * domain, public-suffix aware (`eu.acme.co.uk` is `acme.co.uk`, `other.co.uk` is not), and free or
 * disposable email domains never match by domain.
 *
 * Private public-suffix entries (github.io, myshopify.com, …) count as suffixes: two shops on
 * `myshopify.com` are two companies, not one.
 */
const TLD_OPTIONS = { allowPrivateDomains: true, validateHostname: true } as const;

/**
 * The host of anything HubSpot holds as a domain: `https://www.acme.com/path`, `acme.com`,
 * `WWW.ACME.COM`, `jo@eu.acme.co.uk`. Lower case, IDN as punycode, `www.` and a trailing dot
 * dropped. Undefined for text that is not a public host name (IPs, `localhost`, junk).
 */
export function hostnameOf(input: string | null | undefined): string | undefined {
  let text = (input ?? '').trim();
  if (text === '') return undefined;
  if (!text.includes('/') && text.includes('@')) text = text.slice(text.lastIndexOf('@') + 1);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let host: string;
  try {
    host = new URL(text).hostname;
  } catch {
    return undefined;
  }
  host = host.replace(/\.+$/, '').replace(/^(www\d*\.)+/, '');
  const parsed = parse(host, TLD_OPTIONS);
  return parsed.isIp || !parsed.domain || !parsed.publicSuffix ? undefined : host;
}

/** The registrable domain (public suffix plus one label) of a URL, host or email address. */
export function registrableDomain(input: string | null | undefined): string | undefined {
  const host = hostnameOf(input);
  return host === undefined ? undefined : (parse(host, TLD_OPTIONS).domain ?? undefined);
}

export type CompanyDomainSource = 'domain' | 'website' | 'additional';

export interface CompanyDomain {
  registrable: string;
  host: string;
  source: CompanyDomainSource;
}

/**
 * Every domain a HubSpot company claims: `domain`, `website` (any URL form) and
 * `hs_additional_domains`, which HubSpot stores semicolon-separated.
 */
export function companyDomains(properties: HubSpotProperties): CompanyDomain[] {
  const raw: Array<[string, CompanyDomainSource]> = [
    [properties.domain ?? '', 'domain'],
    [properties.website ?? '', 'website'],
    ...(properties.hs_additional_domains ?? '')
      .split(/[;,\s]+/)
      .map((text): [string, CompanyDomainSource] => [text, 'additional']),
  ];
  const seen = new Set<string>();
  const domains: CompanyDomain[] = [];
  for (const [text, source] of raw) {
    const host = hostnameOf(text);
    const registrable = registrableDomain(host);
    if (!host || !registrable || seen.has(host)) continue;
    seen.add(host);
    domains.push({ registrable, host, source });
  }
  return domains;
}

export type EmailDomainKind = 'work' | 'free' | 'disposable';

export interface EmailDomainLists {
  free: readonly string[];
  disposable: readonly string[];
  notFree: readonly string[];
}

let packagedDisposable: Set<string> | undefined;
let packagedFree: Set<string> | undefined;

/**
 * Classifies an email domain with the packaged lists (email-providers, disposable-email-domains-js)
 * plus the playbook's own additions. Disposable wins over free: the free list also carries many
 * throwaway services, and a throwaway address is a stronger signal.
 */
export function classifyEmailDomain(host: string, extra: EmailDomainLists): EmailDomainKind {
  packagedDisposable ??= disposableEmailBlocklistSet();
  packagedFree ??= new Set(freeEmailProviders);
  const registrable = registrableDomain(host) ?? host;
  const names = [host, registrable];
  const listed = (set: ReadonlySet<string> | readonly string[]) =>
    names.some((name) => ('has' in set ? set.has(name) : set.includes(name)));
  if (listed(extra.disposable) || listed(packagedDisposable)) return 'disposable';
  if (listed(extra.notFree)) return 'work';
  return listed(extra.free) || listed(packagedFree) ? 'free' : 'work';
}
