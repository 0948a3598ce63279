import type { HandoffDecision, Playbook, RoutingState } from '../handoff';
import { decideLeads, readRoutingState } from '../jobs/decide-leads';
import type { LeadContextLoader } from '../jobs/gather-lead-context';
import type { Store, StoredDecision } from '../store/store';
import { formatDecision } from './format-decision';

/** What `explain` and `replay` read: the portal's store and its HubSpot reads. */
export interface CommandContext {
  store: Store;
  portalId: number;
  playbook: Playbook;
  loader: LeadContextLoader;
  now?: () => number;
}

/** Decides contacts in order, as the running app does (same round robin, same duplicate rule). */
async function decideAll(
  context: CommandContext,
  contactIds: string[],
  playbook: Playbook,
  routingState: RoutingState,
): Promise<{ decisions: HandoffDecision[]; missing: string[]; routingState: RoutingState }> {
  const lead = await context.loader.load(contactIds);
  const decisions: HandoffDecision[] = [];
  let state = routingState;
  for (const result of decideLeads(lead, contactIds, {
    playbook,
    routingState,
    openLeadsByOwner: await context.store.openLeadsByOwner(context.portalId),
    now: context.now ?? Date.now,
  })) {
    if ('error' in result) throw new Error(`contact ${result.contactId}: ${result.error}`);
    state = result.decision.routingState;
    decisions.push(result.decision);
  }
  return { decisions, missing: lead.missing, routingState: state };
}

export interface Explanation {
  decision: HandoffDecision | null;
  stored: StoredDecision | null;
  text: string;
}

/** The full decision for one contact, read live and decided now, without writing anything. */
export async function explainContact(context: CommandContext, contactId: string): Promise<Explanation> {
  const stored = (await context.store.latestDecisions(context.portalId, [contactId])).get(contactId) ?? null;
  const routing = readRoutingState((await context.store.getRoutingState(context.portalId)).state) ?? {};
  const { decisions } = await decideAll(context, [contactId], context.playbook, routing);
  const decision = decisions[0] ?? null;
  if (!decision) {
    return {
      decision,
      stored,
      text: `Contact ${contactId} is not in portal ${context.portalId} (deleted, merged or never existed).`,
    };
  }
  const storedText = stored
    ? `Stored decision (${new Date(stored.decidedAt).toISOString()}): ${stored.status}, owner ${stored.ownerId ?? 'none'}\n  ${stored.reason}`
    : 'No stored decision yet: Handoff has not handled this contact.';
  return { decision, stored, text: `${formatDecision(decision)}\n\n${storedText}` };
}

export interface ReplayChange {
  contactId: string;
  before: { status: string; ownerId: string | null };
  after: { status: string; ownerId: string | null; reason: string };
}

export interface ReplayResult {
  compared: number;
  /** Stored decisions whose contact is gone from HubSpot. */
  skipped: number;
  changes: ReplayChange[];
}

/**
 * What a candidate playbook would change over the last `last` stored decisions: each contact is
 * read again (batches of 100) and decided with the candidate, oldest first, the round robin
 * starting fresh; differences in status or owner are reported.
 */
export async function replayPlaybook(
  context: CommandContext,
  candidate: Playbook,
  last: number,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ReplayResult> {
  const ordered = (await context.store.listDecisions({ portalId: context.portalId, limit: last })).reverse();
  const result: ReplayResult = { compared: 0, skipped: 0, changes: [] };
  let state: RoutingState = {};
  for (let start = 0; start < ordered.length; start += 100) {
    const chunk = ordered.slice(start, start + 100);
    const decided = await decideAll(
      context,
      chunk.map((decision) => decision.contactId),
      candidate,
      state,
    );
    state = decided.routingState;
    const byId = new Map(decided.decisions.map((decision) => [decision.contactId, decision]));
    for (const before of chunk) {
      const after = byId.get(before.contactId);
      if (!after) {
        result.skipped += 1;
        continue;
      }
      result.compared += 1;
      const ownerId = after.owner?.ownerId ?? null;
      if (after.status !== before.status || ownerId !== before.ownerId) {
        result.changes.push({
          contactId: before.contactId,
          before: { status: before.status, ownerId: before.ownerId },
          after: { status: after.status, ownerId, reason: after.reason },
        });
      }
    }
    onProgress(Math.min(start + chunk.length, ordered.length), ordered.length);
  }
  return result;
}
