import type { HandoffDecision, Playbook } from '../handoff';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { EventOutcome } from '../queue/event-handler';
import type { NewEvent, Store, StoredEvent } from '../store/store';
import { decideLeads, readRoutingState } from './decide-leads';
import type { LeadContext } from './gather-lead-context';
import { RECYCLE_TYPE } from './recycle-leads';
import { writebackEvent } from './write-back-decisions';

export interface DecideDeps {
  store: Store;
  playbook: Playbook;
  /** The portal's own playbook when it saved one on the admin page; `playbook` otherwise. */
  playbookFor?: (portalId: number) => Promise<Playbook>;
  log: Logger;
  now: () => number;
  /** Where pool fallbacks are counted (CONTRACT §6 alerts). */
  metrics?: Pick<Metrics, 'routingFallbacks'>;
  /** The portal's HubSpot reads for a batch of contacts. */
  loadContext: (portalId: number, contactIds: string[]) => Promise<LeadContext>;
}

/**
 * Decides every new contact of a claimed batch (one portal) with batch reads, then hands each
 * decision to the queue's commit: the decision, the round-robin state after it and the write-back
 * job are stored in the same transaction that completes the event. A redelivered event finds the
 * decision already stored and changes nothing.
 */
export function decideNewContacts(deps: DecideDeps) {
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventOutcome>> => {
    const outcomes = new Map<number, EventOutcome>();
    const firstEventOf = new Map<string, StoredEvent>();
    for (const event of events) {
      const contactId = String(event.objectId);
      if (firstEventOf.has(contactId)) outcomes.set(event.id, { ok: true });
      else firstEventOf.set(contactId, event);
    }
    const decided = await deps.store.latestDecisions(portalId, [...firstEventOf.keys()]);
    const roundOf = new Map<string, { round: number; previousId?: number }>();
    for (const [contactId, event] of firstEventOf) {
      const latest = decided.get(contactId);
      const round = targetRound(event);
      // Decided already in this round (a redelivery, or a recycle queued twice): nothing to do.
      if (latest && latest.round >= round) {
        outcomes.set(event.id, { ok: true });
        firstEventOf.delete(contactId);
        continue;
      }
      roundOf.set(contactId, { round, previousId: latest?.id });
    }
    if (firstEventOf.size === 0) return outcomes;

    const context = await deps.loadContext(portalId, [...firstEventOf.keys()]);
    for (const contactId of context.missing) {
      const event = firstEventOf.get(contactId) as StoredEvent;
      deps.log.info(
        { portalId, objectId: event.objectId },
        'contact no longer in HubSpot (deleted or merged): no handoff',
      );
      outcomes.set(event.id, { ok: true });
    }

    const stored = await deps.store.getRoutingState(portalId);
    const routingState = readRoutingState(stored.state);
    if (!routingState) deps.log.warn({ portalId }, 'stored round-robin state unreadable: starting fresh');
    let version = stored.version;
    const results = decideLeads(context, [...firstEventOf.keys()], {
      playbook: deps.playbookFor ? await deps.playbookFor(portalId) : deps.playbook,
      routingState: routingState ?? {},
      openLeadsByOwner: await deps.store.openLeadsByOwner(portalId),
      now: deps.now,
    });
    for (const result of results) {
      const event = firstEventOf.get(result.contactId) as StoredEvent;
      if ('error' in result) {
        // The rules are pure: the same input fails the same way, so retrying cannot help.
        outcomes.set(event.id, { ok: false, error: result.error, retryable: false });
        continue;
      }
      const { decision } = result;
      const expectedVersion = version;
      version += 1;
      outcomes.set(event.id, {
        ok: true,
        commit: commitDecision(
          portalId,
          event,
          decision,
          roundOf.get(result.contactId) ?? { round: 1 },
          expectedVersion,
          deps.now(),
        ),
      });
      deps.log.info(
        {
          portalId,
          eventId: event.id,
          objectId: event.objectId,
          status: decision.status,
          ownerId: decision.owner?.ownerId,
        },
        decision.reason,
      );
      if (decision.fallback) alertFallback(deps, portalId, event, decision);
    }
    return outcomes;
  };
}

/** CONTRACT §6: a pool that could not place a lead is for RevOps to staff; the admin page lists it too. */
function alertFallback(
  deps: DecideDeps,
  portalId: number,
  event: StoredEvent,
  decision: HandoffDecision,
): void {
  const fallback = decision.fallback;
  if (!fallback) return;
  deps.metrics?.routingFallbacks.inc({
    portal_id: String(portalId),
    kind: fallback.kind,
    pool: fallback.poolId,
  });
  deps.log.warn(
    { portalId, eventId: event.id, objectId: event.objectId, fallback, ownerId: decision.owner?.ownerId },
    `pool fallback: ${fallback.detail}; add or free up members of pool "${fallback.poolId}"`,
  );
}

/** HubSpot-ready properties of a decision, with `hubspot_owner_id` when the owner policy allows it. */
export function propertiesToWrite(decision: HandoffDecision): Record<string, string> {
  const properties: Record<string, string> = { ...decision.properties };
  if (decision.setContactOwner && decision.owner) properties.hubspot_owner_id = decision.owner.ownerId;
  return properties;
}

/** Round 1 for a new contact; a recycled lead's event names its next round. */
function targetRound(event: StoredEvent): number {
  const round = (event.payload as { round?: unknown } | null)?.round;
  return event.subscriptionType === RECYCLE_TYPE && typeof round === 'number' ? round : 1;
}

function commitDecision(
  portalId: number,
  event: StoredEvent,
  decision: HandoffDecision,
  round: { round: number; previousId?: number },
  expectedVersion: number,
  now: number,
) {
  return async (tx: Store): Promise<void> => {
    const id = await tx.saveDecision({
      portalId,
      contactId: decision.contactId,
      round: round.round,
      status: decision.status,
      priority: decision.priority,
      ownerId: decision.owner?.ownerId ?? null,
      match: decision.match,
      companyId: decision.matchedCompanyId ?? null,
      dealId: decision.matchedDealId ?? null,
      reason: decision.reason,
      properties: propertiesToWrite(decision),
      record: decision.record,
      eventKey: event.eventKey,
      decidedAt: now,
      slaDueAt: decision.slaDueAt ? Date.parse(decision.slaDueAt) : null,
      slaStatus: decision.properties.handoff_sla_status ?? null,
      playbookVersion: decision.record.playbookVersion ?? null,
    });
    // Another worker decided this contact first: its decision and round-robin step stand.
    if (id === null) return;
    if (!(await tx.saveRoutingState(portalId, decision.routingState, expectedVersion, now))) {
      throw new Error(
        'round-robin state changed under this batch (another worker routed for this portal); retrying',
      );
    }
    // A recycled lead's earlier round ends here; its record stays for the history.
    if (round.previousId !== undefined) await tx.closeDecision(round.previousId, now);
    const writeback: NewEvent = writebackEvent(portalId, decision.contactId, round.round, now);
    await tx.insertEvents([writeback], now);
  };
}
