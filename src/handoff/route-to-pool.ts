import type { Playbook, PoolConfig } from './playbook';
import type { RouteLeadInput, RouteStep, Routing } from './route-lead';
import { PoolMember, pickRoundRobin } from './weighted-round-robin';

/**
 * A pool's round robin, and what happens when it gives nobody (CONTRACT §6): the pools a playbook
 * chains with `fallback` are tried in turn; when none of them can take the lead, a pool with
 * active members gives it to the playbook's fallback owner (by default its least-loaded active
 * member, capacity ignored), and a chain with no active members at all goes on to the playbook's
 * `fallbackPool` (by default the sales-ready pool). Either way the routing says so, for the alert.
 */

/** Why the round robin could not place the lead, for the reason, the log and the admin list. */
export interface RoutingFallback {
  /** `pool_full`: members exist but none can take a lead now; `no_members`: nobody active at all. */
  kind: 'pool_full' | 'no_members';
  /** The pool the lead was meant for. */
  poolId: string;
  detail: string;
}

type PoolRouting = Omit<Routing, 'setContactOwner'>;

export function routeToPool(
  input: RouteLeadInput,
  playbook: Playbook,
  firstPoolId: string,
  steps: RouteStep[],
): PoolRouting {
  const first = walkChain(input, playbook, firstPoolId, new Set(), steps);
  if (first.routing) return first.routing;
  const fullPool = first.withActiveMembers;
  if (fullPool) return fallbackOwner(input, playbook, fullPool, first.skipped, steps);

  const nextId = playbook.fallbackPool ?? playbook.routing.sales_ready;
  const fallback: RoutingFallback = {
    kind: 'no_members',
    poolId: firstPoolId,
    detail: `${labelOf(playbook, firstPoolId)} has no active owners`,
  };
  if (nextId === null || first.tried.has(nextId)) {
    return {
      ownerId: undefined,
      source: 'none',
      steps,
      skipped: first.skipped,
      routingState: input.routingState,
      fallback,
    };
  }
  steps.push({
    step: 'pool',
    outcome: 'chosen',
    detail: `${fallback.detail}: next pool ${labelOf(playbook, nextId)}`,
  });
  const next = walkChain(input, playbook, nextId, first.tried, steps);
  const skipped = [...first.skipped, ...next.skipped];
  if (next.routing) return { ...next.routing, skipped, fallback };
  if (next.withActiveMembers) {
    return { ...fallbackOwner(input, playbook, next.withActiveMembers, skipped, steps), fallback };
  }
  return { ownerId: undefined, source: 'none', steps, skipped, routingState: input.routingState, fallback };
}

interface ChainResult {
  routing?: PoolRouting;
  /** The first pool tried that has active members (all of them busy). */
  withActiveMembers?: PoolConfig;
  tried: Set<string>;
  skipped: Routing['skipped'];
}

/** Round robin in the pool, then in each pool its `fallback` names, until someone takes the lead. */
function walkChain(
  input: RouteLeadInput,
  playbook: Playbook,
  firstPoolId: string,
  tried: Set<string>,
  steps: RouteStep[],
): ChainResult {
  const skipped: Routing['skipped'] = [];
  let withActiveMembers: PoolConfig | undefined;
  let pool = playbook.pools.find((candidate) => candidate.id === firstPoolId);
  while (pool && !tried.has(pool.id)) {
    const current: PoolConfig = pool;
    tried.add(current.id);
    const members = poolMembers(current, input);
    const result = pickRoundRobin({
      members,
      state: input.routingState[current.id],
      now: input.now,
      key: input.contact.id,
    });
    skipped.push(...result.skipped.map((skip) => ({ ...skip, poolId: current.id })));
    if (result.ownerId !== undefined) {
      const again = result.replayed ? ' (same contact decided before: same owner, turn not advanced)' : '';
      steps.push({
        step: 'pool',
        outcome: 'chosen',
        detail: `round robin in ${describePool(current)}${again}`,
      });
      const routingState = { ...input.routingState, [current.id]: result.state };
      return {
        routing: {
          ownerId: result.ownerId,
          source: 'pool',
          poolId: current.id,
          steps,
          skipped,
          routingState,
        },
        tried,
        skipped,
      };
    }
    const active = members.some((member) => !member.archived);
    if (active) withActiveMembers ??= current;
    const why =
      members.length === 0
        ? 'has no owners'
        : active
          ? 'has no owner who can take a lead now'
          : 'has no active owners';
    steps.push({ step: 'pool', outcome: 'skipped', detail: `${describePool(current)} ${why}` });
    pool = playbook.pools.find((candidate) => candidate.id === current.fallback);
  }
  return { withActiveMembers, tried, skipped };
}

/**
 * Everyone in the pool is busy: the playbook's fallback owner while active, else the member with
 * the fewest open handoffs, those not on leave first, so the lead still has someone accountable.
 * The round-robin turn is not advanced: this lead was taken outside it.
 */
function fallbackOwner(
  input: RouteLeadInput,
  playbook: Playbook,
  pool: PoolConfig,
  skipped: Routing['skipped'],
  steps: RouteStep[],
): PoolRouting {
  const fallback: RoutingFallback = {
    kind: 'pool_full',
    poolId: pool.id,
    detail: `${describePool(pool)} was full (nobody could take a lead)`,
  };
  const base = {
    source: 'fallback_owner' as const,
    poolId: pool.id,
    steps,
    skipped,
    routingState: input.routingState,
    fallback,
  };
  const named = playbook.fallbackOwner;
  const namedOwner = input.owners.find((owner) => owner.id === named && !owner.archived);
  if (named !== null && namedOwner) {
    steps.push({
      step: 'fallback_owner',
      outcome: 'chosen',
      detail: `${fallback.detail}: the playbook's fallback owner`,
    });
    return { ...base, ownerId: named };
  }
  const members = poolMembers(pool, input).filter((member) => !member.archived);
  const chosen = [...members].sort(byLoad(input.now))[0] as PoolMember;
  steps.push({
    step: 'fallback_owner',
    outcome: 'chosen',
    detail: `${fallback.detail}: its least-loaded member (${chosen.openLeads} open handoffs), capacity ignored`,
  });
  return { ...base, ownerId: chosen.ownerId };
}

function byLoad(now: number) {
  const today = new Date(now).toISOString().slice(0, 10);
  const away = (member: PoolMember) =>
    member.unavailable.some((entry) => {
      const [from = '', to = from] = entry.split('..').map((day) => day.trim());
      return today >= from && today <= to;
    })
      ? 1
      : 0;
  return (a: PoolMember, b: PoolMember) =>
    away(a) - away(b) ||
    a.openLeads - b.openLeads ||
    a.ownerId.localeCompare(b.ownerId, 'en', { numeric: true });
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

function labelOf(playbook: Playbook, poolId: string): string {
  const pool = playbook.pools.find((candidate) => candidate.id === poolId);
  return pool ? describePool(pool) : `pool "${poolId}"`;
}
