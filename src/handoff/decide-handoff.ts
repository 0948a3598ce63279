import { businessHoursFor } from './business-hours';
import { decisionRecord } from './decision-record';
import { classifyEmailDomain, EmailDomainKind, hostnameOf } from './domains';
import { DecisionRecord, handoffReason } from './explain';
import { HandoffMatchKind, HandoffProperties } from './handoff-properties';
import { CompanyCandidate, HubSpotRecord, OwnerRecord, ownerName, textOf } from './hubspot-records';
import { marketingContext, MarketingContext } from './marketing-context';
import { AccountMatch, matchAccount } from './match-account';
import { DuplicateContact, matchDuplicates } from './match-duplicates';
import type { HandoffStatus, Playbook, Priority } from './playbook';
import { Qualification, qualify } from './qualify';
import { OwnerSource, routeLead, Routing, RoutingFallback, RoutingState } from './route-lead';
import { matchKind, reasonParts } from './reason-parts';
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

/** Everything one decision found, handed to the parts that write it down. */
export interface DecisionParts {
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

function assemble(parts: DecisionParts): HandoffDecision {
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
  parts: DecisionParts;
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
