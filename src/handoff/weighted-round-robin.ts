/**
 * Weighted round robin as a pure function, so the caller can store the new state in the same
 * transaction that completes the event: a redelivered event replays the old state and gets the
 * same owner, and a restart loses nothing.
 *
 * Each member has a `served` count. The next lead goes to the eligible member who would be least
 * ahead after taking it, (served + 1) / weight, ties to the higher weight and then the lower
 * owner id, so equal weights alternate strictly. Members joining the pool or coming back from
 * leave, capacity or archive are lifted to one lead behind the busiest member's level: they start
 * next in line but cannot claim a backlog, which keeps equal-weight members within one lead of
 * each other whatever the roster does.
 */

export interface PoolMember {
  ownerId: string;
  /** Relative share of leads, a whole number of at least 1. */
  weight: number;
  archived: boolean;
  /** Days off in UTC: `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`. */
  unavailable: readonly string[];
  /** Open handoffs the owner holds now. */
  openLeads: number;
  /** Most open handoffs the owner may hold; null: no cap. */
  capacity: number | null;
}

export interface PoolState {
  members: Record<string, { served: number }>;
  /** Recent assignments by key (contact id): deciding the same contact again gives the same owner. */
  recent: Array<{ key: string; ownerId: string }>;
}

export interface SkippedMember {
  ownerId: string;
  reason: string;
}

export interface RoundRobinResult {
  ownerId: string | undefined;
  state: PoolState;
  skipped: SkippedMember[];
  /** True when `key` was already assigned and the earlier owner was returned without advancing. */
  replayed: boolean;
}

export const EMPTY_POOL_STATE: PoolState = Object.freeze({ members: {}, recent: [] }) as PoolState;
const RECENT_LIMIT = 200;

export function pickRoundRobin(args: {
  members: readonly PoolMember[];
  state: PoolState | undefined;
  now: number;
  key: string;
}): RoundRobinResult {
  const state = args.state ?? EMPTY_POOL_STATE;
  const skipped: SkippedMember[] = [];
  const eligible: PoolMember[] = [];
  for (const member of [...args.members].sort(byOwnerId)) {
    const reason = ineligibility(member, args.now);
    if (reason) skipped.push({ ownerId: member.ownerId, reason });
    else eligible.push(member);
  }
  // The same lead again (a redelivery after the state was stored): same owner, no advance. Capacity
  // is not checked, since that owner's open handoffs may already count this very lead.
  const earlier = state.recent.find((entry) => entry.key === args.key);
  if (earlier && args.members.some((member) => member.ownerId === earlier.ownerId && !member.archived)) {
    return { ownerId: earlier.ownerId, state, skipped: [], replayed: true };
  }
  if (eligible.length === 0) return { ownerId: undefined, state, skipped, replayed: false };

  const served = liftedCounts(eligible, state);
  let chosen = eligible[0] as PoolMember;
  for (const member of eligible.slice(1)) {
    // Compare (served + 1) / weight without floating point.
    const mine = ((served.get(member.ownerId) ?? 0) + 1) * chosen.weight;
    const theirs = ((served.get(chosen.ownerId) ?? 0) + 1) * member.weight;
    if (mine < theirs || (mine === theirs && member.weight > chosen.weight)) chosen = member;
  }
  for (const member of eligible) {
    if (member !== chosen) skipped.push({ ownerId: member.ownerId, reason: describeTurn(member, served) });
  }
  served.set(chosen.ownerId, (served.get(chosen.ownerId) ?? 0) + 1);

  const members: PoolState['members'] = {};
  for (const member of args.members) {
    const count = served.get(member.ownerId) ?? state.members[member.ownerId]?.served;
    if (count !== undefined) members[member.ownerId] = { served: count };
  }
  const recent = [
    ...state.recent.filter((entry) => entry.key !== args.key),
    { key: args.key, ownerId: chosen.ownerId },
  ];
  return {
    ownerId: chosen.ownerId,
    state: { members, recent: recent.slice(-RECENT_LIMIT) },
    skipped,
    replayed: false,
  };
}

/** Served counts of eligible members, newcomers and returners lifted to one lead behind. */
function liftedCounts(eligible: readonly PoolMember[], state: PoolState): Map<string, number> {
  const known = eligible.filter((member) => state.members[member.ownerId] !== undefined);
  const level = Math.max(
    0,
    ...known.map((member) => (state.members[member.ownerId]?.served ?? 0) / member.weight),
  );
  const counts = new Map<string, number>();
  for (const member of eligible) {
    // The epsilon keeps 7/3 * 3 from rounding up to 8 in floating point.
    const floor = Math.max(0, Math.ceil(level * member.weight - 1e-9) - 1);
    counts.set(member.ownerId, Math.max(state.members[member.ownerId]?.served ?? 0, floor));
  }
  return counts;
}

function ineligibility(member: PoolMember, now: number): string | undefined {
  if (member.archived) return 'archived in HubSpot';
  if (!(member.weight >= 1)) return `weight ${member.weight} takes no leads`;
  const today = new Date(now).toISOString().slice(0, 10);
  const off = member.unavailable.find((entry) => {
    const [from = '', to = from] = entry.split('..').map((day) => day.trim());
    return today >= from && today <= to;
  });
  if (off !== undefined) return `unavailable (${off})`;
  if (member.capacity !== null && member.openLeads >= member.capacity) {
    return `at capacity (${member.openLeads} of ${member.capacity} open handoffs)`;
  }
  return undefined;
}

function describeTurn(member: PoolMember, served: Map<string, number>): string {
  const count = served.get(member.ownerId) ?? 0;
  const weight = member.weight === 1 ? '' : `, weight ${member.weight}`;
  return `not next in turn (${count} served${weight})`;
}

function byOwnerId(a: PoolMember, b: PoolMember): number {
  return a.ownerId.localeCompare(b.ownerId, 'en', { numeric: true });
}
