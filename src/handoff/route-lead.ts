import {
  CompanyCandidate,
  DealRecord,
  HubSpotRecord,
  isOpenDeal,
  OwnerRecord,
  ownerName,
  textOf,
  timeOf,
} from './hubspot-records';
import type { DuplicateContact } from './match-duplicates';
import type { HandoffStatus, Playbook, Priority } from './playbook';
import { firstMatchingRule, type MatchedRule, ROUTED_STATUSES, type RoutedStatus } from './routing-rules';
import { describePool, poolMembers, RoutingFallback, routeToPool } from './route-to-pool';
import type { PoolState, SkippedMember } from './weighted-round-robin';

export { describePool, poolMembers };
export type { RoutingFallback };

/**
 * Who owns the next action (CONTRACT §4). An existing account keeps its people: the owner of the
 * company's most recently updated open deal, else the company owner, else the duplicate contact's
 * owner. New leads go to the round robin of the pool their status routes to, falling back pool
 * by pool. An existing account nobody there owns is routed like a new lead of its qualification
 * (CONTRACT §6). Disqualified and nurture contacts get no owner.
 */

/** Round-robin state per pool id, stored by the caller with the event's completion. */
export type RoutingState = Readonly<Record<string, PoolState>>;

export interface RouteLeadInput {
  status: HandoffStatus;
  contact: HubSpotRecord;
  /** The matched existing account, if any. */
  company: CompanyCandidate | undefined;
  duplicates: readonly DuplicateContact[];
  /** Every owner of the portal; an owner id not listed here counts as inactive. */
  owners: readonly OwnerRecord[];
  openLeadsByOwner: Readonly<Record<string, number>>;
  routingState: RoutingState;
  now: number;
  /** What routing rules read besides the contact: its priority and company (matched or context). */
  priority?: Priority | null;
  ruleCompany?: HubSpotRecord;
  /**
   * How an ownerless existing account or duplicate is routed when the playbook names no pool for
   * it: like a new sales-ready lead when its intent is sales-ready, else like one needing
   * qualification (CONTRACT §6).
   */
  routeAs?: 'sales_ready' | 'needs_qualification';
}

export type OwnerSource =
  | 'open_deal_owner'
  | 'company_owner'
  | 'duplicate_owner'
  | 'named_owner'
  | 'pool'
  | 'fallback_owner'
  | 'none';

export interface RouteStep {
  step: OwnerSource | 'rule' | 'routed_as_new';
  outcome: 'chosen' | 'skipped';
  detail: string;
}

export interface Routing {
  ownerId: string | undefined;
  source: OwnerSource;
  /** The open deal whose owner was chosen. */
  deal?: DealRecord;
  poolId?: string;
  /** The routing rule that chose the pool or owner; absent when the status's default applied. */
  rule?: MatchedRule;
  steps: RouteStep[];
  /** Pool members passed over, and why. */
  skipped: Array<SkippedMember & { poolId: string }>;
  routingState: RoutingState;
  /** An existing account or duplicate routed like a new lead of this status (CONTRACT §6). */
  routedAs?: 'sales_ready' | 'needs_qualification';
  /** Set when the pool could not place the lead: raise an alert (CONTRACT §6). */
  fallback?: RoutingFallback;
  /** Whether to write the standard `hubspot_owner_id` (the playbook's contact-owner policy). */
  setContactOwner: boolean;
}

export function routeLead(input: RouteLeadInput, playbook: Playbook): Routing {
  const routing = chooseOwner(input, playbook);
  const current = textOf(input.contact.properties, 'hubspot_owner_id');
  const policy = playbook.contactOwner;
  const setContactOwner =
    routing.ownerId !== undefined &&
    routing.ownerId !== current &&
    (policy === 'always' || (policy === 'if_empty' && current === undefined));
  return { ...routing, setContactOwner };
}

