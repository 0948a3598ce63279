import { businessHoursFor } from './business-hours';
import { classifyEmailDomain, EmailDomainKind, hostnameOf, registrableDomain } from './domains';
import { DecisionRecord, handoffReason, ReasonParts } from './explain';
import { HandoffMatchKind, HandoffProperties } from './handoff-properties';
import {
  CompanyCandidate,
  HubSpotRecord,
  isOpenDeal,
  OwnerRecord,
  ownerName,
  textOf,
} from './hubspot-records';
import { marketingContext, MarketingContext } from './marketing-context';
import { AccountMatch, matchAccount } from './match-account';
import { DuplicateContact, matchDuplicates } from './match-duplicates';
import type { HandoffStatus, Playbook, Priority } from './playbook';
import { Qualification, qualify } from './qualify';
import { describePool, OwnerSource, routeLead, Routing, RoutingFallback, RoutingState } from './route-lead';
import { playbookVersionId } from './playbook-version-id';
import { slaDueAt } from './sla-due-at';

/**
 * The whole handoff for one new contact: match, qualify, route, explain. Pure: the caller loads
 * the records (batched), passes the clock, writes `properties` back and stores `routingState` and
 * `record` in the same transaction that completes the event.
 */

export interface HandoffInput {
  contact: HubSpotRecord;
  /** Companies that might be the contact's account: by domain, by name, and its associated ones. */
  companies: readonly CompanyCandidate[];
  /** Contacts that might be duplicates (same email in any case or form); the contact itself is ignored. */
  otherContacts: readonly HubSpotRecord[];
  /** Every owner of the portal, with teams; an owner not listed counts as inactive. */
  owners: readonly OwnerRecord[];
  /** Live open handoffs per owner id, for pool capacity. */
  openLeadsByOwner: Readonly<Record<string, number>>;
  /** Stored round-robin state per pool id ({} before the first assignment). */
  routingState: RoutingState;
}

export interface HandoffDecision {
  contactId: string;
  status: HandoffStatus;
  priority: Priority | null;
  owner: { ownerId: string; name: string; source: OwnerSource } | null;
  /** Whether to write `hubspot_owner_id` = owner (the playbook's contact-owner policy). */
  setContactOwner: boolean;
  match: HandoffMatchKind;
  matchedCompanyId?: string;
  matchedDealId?: string;
  fitScore: number;
  intentScore: number;
  reason: string;
  disqualificationReason?: string;
  marketing: MarketingContext;
  routedAt: string;
  slaDueAt?: string;
  /** Set when the pool could not place the lead (CONTRACT §6): the caller raises an alert. */
  fallback?: RoutingFallback;
  /** Round-robin state to store; the input's state when no pool was used. */
  routingState: RoutingState;
  /** Exactly the CONTRACT §3 properties this decision sets, as HubSpot takes them. */
  properties: HandoffProperties;
  record: DecisionRecord;
}

export function decideHandoff(input: HandoffInput, playbook: Playbook, now: Date | number): HandoffDecision {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const contact = input.contact.properties;
  const email = textOf(contact, 'email');
  const emailHost = email?.includes('@') ? hostnameOf(email) : undefined;
  const emailKind = emailHost ? classifyEmailDomain(emailHost, playbook.emailDomains) : undefined;

  const duplicates = matchDuplicates(input.contact, input.otherContacts);
  const account = matchAccount({
    contact: input.contact,
    emailHost,
    emailKind,
    companies: input.companies,
    freeEmailNameMin: playbook.matching.freeEmailNameMin,
  });
  const existing = account.company
    ? `existing account ${textOf(account.company.properties, 'name') ?? account.company.id} (confidence ${account.confidence.toFixed(2)})`
    : duplicates[0] && `duplicate of contact ${duplicates[0].contactId} (${duplicates[0].evidence})`;
  const qualification = qualify(
    { contact, company: account.contextCompany?.properties, emailHost, emailKind, existing },
    playbook,
  );
  const routing = routeLead(
    {
      status: qualification.status,
      contact: input.contact,
      company: account.company,
      duplicates,
      owners: input.owners,
      openLeadsByOwner: input.openLeadsByOwner,
      routingState: input.routingState,
      now: nowMs,
      priority: qualification.priority,
      ruleCompany: account.company ?? account.contextCompany,
      routeAs: salesReadyIntent(qualification, playbook) ? 'sales_ready' : 'needs_qualification',
    },
    playbook,
  );
  return assemble({
    input,
    playbook,
    nowMs,
    emailHost,
    emailKind,
    duplicates,
    account,
    qualification,
    routing,
  });
}

