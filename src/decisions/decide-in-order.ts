import { z } from 'zod';
import { describeError } from '../errors';
import { decideHandoff, type HandoffDecision, type Playbook, type RoutingState } from '../handoff';
import type { HubSpotRecord } from '../handoff/hubspot-records';
import type { LeadContext } from '../lead-context/gather-lead-context';

/** Round-robin state as stored, checked where it is read: rows outlive deploys. */
const routingStateSchema = z.record(
  z.object({
    members: z.record(z.object({ served: z.number() })),
    recent: z.array(z.object({ key: z.string(), ownerId: z.string() })),
  }),
);

/** The stored state, or undefined when a row written by another release no longer parses. */
export function readRoutingState(stored: unknown): RoutingState | undefined {
  const parsed = routingStateSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}

export type LeadResult =
  { contactId: string; decision: HandoffDecision } | { contactId: string; error: string };

export interface DecideLeadsOptions {
  playbook: Playbook;
  routingState: RoutingState;
  openLeadsByOwner: Record<string, number>;
  now: () => number;
  /**
   * Decide every lead from the given round-robin state and open-lead counts instead of carrying
   * them from one lead to the next: a dry run compares two playbooks lead by lead with the
   * rotation held where it was, so only pool and eligibility changes can move an owner.
   */
  holdRoutingState?: boolean;
}

/**
 * Decides the loaded contacts in the given order, as one run: each decision sees the round-robin
 * state and open-lead counts the earlier ones left. The app, `explain` and `replay` all decide
 * through here, so they cannot disagree.
 */
export function* decideLeads(context: LeadContext, order: readonly string[], options: DecideLeadsOptions) {
  const contacts = new Map(context.contacts.map((contact) => [contact.id, contact]));
  const position = new Map(order.map((id, index) => [id, index]));
  // Two new contacts of one person in one run: the earlier is the lead, the later its duplicate,
  // never both duplicates of each other.
  const earlierOnly = (contactId: string, others: readonly HubSpotRecord[]) =>
    others.filter((other) => (position.get(other.id) ?? -1) < (position.get(contactId) ?? -1));
  const openLeads = { ...options.openLeadsByOwner };
  let routingState = options.routingState;
  for (const contactId of order) {
    const contact = contacts.get(contactId);
    if (!contact) continue;
    let decision: HandoffDecision;
    try {
      decision = decideHandoff(
        {
          contact,
          companies: context.companiesByContact.get(contactId) ?? [],
          otherContacts: earlierOnly(contactId, context.otherContactsByContact.get(contactId) ?? []),
          owners: context.owners,
          openLeadsByOwner: openLeads,
          routingState,
        },
        options.playbook,
        options.now(),
      );
    } catch (error) {
      yield { contactId, error: `decision failed: ${describeError(error)}` } as LeadResult;
      continue;
    }
    if (options.holdRoutingState) {
      yield { contactId, decision } as LeadResult;
      continue;
    }
    routingState = decision.routingState;
    if (decision.owner) openLeads[decision.owner.ownerId] = (openLeads[decision.owner.ownerId] ?? 0) + 1;
    yield { contactId, decision } as LeadResult;
  }
}
