import { companyNameSimilarity } from './company-names';
import { companyDomains, EmailDomainKind, hostnameOf, registrableDomain } from './domains';
import {
  CompanyCandidate,
  contactCountOf,
  HubSpotRecord,
  lastActivityOf,
  textOf,
  timeOf,
} from './hubspot-records';
import { breakTies, TieBreakStep } from './tie-breakers';

/**
 * Which existing company a new contact belongs to, with a confidence and the evidence for it.
 * Evidence comes in strengths; only the strongest present decides, and candidates equal in
 * strength go through the fixed tie-breakers. A tie that survives them all is flagged for review
 * rather than guessed.
 */

export interface AccountEvidence {
  kind: 'email_domain' | 'exact_host' | 'contact_website' | 'association' | 'company_name' | 'new_company';
  detail: string;
}

/** 3: the exact host or a HubSpot association; 2: the registrable domain; 1: the name alone. */
export type EvidenceStrength = 0 | 1 | 2 | 3;

export interface AccountCandidate {
  companyId: string;
  name: string;
  confidence: number;
  strength: EvidenceStrength;
  evidence: AccountEvidence[];
  /** Created by HubSpot alongside this contact (auto-association): context, not an existing account. */
  createdWithContact: boolean;
}

export interface AccountMatch {
  /** The matched existing account, if one was decided. */
  company?: CompanyCandidate;
  confidence: number;
  evidence: AccountEvidence[];
  candidates: AccountCandidate[];
  tieBreak: TieBreakStep[];
  /** Set when candidates could not be told apart: a person should choose. */
  review?: { reason: string; companyIds: string[] };
  /** The company that describes the contact (size, industry) even if it is no existing account. */
  contextCompany?: CompanyCandidate;
}

export interface MatchAccountInput {
  contact: HubSpotRecord;
  emailHost: string | undefined;
  emailKind: EmailDomainKind | undefined;
  companies: readonly CompanyCandidate[];
  /** Similarity a name-only match needs (free-email contacts only). */
  freeEmailNameMin: number;
}

const MATCH_MIN_CONFIDENCE = 0.6;
const NAME_SUPPORT_MIN = 0.8;
/** A company created within this window after the contact, with nothing else on it, came with it. */
const CREATED_WITH_CONTACT_MS = 60 * 60 * 1000;

export function matchAccount(input: MatchAccountInput): AccountMatch {
  const evaluated = input.companies.map((company) => ({ company, result: evaluate(company, input) }));
  const listed = evaluated.filter(({ result }) => result.strength > 0 || result.evidence.length > 0);
  const candidates = listed.map(({ result }) => result);
  const matchable = listed.filter(
    ({ result }) => result.confidence >= MATCH_MIN_CONFIDENCE && !result.createdWithContact,
  );
  const context = listed.find(({ result }) => result.createdWithContact && result.strength >= 2)?.company;
  const none: AccountMatch = {
    confidence: 0,
    evidence: [],
    candidates,
    tieBreak: [],
    contextCompany: context,
  };
  if (matchable.length === 0) return none;

  const strongest = Math.max(...matchable.map(({ result }) => result.strength));
  const top = matchable.filter(({ result }) => result.strength === strongest);
  if (strongest === 1 && top.length > 1) {
    const companyIds = top.map(({ company }) => company.id);
    return { ...none, review: { reason: 'several companies match the name alone', companyIds } };
  }
  const { winners, steps } = breakTies(top.map(({ company }) => company));
  const [winner, ...others] = winners;
  if (!winner || others.length > 0) {
    const companyIds = winners.map((company) => company.id);
    return { ...none, tieBreak: steps, review: { reason: 'tie after every tie-breaker', companyIds } };
  }
  const chosen = top.find(({ company }) => company.id === winner.id)?.result;
  return {
    company: winner,
    confidence: chosen?.confidence ?? 0,
    evidence: chosen?.evidence ?? [],
    candidates,
    tieBreak: steps,
    contextCompany: winner,
  };
}

