import type { HandoffDecision, OwnerRecord, Playbook, RoutingState } from '../handoff';
import { ownerNameOf } from '../lead-context/owner-directory';
import { decideLeads, readRoutingState } from '../decisions/decide-in-order';
import type { LeadContextLoader } from '../lead-context/gather-lead-context';
import type { PlaybookHistory } from '../playbooks/playbook-history';
import type { Store, StoredDecision } from '../store/store';
import { formatDecision } from './format-decision';

/** What `explain` and `replay` read: the portal's store and its HubSpot reads. */
export interface CommandContext {
  store: Store;
  portalId: number;
  playbook: Playbook;
  loader: LeadContextLoader;
  now?: () => number;
  /** The portal's playbooks by version id (saved ones and the fallback); read from the store when absent. */
  history?: PlaybookHistory;
}

/** Decides contacts in order, as the running app does (same round robin, same duplicate rule). */
async function decideAll(
  context: CommandContext,
  contactIds: string[],
  playbook: Playbook,
  routingState: RoutingState,
): Promise<{
  decisions: HandoffDecision[];
  missing: string[];
  routingState: RoutingState;
  owners: OwnerRecord[];
}> {
  const lead = await context.loader.load(contactIds);
  const decisions: HandoffDecision[] = [];
  let state = routingState;
  for (const result of decideLeads(lead, contactIds, {
    playbook,
    routingState,
    openLeadsByOwner: await context.store.decisions.openLeadsByOwner(context.portalId),
    now: context.now ?? Date.now,
  })) {
    if ('error' in result) throw new Error(`contact ${result.contactId}: ${result.error}`);
    state = result.decision.routingState;
    decisions.push(result.decision);
  }
  return { decisions, missing: lead.missing, routingState: state, owners: lead.owners };
}

export interface Explanation {
  decision: HandoffDecision | null;
  stored: StoredDecision | null;
  text: string;
}

/** The full decision for one contact, read live and decided now, without writing anything. */
export async function explainContact(context: CommandContext, contactId: string): Promise<Explanation> {
  const stored = (await context.store.decisions.latest(context.portalId, [contactId])).get(contactId) ?? null;
  const routing =
    readRoutingState((await context.store.decisions.routingState(context.portalId)).state) ?? {};
  const { decisions, owners } = await decideAll(context, [contactId], context.playbook, routing);
  const decision = decisions[0] ?? null;
  if (!decision) {
    return {
      decision,
      stored,
      text: `Contact ${contactId} is not in portal ${context.portalId} (deleted, merged or never existed).`,
    };
  }
  const storedText = stored
    ? [
        `Stored decision (${new Date(stored.decidedAt).toISOString()}, playbook ${stored.playbookVersion ?? 'version not recorded'}, ${(stored.indexVersion ?? null) === null ? 'matched by search' : `CRM index version ${stored.indexVersion}`}):`,
        `  ${stored.status}, owner ${ownerNameOf(owners, stored.ownerId) ?? 'none'}`,
        `  ${stored.reason}`,
      ].join('\n')
    : 'No stored decision yet: Handoff has not handled this contact.';
  return { decision, stored, text: `${formatDecision(decision, owners)}\n\n${storedText}` };
}

export { replayPlaybook } from './replay-playbook';
export type { ChangeKind, ReplayChange, ReplayResult, ReplaySide } from './replay-playbook';
