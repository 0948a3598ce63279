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
import type { HandoffStatus, Playbook, PoolConfig, Priority } from './playbook';
import { firstMatchingRule, type MatchedRule, ROUTED_STATUSES, type RoutedStatus } from './routing-rules';
import { PoolMember, PoolState, pickRoundRobin, SkippedMember } from './weighted-round-robin';

/**
 * Who owns the next action (CONTRACT §4). An existing account keeps its people: the owner of the
 * company's most recently updated open deal, else the company owner, else the duplicate contact's
 * owner. New leads go to the round robin of the pool their status routes to, falling back pool
 * by pool. Disqualified and nurture contacts get no owner.
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
}

export type OwnerSource =
  'open_deal_owner' | 'company_owner' | 'duplicate_owner' | 'named_owner' | 'pool' | 'none';

export interface RouteStep {
  step: OwnerSource | 'rule';
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
  if (input.status === 'duplicate_or_existing') {
    const existing = existingOwner(input, steps);
    if (existing) return { ...base, ...existing };
  }
  if (!isRouted(input.status)) {
    steps.push({ step: 'none', outcome: 'chosen', detail: `${input.status} gets no owner from a pool` });
    return { ...base, ownerId: undefined, source: 'none' };
  }
  const rule = firstMatchingRule(
    playbook.routingRules,
    {
      status: input.status,
      priority: input.priority ?? null,
      contact: input.contact.properties,
      company: input.ruleCompany?.properties,
    },
    playbook,
  );
  if (rule) {
    steps.push({ step: 'rule', outcome: 'chosen', detail: `rule '${rule.name}' (${rule.conditions})` });
    const named = rule.owner !== undefined ? namedOwner(input, rule.owner, steps) : undefined;
    if (named) return { ...base, ...named, rule };
  }
  const poolId = rule?.pool ?? playbook.routing[input.status];
  if (poolId === null) {
    steps.push({ step: 'none', outcome: 'chosen', detail: `${input.status} gets no owner from a pool` });
    return { ...base, ownerId: undefined, source: 'none' };
  }
  const routed = roundRobin(input, playbook, poolId, steps);
  return rule?.pool !== undefined ? { ...routed, rule } : routed;
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

function roundRobin(
  input: RouteLeadInput,
  playbook: Playbook,
  firstPoolId: string,
  steps: RouteStep[],
): Omit<Routing, 'setContactOwner'> {
  const skipped: Routing['skipped'] = [];
  const tried = new Set<string>();
  let pool = playbook.pools.find((candidate) => candidate.id === firstPoolId);
  while (pool && !tried.has(pool.id)) {
    tried.add(pool.id);
    const members = poolMembers(pool, input);
    const result = pickRoundRobin({
      members,
      state: input.routingState[pool.id],
      now: input.now,
      key: input.contact.id,
    });
    skipped.push(...result.skipped.map((skip) => ({ ...skip, poolId: (pool as PoolConfig).id })));
    if (result.ownerId !== undefined) {
      const again = result.replayed ? ' (same contact decided before: same owner, turn not advanced)' : '';
      steps.push({ step: 'pool', outcome: 'chosen', detail: `round robin in ${describePool(pool)}${again}` });
      return {
        ownerId: result.ownerId,
        source: 'pool',
        poolId: pool.id,
        steps,
        skipped,
        routingState: { ...input.routingState, [pool.id]: result.state },
      };
    }
    const why = members.length === 0 ? 'has no owners' : 'has no owner who can take a lead now';
    steps.push({ step: 'pool', outcome: 'skipped', detail: `${describePool(pool)} ${why}` });
    const fallback = pool.fallback;
    pool = playbook.pools.find((candidate) => candidate.id === fallback);
  }
  return { ownerId: undefined, source: 'none', steps, skipped, routingState: input.routingState };
}

/**
 * A pool's members with what the round robin needs. A team pool is every owner whose HubSpot
 * teams include that name (case-insensitive, any team, not only the primary one).
 */
export function poolMembers(
  pool: PoolConfig,
  input: Pick<RouteLeadInput, 'owners' | 'openLeadsByOwner'>,
): PoolMember[] {
  const teamName = pool.team?.trim().toLowerCase();
  const ids =
    pool.owners ??
    input.owners
      .filter((owner) => (owner.teams ?? []).some((team) => team.name.trim().toLowerCase() === teamName))
      .map((owner) => owner.id);
  return [...new Set(ids)].map((id) => {
    const owner = input.owners.find((candidate) => candidate.id === id);
    return {
      ownerId: id,
      weight: pool.weights[id] ?? 1,
      archived: owner === undefined || owner.archived,
      unavailable: pool.unavailable[id] ?? [],
      openLeads: input.openLeadsByOwner[id] ?? 0,
      capacity: pool.ownerCapacity[id] ?? pool.capacity,
    };
  });
}

export function describePool(pool: PoolConfig): string {
  return pool.team !== undefined ? `HubSpot team "${pool.team}"` : `pool "${pool.id}"`;
}

function nameOf(input: RouteLeadInput, id: string): string {
  return ownerName(
    input.owners.find((owner) => owner.id === id),
    id,
  );
}
