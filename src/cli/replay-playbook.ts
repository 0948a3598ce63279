import type { HandoffDecision, Playbook, RoutingState } from '../handoff';
import { decideLeads, readRoutingState } from '../decisions/decide-in-order';
import type { LeadContext } from '../lead-context/gather-lead-context';
import { ownerNameOf } from '../lead-context/owner-directory';
import { loadPlaybookHistory } from '../playbooks/playbook-history';
import type { CommandContext } from './handoff-commands';

/** One side of a comparison: what a playbook decides for the lead. */
export interface ReplaySide {
  status: string;
  ownerId: string | null;
  ownerName?: string | null;
  /** The pool the owner came from; null for an existing or named owner, or no owner. */
  poolId?: string | null;
  /** The routing rule that chose the pool or owner; null when the status default applied. */
  rule?: string | null;
}

export type ChangeKind = 'status' | 'pool' | 'owner';

export interface ReplayChange {
  contactId: string;
  /** What the change causes, in the order a reader checks it. */
  kinds?: ChangeKind[];
  /** The version that decided the lead, deciding it again now. */
  before: ReplaySide;
  /** The candidate, on the same inputs and the same round-robin position. */
  after: ReplaySide & { reason: string };
}

export interface ReplayResult {
  compared: number;
  /** Stored decisions whose contact is gone from HubSpot. */
  skipped: number;
  changes: ReplayChange[];
  /** Leads per deciding version (`pb-…` id and label). */
  versions?: Array<{ id: string; label: string; leads: number }>;
  /** Decisions without a version id whose version was inferred from when they were decided. */
  inferred?: number;
}

/**
 * What a candidate playbook would change over the last `last` stored decisions. Each lead is read
 * again from HubSpot once and decided twice, by the version that decided it and by the candidate,
 * on the same inputs, from the same round-robin state and open-lead counts (the ones stored now,
 * not advanced lead by lead). An unchanged playbook therefore reports 0 changes, and a change
 * reports only what it causes: another status, another pool or rule, or an owner who is no longer
 * eligible. Which member of a new pool would get the lead is the next turn in that pool now.
 */
export async function replayPlaybook(
  context: CommandContext,
  candidate: Playbook,
  last: number,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ReplayResult> {
  const { store, portalId } = context;
  const ordered = (await store.decisions.list({ portalId, limit: last })).reverse();
  const history =
    context.history ??
    (await loadPlaybookHistory(store, portalId, { playbook: context.playbook, label: 'HANDOFF_CONFIG' }));
  const held = {
    routingState: readRoutingState((await store.decisions.routingState(portalId)).state) ?? {},
    openLeadsByOwner: await store.decisions.openLeadsByOwner(portalId),
    now: context.now ?? Date.now,
  };
  const result: ReplayResult = { compared: 0, skipped: 0, changes: [], versions: [], inferred: 0 };
  const leadsPerVersion = new Map<string, { id: string; label: string; leads: number }>();
  for (let start = 0; start < ordered.length; start += 100) {
    const chunk = ordered.slice(start, start + 100);
    const order = chunk.map((decision) => decision.contactId);
    const lead = await context.loader.load(order);
    const present = new Set(lead.contacts.map((contact) => contact.id));
    const candidates = decideHeld(lead, order, candidate, held);
    // Each deciding version decides the whole chunk once (a chunk rarely spans more than two).
    const byVersion = new Map<string, Map<string, HandoffDecision>>();
    for (const stored of chunk) {
      if (!present.has(stored.contactId)) {
        result.skipped += 1;
        continue;
      }
      const { known, exact } = history.deciding(stored);
      if (!exact) result.inferred = (result.inferred ?? 0) + 1;
      const tally = leadsPerVersion.get(known.id) ?? { id: known.id, label: known.label, leads: 0 };
      leadsPerVersion.set(known.id, { ...tally, leads: tally.leads + 1 });
      let baseline = byVersion.get(known.id);
      if (!baseline) {
        baseline = decideHeld(lead, order, known.playbook, held);
        byVersion.set(known.id, baseline);
      }
      const before = baseline.get(stored.contactId);
      const after = candidates.get(stored.contactId);
      if (!before || !after) continue;
      result.compared += 1;
      const change = compare(stored.contactId, before, after, lead);
      if (change) result.changes.push(change);
    }
    onProgress(Math.min(start + chunk.length, ordered.length), ordered.length);
  }
  result.versions = [...leadsPerVersion.values()];
  return result;
}

interface Held {
  routingState: RoutingState;
  openLeadsByOwner: Record<string, number>;
  now: () => number;
}

/** Decisions of the chunk in order (duplicates look at earlier contacts), each from the held state. */
function decideHeld(
  lead: LeadContext,
  order: readonly string[],
  playbook: Playbook,
  held: Held,
): Map<string, HandoffDecision> {
  const decisions = new Map<string, HandoffDecision>();
  for (const result of decideLeads(lead, order, { ...held, playbook, holdRoutingState: true })) {
    if ('error' in result) throw new Error(`contact ${result.contactId}: ${result.error}`);
    decisions.set(result.contactId, result.decision);
  }
  return decisions;
}

function side(decision: HandoffDecision, lead: LeadContext): ReplaySide {
  const ownerId = decision.owner?.ownerId ?? null;
  const rule = decision.record.routing.rule;
  return {
    status: decision.status,
    ownerId,
    ownerName: ownerNameOf(lead.owners, ownerId),
    poolId: decision.record.routing.poolId ?? null,
    rule: rule ? rule.name : null,
  };
}

function compare(
  contactId: string,
  beforeDecision: HandoffDecision,
  afterDecision: HandoffDecision,
  lead: LeadContext,
): ReplayChange | undefined {
  const before = side(beforeDecision, lead);
  const after = side(afterDecision, lead);
  const kinds: ChangeKind[] = [];
  if (before.status !== after.status) kinds.push('status');
  if (before.poolId !== after.poolId || before.rule !== after.rule) kinds.push('pool');
  if (before.ownerId !== after.ownerId) kinds.push('owner');
  if (kinds.length === 0) return undefined;
  return { contactId, kinds, before, after: { ...after, reason: afterDecision.reason } };
}