/** CONTRACT §6's "sales_ready intent": explicit buying intent, or intent at the sales-ready bar. */
function salesReadyIntent(qualification: Qualification, playbook: Playbook): boolean {
  const { intent } = qualification;
  return intent.explicit.length > 0 || intent.score >= playbook.thresholds.intent;
}

interface Parts {
  input: HandoffInput;
  playbook: Playbook;
  nowMs: number;
  emailHost: string | undefined;
  emailKind: EmailDomainKind | undefined;
  duplicates: DuplicateContact[];
  account: AccountMatch;
  qualification: Qualification;
  routing: Routing;
}

function assemble(parts: Parts): HandoffDecision {
  const { input, playbook, qualification, routing, account } = parts;
  const { status, priority } = qualification;
  const owner = routing.ownerId
    ? {
        ownerId: routing.ownerId,
        name: ownerName(
          input.owners.find((candidate) => candidate.id === routing.ownerId),
          routing.ownerId,
        ),
        source: routing.source,
      }
    : null;
  const match = matchKind(account, parts.duplicates);
  const routedAt = new Date(parts.nowMs).toISOString();
  // The owner's clock: their own hours, else those of the pool they came from, else the playbook's.
  const hours = owner && businessHoursFor(playbook, { poolId: routing.poolId, ownerId: owner.ownerId });
  const due =
    hours && priority
      ? new Date(slaDueAt(parts.nowMs, playbook.responseExpectations[priority], hours)).toISOString()
      : undefined;
  const disqualificationReason = qualification.disqualification?.reasonId;
  const marketing = marketingContext(input.contact.properties);
  const reason = handoffReason(reasonParts(parts, owner?.name));
  const properties = writtenProperties({ parts, match, reason, marketing, routedAt, due });
  return {
    contactId: input.contact.id,
    status,
    priority,
    owner,
    setContactOwner: routing.setContactOwner,
    match,
    ...(account.company ? { matchedCompanyId: account.company.id } : {}),
    ...(routing.deal ? { matchedDealId: routing.deal.id } : {}),
    fitScore: qualification.fit.score,
    intentScore: qualification.intent.score,
    reason,
    ...(disqualificationReason ? { disqualificationReason } : {}),
    marketing,
    routedAt,
    ...(due ? { slaDueAt: due } : {}),
    ...(routing.fallback ? { fallback: routing.fallback } : {}),
    routingState: routing.routingState,
    properties,
    record: decisionRecord(parts, routedAt),
  };
}

/**
 * The CONTRACT §3 properties a decision owns. Those that do not apply are cleared with "", so
 * deciding a contact again never leaves an earlier owner, deal or due time behind. The rep's
 * own fields (first action, feedback, outcome unless disqualified here) are not touched.
 */
function writtenProperties(args: {
  parts: Parts;
  match: HandoffMatchKind;
  reason: string;
  marketing: MarketingContext;
  routedAt: string;
  due: string | undefined;
}): HandoffProperties {
  const { qualification, routing, account } = args.parts;
  const { marketing, due } = args;
  return {
    handoff_status: qualification.status,
    handoff_priority: qualification.priority ?? '',
    handoff_owner: routing.ownerId ?? '',
    handoff_reason: args.reason,
    handoff_match: args.match,
    handoff_matched_company_id: account.company?.id ?? '',
    handoff_matched_deal_id: routing.deal?.id ?? '',
    handoff_fit_score: String(qualification.fit.score),
    handoff_intent_score: String(qualification.intent.score),
    handoff_source: marketing.source,
    handoff_entry_point: marketing.entryPoint,
    handoff_offer: marketing.offer,
    handoff_routed_at: args.routedAt,
    handoff_sla_due_at: due ?? '',
    handoff_sla_status: due ? 'pending' : 'not_applicable',
    handoff_disqualification_reason: qualification.disqualification?.reasonId ?? '',
    ...(qualification.status === 'disqualified' ? { handoff_outcome: 'disqualified' } : {}),
  };
}

function matchKind(account: AccountMatch, duplicates: readonly DuplicateContact[]): HandoffMatchKind {
  if (account.company)
    return account.company.deals.some(isOpenDeal) ? 'open_opportunity' : 'existing_account';
  return duplicates.length > 0 ? 'duplicate_contact' : 'none';
}