function chooseOwner(input: RouteLeadInput, playbook: Playbook): Omit<Routing, 'setContactOwner'> {
  const steps: RouteStep[] = [];
  const base = { steps, skipped: [], routingState: input.routingState };
  const routedAs = input.status === 'duplicate_or_existing' ? newLeadStatus(input, playbook) : undefined;
  if (input.status === 'duplicate_or_existing') {
    const existing = existingOwner(input, steps);
    if (existing) return { ...base, ...existing };
    if (routedAs) {
      const as = routedAs.replace('_', '-');
      steps.push({
        step: 'routed_as_new',
        outcome: 'chosen',
        detail: `no deal, company or duplicate contact owner: routed like a new ${as} lead`,
      });
    }
  }
  if (!isRouted(input.status)) {
    steps.push({ step: 'none', outcome: 'chosen', detail: `${input.status} gets no owner from a pool` });
    return { ...base, ownerId: undefined, source: 'none' };
  }
  const ruleInput = {
    priority: input.priority ?? null,
    contact: input.contact.properties,
    company: input.ruleCompany?.properties,
  };
  // A rule naming duplicates wins; otherwise the rules apply as they would to the new lead.
  const rule =
    firstMatchingRule(playbook.routingRules, { ...ruleInput, status: input.status }, playbook) ??
    (routedAs && firstMatchingRule(playbook.routingRules, { ...ruleInput, status: routedAs }, playbook));
  if (rule) {
    steps.push({ step: 'rule', outcome: 'chosen', detail: `rule '${rule.name}' (${rule.conditions})` });
    const named = rule.owner !== undefined ? namedOwner(input, rule.owner, steps) : undefined;
    if (named) return { ...base, ...named, rule, ...(routedAs ? { routedAs } : {}) };
  }
  const poolId = rule?.pool ?? playbook.routing[routedAs ?? input.status];
  if (poolId === null) {
    steps.push({ step: 'none', outcome: 'chosen', detail: `${input.status} gets no owner from a pool` });
    return { ...base, ownerId: undefined, source: 'none' };
  }
  const routed = { ...routeToPool(input, playbook, poolId, steps), ...(routedAs ? { routedAs } : {}) };
  return rule?.pool !== undefined ? { ...routed, rule } : routed;
}

/** The status an ownerless existing lead is routed as; none when the playbook names its own pool. */
function newLeadStatus(input: RouteLeadInput, playbook: Playbook): Routing['routedAs'] {
  if (playbook.routing.duplicate_or_existing !== null) return undefined;
  return input.routeAs ?? 'needs_qualification';
}

function isRouted(status: HandoffStatus): status is RoutedStatus {
  return (ROUTED_STATUSES as readonly string[]).includes(status);
}

/** A rule's named owner, while active; otherwise the status's default pool takes the lead. */
function namedOwner(
  input: RouteLeadInput,
  ownerId: string,
  steps: RouteStep[],
): Pick<Routing, 'ownerId' | 'source'> | undefined {
  const owner = input.owners.find((candidate) => candidate.id === ownerId);
  if (owner && !owner.archived) {
    steps.push({
      step: 'named_owner',
      outcome: 'chosen',
      detail: `owner ${nameOf(input, ownerId)} named by the rule`,
    });
    return { ownerId, source: 'named_owner' };
  }
  steps.push({
    step: 'named_owner',
    outcome: 'skipped',
    detail: `owner ${ownerId} named by the rule is archived or not a HubSpot owner: default pool instead`,
  });
  return undefined;
}

function existingOwner(
  input: RouteLeadInput,
  steps: RouteStep[],
): Pick<Routing, 'ownerId' | 'source' | 'deal'> | undefined {
  const active = (id: string | undefined) => {
    const owner = input.owners.find((candidate) => candidate.id === id);
    return owner !== undefined && !owner.archived;
  };
  const consider = (step: OwnerSource, id: string | undefined, what: string): boolean => {
    if (id !== undefined && active(id)) {
      steps.push({ step, outcome: 'chosen', detail: `${what} owned by ${nameOf(input, id)}` });
      return true;
    }
    const why = id === undefined ? 'has no owner' : `owner ${id} is archived or not a HubSpot owner`;
    steps.push({ step, outcome: 'skipped', detail: `${what} ${why}` });
    return false;
  };
  const deal = latestOpenDeal(input.company);
  if (deal) {
    const dealOwner = textOf(deal.properties, 'hubspot_owner_id');
    const name = textOf(deal.properties, 'dealname') ?? `deal ${deal.id}`;
    if (consider('open_deal_owner', dealOwner, `open deal '${name}'`)) {
      return { ownerId: dealOwner, source: 'open_deal_owner', deal };
    }
  }
  if (input.company) {
    const companyOwner = textOf(input.company.properties, 'hubspot_owner_id');
    if (
      consider(
        'company_owner',
        companyOwner,
        `company ${textOf(input.company.properties, 'name') ?? ''}`.trim(),
      )
    ) {
      return { ownerId: companyOwner, source: 'company_owner' };
    }
  }
  for (const duplicate of input.duplicates) {
    if (consider('duplicate_owner', duplicate.ownerId, `duplicate contact ${duplicate.email}`)) {
      return { ownerId: duplicate.ownerId, source: 'duplicate_owner' };
    }
  }
  return undefined;
}

/** The company's most recently updated open deal (`hs_lastmodifieddate`), ties to the lower id. */
export function latestOpenDeal(company: CompanyCandidate | undefined): DealRecord | undefined {
  const open = (company?.deals ?? []).filter(isOpenDeal);
  const updated = (deal: DealRecord) => timeOf(deal.properties.hs_lastmodifieddate) ?? -Infinity;
  return [...open].sort(
    (a, b) => updated(b) - updated(a) || a.id.localeCompare(b.id, 'en', { numeric: true }),
  )[0];
}

function nameOf(input: RouteLeadInput, id: string): string {
  return ownerName(
    input.owners.find((owner) => owner.id === id),
    id,
  );
}