function evaluate(company: CompanyCandidate, input: MatchAccountInput): AccountCandidate {
  const name = textOf(company.properties, 'name') ?? `company ${company.id}`;
  const evidence: AccountEvidence[] = [];
  let strength: EvidenceStrength = 0;
  let confidence = 0;
  const found = (kind: AccountEvidence['kind'], detail: string, level: EvidenceStrength, value: number) => {
    evidence.push({ kind, detail });
    strength = Math.max(strength, level) as EvidenceStrength;
    confidence = Math.max(confidence, value);
  };

  const domains = companyDomains(company.properties);
  if (input.emailKind === 'work' && input.emailHost) {
    const host = input.emailHost;
    const exact = domains.find((domain) => domain.host === host);
    const registrable = registrableDomain(host);
    const shared = domains.find((domain) => domain.registrable === registrable);
    if (exact) found('exact_host', `email domain ${host} is the company's ${exact.source}`, 3, 0.95);
    else if (shared) {
      found(
        'email_domain',
        `email domain ${host} is ${shared.registrable}, the company's ${shared.source}`,
        2,
        0.9,
      );
    }
  }
  const website = hostnameOf(textOf(input.contact.properties, 'website'));
  const websiteDomain = registrableDomain(website);
  if (websiteDomain && domains.some((domain) => domain.registrable === websiteDomain)) {
    found('contact_website', `contact's website ${website} is the company's domain ${websiteDomain}`, 2, 0.8);
  }
  if (company.associatedWithContact)
    found('association', 'already associated with the contact in HubSpot', 3, 0.9);

  const similarity = companyNameSimilarity(textOf(input.contact.properties, 'company'), name);
  const nameDetail = `company name "${textOf(input.contact.properties, 'company')}" ~ "${name}" (${similarity.toFixed(2)})`;
  if (strength > 0 && similarity >= NAME_SUPPORT_MIN) {
    evidence.push({ kind: 'company_name', detail: `supports: ${nameDetail}` });
    confidence = Math.min(0.99, confidence + 0.04);
  } else if (strength === 0 && similarity >= NAME_SUPPORT_MIN) {
    // A name alone stands only for contacts without a company domain to match, and only when
    // the names are (nearly) the same: "Acme" on a gmail address could be any Acme.
    const nameOnlyAllowed = input.emailKind === 'free' || input.emailKind === undefined;
    if (nameOnlyAllowed && similarity >= input.freeEmailNameMin) found('company_name', nameDetail, 1, 0.7);
    else evidence.push({ kind: 'company_name', detail: `not enough alone: ${nameDetail}` });
  }

  const createdWithContact = strength > 0 && cameWithContact(company, input.contact);
  if (createdWithContact) {
    evidence.push({
      kind: 'new_company',
      detail: 'created with this contact, no deals or owner: not an existing account',
    });
  }
  return { companyId: company.id, name, confidence, strength, evidence, createdWithContact };
}

/**
 * HubSpot's "create and associate companies with contacts" setting makes a company for a new
 * contact's domain moments after the contact. That company is no existing account: it has no
 * other contacts, no deals and no owner, and was created just after this contact.
 */
function cameWithContact(company: CompanyCandidate, contact: HubSpotRecord): boolean {
  const companyCreated = timeOf(company.properties.createdate);
  const contactCreated = timeOf(contact.properties.createdate);
  if (companyCreated === undefined || contactCreated === undefined) return false;
  const justAfter =
    companyCreated >= contactCreated - 60_000 && companyCreated - contactCreated <= CREATED_WITH_CONTACT_MS;
  const bare =
    contactCountOf(company) <= 1 &&
    company.deals.length === 0 &&
    textOf(company.properties, 'hubspot_owner_id') === undefined;
  return justAfter && bare && lastActivityOf(company) === undefined;
}