function reasonParts(parts: Parts, ownerLabel: string | undefined): ReasonParts {
  const { qualification, routing, account, playbook } = parts;
  const company = account.company;
  const matchedDomain = registrableDomain(parts.emailHost);
  const reasonLabel = playbook.disqualification.reasons.find(
    (reason) => reason.id === qualification.disqualification?.reasonId,
  )?.label;
  const pool = playbook.pools.find((candidate) => candidate.id === routing.poolId);
  const lastPoolStep = [...routing.steps]
    .reverse()
    .find((step) => step.step === 'pool' || step.step === 'none');
  return {
    status: qualification.status,
    priority: qualification.priority,
    match: matchKind(account, parts.duplicates),
    ...(company
      ? {
          account: {
            name: textOf(company.properties, 'name') ?? `company ${company.id}`,
            domain: parts.emailKind === 'work' ? matchedDomain : registrableDomain(company.properties.domain),
          },
        }
      : {}),
    dealName: routing.deal
      ? (textOf(routing.deal.properties, 'dealname') ?? `deal ${routing.deal.id}`)
      : undefined,
    duplicateEmail: parts.duplicates[0]?.email,
    ownerName: ownerLabel,
    ownerSource: routing.source,
    poolLabel: pool ? describePool(pool) : undefined,
    rule: routing.rule && `Rule '${routing.rule.name}' (${routing.rule.conditions})`,
    routedAs: routing.routedAs,
    fallback: routing.fallback?.detail,
    noOwnerWhy: routing.steps.length > 0 ? (lastPoolStep ?? routing.steps.at(-1))?.detail : undefined,
    disqualification: qualification.disqualification && {
      label: reasonLabel ?? qualification.disqualification.reasonId,
      detail: qualification.disqualification.detail,
    },
    detail: qualification.unmatched
      ? qualification.intent.score >= parts.playbook.thresholds.intent
        ? 'buying intent, fit not proven'
        : 'fit not proven, little intent'
      : qualification.missingContext.length > 0
        ? `missing ${qualification.missingContext.join(' and ')}`
        : undefined,
    fit: qualification.fit.score,
    intent: qualification.intent.score,
    signals: qualification.intent.conversions,
    review: account.review?.companyIds.map((id) => companyName(parts.input.companies, id)),
  };
}

function companyName(companies: readonly CompanyCandidate[], id: string): string {
  const company = companies.find((candidate) => candidate.id === id);
  return (company && textOf(company.properties, 'name')) ?? `company ${id}`;
}

function decisionRecord(parts: Parts, decidedAt: string): DecisionRecord {
  const contact = parts.input.contact.properties;
  const read = (name: string) => textOf(contact, name);
  const conversions = [read('recent_conversion_event_name'), read('first_conversion_event_name')];
  return {
    version: 1,
    contactId: parts.input.contact.id,
    decidedAt,
    playbook: parts.playbook.name,
    playbookVersion: playbookVersionId(parts.playbook),
    inputs: compact({
      email: read('email'),
      emailDomain: parts.emailHost,
      emailKind: parts.emailKind,
      jobtitle: read('jobtitle'),
      company: read('company'),
      website: read('website'),
      numemployees: read('numemployees'),
      industry: read('industry'),
      country: read('country'),
      createdate: read('createdate'),
      conversions: conversions.filter((name): name is string => name !== undefined),
      // What a later signal is compared with (CONTRACT §7: a new conversion, a score crossing).
      conversionCount: read('num_conversion_events'),
      hubspotscore: read('hubspotscore'),
      hubspotOwnerId: read('hubspot_owner_id'),
      campaign: read('hs_analytics_source_data_2'),
      firstTouchCampaign: read('hs_analytics_first_touch_converting_campaign'),
    }),
    checks: parts.qualification.checks,
    fit: parts.qualification.fit,
    intent: parts.qualification.intent,
    account: compact({
      candidates: parts.account.candidates,
      tieBreak: parts.account.tieBreak,
      chosenCompanyId: parts.account.company?.id,
      confidence: parts.account.confidence,
      evidence: parts.account.evidence,
      review: parts.account.review,
    }),
    duplicates: parts.duplicates,
    routing: compact({
      steps: parts.routing.steps,
      ownerId: parts.routing.ownerId,
      source: parts.routing.source,
      poolId: parts.routing.poolId,
      rule: parts.routing.rule,
      skipped: parts.routing.skipped,
      setContactOwner: parts.routing.setContactOwner,
      routedAs: parts.routing.routedAs,
      fallback: parts.routing.fallback,
    }),
  };
}

/** Drops undefined fields, so the stored record is the same JSON however it was built. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
