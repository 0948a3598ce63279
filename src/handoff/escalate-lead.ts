import { ownerName, type OwnerRecord } from './hubspot-records';
import type { Playbook } from './playbook';
import { describePool, poolMembers, type RoutingState } from './route-lead';
import { pickRoundRobin } from './weighted-round-robin';

export interface EscalationInput {
  contactId: string;
  /** The owner who missed the response time. */
  ownerId: string;
  /** The pool the lead was routed from; escalation reassigns within it. */
  poolId: string | undefined;
  dueAt: number;
  owners: readonly OwnerRecord[];
  openLeadsByOwner: Readonly<Record<string, number>>;
  routingState: RoutingState;
  now: number;
}

export type Escalation =
  | { action: 'reassign'; ownerId: string; reason: string; routingState: RoutingState }
  | { action: 'notify_team_lead'; teamLeadId: string; reason: string }
  | { action: 'none'; reason: string };

/**
 * A missed response time, escalated once by the playbook's rule: the next member of the pool takes
 * the lead (the round robin's turn, skipping the owner who missed it), or the pool's team lead is
 * told. Either way the reason says who missed what, so the rep and the lead see why.
 */
export function escalateLead(input: EscalationInput, playbook: Playbook): Escalation {
  const missed = `no first action by ${new Date(input.dueAt).toISOString()} from ${nameOf(input, input.ownerId)}`;
  const pool = playbook.pools.find((candidate) => candidate.id === input.poolId);
  if (playbook.escalation.action === 'notify_team_lead') {
    const lead = input.poolId ? playbook.escalation.teamLeads[input.poolId] : undefined;
    if (lead)
      return {
        action: 'notify_team_lead',
        teamLeadId: lead,
        reason: `Escalated to team lead ${nameOf(input, lead)}: ${missed}`,
      };
    return { action: 'none', reason: `Not escalated: ${missed}, and no team lead is set for this pool` };
  }
  if (!pool) return { action: 'none', reason: `Not escalated: ${missed}, and the lead came from no pool` };
  const members = poolMembers(pool, input).filter((member) => member.ownerId !== input.ownerId);
  const pick = pickRoundRobin({
    members,
    state: input.routingState[pool.id],
    now: input.now,
    key: `${input.contactId}:escalation`,
  });
  if (pick.ownerId === undefined) {
    return {
      action: 'none',
      reason: `Not escalated: ${missed}, and nobody else in ${describePool(pool)} can take it`,
    };
  }
  return {
    action: 'reassign',
    ownerId: pick.ownerId,
    reason: `Escalated: ${missed}; reassigned to ${nameOf(input, pick.ownerId)} (round robin in ${describePool(pool)})`,
    routingState: { ...input.routingState, [pool.id]: pick.state },
  };
}

function nameOf(input: Pick<EscalationInput, 'owners'>, id: string): string {
  return ownerName(
    input.owners.find((owner) => owner.id === id),
    id,
  );
}
