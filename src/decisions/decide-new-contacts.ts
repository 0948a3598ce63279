import type { HandoffDecision, Playbook } from '../handoff';
import { advanceStage, type StageEntry } from '../handoff/lead-stages';
import { stageProperties } from '../handoff/stage-properties';
import { withSecondChanceReason } from '../handoff/second-chance';
import { decisionStageEvent } from '../handoff/stage-triggers';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { EventResult } from '../queue/event-handler';
import type { Store, StoredEvent } from '../store/store';
import { decideLeads, readRoutingState } from './decide-in-order';
import type { LeadContext } from '../lead-context/gather-lead-context';
import { createLeadJob, writeContactJob } from '../jobs/job-names';

export interface DecideDeps {
  store: Store;
  playbook: Playbook;
  /** The portal's own playbook when it saved one on the admin page; `playbook` otherwise. */
  playbookFor?: (portalId: number) => Promise<Playbook>;
  log: Logger;
  now: () => number;
  /** Where pool fallbacks are counted (CONTRACT §6 alerts). */
  metrics?: Pick<Metrics, 'routingFallbacks'>;
  /** The portal's HubSpot reads for a batch of contacts, for the properties `playbook` names. */
  loadContext: (portalId: number, contactIds: string[], playbook: Playbook) => Promise<LeadContext>;
}

/**
 * Decides every new contact of a claimed batch (one portal) with batch reads, then hands each
 * decision to the queue's commit: the decision, the round-robin state after it and the write-back
 * job are stored in the same transaction that completes the event. A redelivered event finds the
 * decision already stored and changes nothing.
 */
export function decideNewContacts(deps: DecideDeps) {
  const decide = decideLeadsFor(deps);
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventResult>> =>
    decide(
      events.map((event) => ({
        id: event.id,
        eventKey: event.eventKey,
        contactId: String(event.objectId),
        round: 1,
      })),
      portalId,
    );
}

/** A contact to decide in a round, and what asked for it (a webhook event, or a recycle job). */
export interface LeadToDecide {
  /** The event's or the job's id: the outcome map's key. */
  id: number;
  /** Stored with the decision as its cause. */
  eventKey: string;
  contactId: string;
  round: number;
  /** A second chance (CONTRACT §7): the signal that earned the round opens its reason. */
  reasonOpening?: string;
}

/** Decides a batch of leads of one portal (new contacts in round 1, recycled leads in their next). */
export function decideLeadsFor(deps: DecideDeps) {
  return async (events: LeadToDecide[], portalId: number): Promise<Map<number, EventResult>> => {
    const outcomes = new Map<number, EventResult>();
    const firstEventOf = new Map<string, LeadToDecide>();
    for (const event of events) {
      const contactId = event.contactId;
      if (firstEventOf.has(contactId)) outcomes.set(event.id, { ok: true });
      else firstEventOf.set(contactId, event);
    }
    const decided = await deps.store.decisions.latest(portalId, [...firstEventOf.keys()]);
    const roundOf = new Map<string, { round: number; previousId?: number }>();
    for (const [contactId, event] of firstEventOf) {
      const latest = decided.get(contactId);
      const round = event.round;
      // Decided already in this round (a redelivery, or a recycle queued twice): nothing to do.
      if (latest && latest.round >= round) {
        outcomes.set(event.id, { ok: true });
        firstEventOf.delete(contactId);
        continue;
      }
      roundOf.set(contactId, { round, previousId: latest?.id });
    }
    if (firstEventOf.size === 0) return outcomes;

    // Read once per batch: a playbook saved meanwhile must not give the reads one playbook and
    // the rules another.
    const playbook = deps.playbookFor ? await deps.playbookFor(portalId) : deps.playbook;
    const context = await deps.loadContext(portalId, [...firstEventOf.keys()], playbook);
    for (const contactId of context.missing) {
      const event = firstEventOf.get(contactId) as LeadToDecide;
      deps.log.info(
        { portalId, objectId: event.contactId },
        'contact no longer in HubSpot (deleted or merged): no handoff',
      );
      outcomes.set(event.id, { ok: true });
    }

    const stored = await deps.store.decisions.routingState(portalId);
    const routingState = readRoutingState(stored.state);
    if (!routingState) deps.log.warn({ portalId }, 'stored round-robin state unreadable: starting fresh');
    let version = stored.version;
    const contactsById = new Map(context.contacts.map((contact) => [contact.id, contact]));
    const results = decideLeads(context, [...firstEventOf.keys()], {
      playbook,
      routingState: routingState ?? {},
      openLeadsByOwner: await deps.store.decisions.openLeadsByOwner(portalId),
      now: deps.now,
    });
    for (const result of results) {
      const event = firstEventOf.get(result.contactId) as LeadToDecide;
      if ('error' in result) {
        // The rules are pure: the same input fails the same way, so retrying cannot help.
        outcomes.set(event.id, { ok: false, error: result.error, retryable: false });
        continue;
      }
      const decision = event.reasonOpening
        ? withSecondChanceReason(result.decision, event.reasonOpening)
        : result.decision;
      const expectedVersion = version;
      version += 1;
      const round = roundOf.get(result.contactId) ?? { round: 1 };
      const now = deps.now();
      const stages = decisionStages(decision, round.round, now);
      // The round's first stage rides on the decision's own write-back: no extra HubSpot call.
      const properties = {
        ...propertiesToWrite(decision),
        ...stageProperties({
          entered: stages,
          // Read with CONTACT_PROPERTIES: a lifecycle stage HubSpot left out is empty.
          current: { lifecyclestage: null, ...contactsById.get(result.contactId)?.properties },
          settings: playbook.stages,
          leadStatusOptions: null,
        }),
      };
      outcomes.set(event.id, {
        ok: true,
        commit: commitDecision(
          portalId,
          event,
          decision,
          {
            properties,
            stages,
            // The Leads option: the MQL with an owner also gets a HubSpot lead (its own job).
            createLead: playbook.stages.leadsObject.enabled && stages.some((stage) => stage.stage === 'mql'),
            indexVersion: context.indexVersion ?? null,
          },
          round,
          expectedVersion,
          now,
        ),
      });
      deps.log.info(
        {
          portalId,
          eventId: event.id,
          objectId: event.contactId,
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
  event: LeadToDecide,
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
    {
      portalId,
      eventId: event.id,
      objectId: Number(event.contactId),
      fallback,
      ownerId: decision.owner?.ownerId,
    },
    `pool fallback: ${fallback.detail}; add or free up members of pool "${fallback.poolId}"`,
  );
}

/** HubSpot-ready properties of a decision, with `hubspot_owner_id` when the owner policy allows it. */
export function propertiesToWrite(decision: HandoffDecision): Record<string, string> {
  const properties: Record<string, string> = { ...decision.properties };
  if (decision.setContactOwner && decision.owner) properties.hubspot_owner_id = decision.owner.ownerId;
  return properties;
}

/** The stage the decision starts its round at (`mql`, `disqualified`), or none (nurture). */
function decisionStages(decision: HandoffDecision, round: number, now: number): StageEntry[] {
  const start = decisionStageEvent({
    round,
    status: decision.status,
    ownerId: decision.owner?.ownerId ?? null,
    decidedAt: now,
  });
  return start ? advanceStage({ round: round - 1, stage: null, enteredAt: null }, start) : [];
}

function commitDecision(
  portalId: number,
  event: LeadToDecide,
  decision: HandoffDecision,
  written: {
    properties: Record<string, string>;
    stages: StageEntry[];
    createLead: boolean;
    /** The CRM index version matching read; null when it searched HubSpot. */
    indexVersion: number | null;
  },
  round: { round: number; previousId?: number },
  expectedVersion: number,
  now: number,
) {
  return async (tx: Store): Promise<void> => {
    const id = await tx.decisions.save({
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
      properties: written.properties,
      record: decision.record,
      eventKey: event.eventKey,
      decidedAt: now,
      slaDueAt: decision.slaDueAt ? Date.parse(decision.slaDueAt) : null,
      slaStatus: decision.properties.handoff_sla_status ?? null,
      playbookVersion: decision.record.playbookVersion ?? null,
      indexVersion: written.indexVersion,
    });
    // Another worker decided this contact first: its decision and round-robin step stand.
    if (id === null) return;
    if (!(await tx.decisions.saveRoutingState(portalId, decision.routingState, expectedVersion, now))) {
      throw new Error(
        'round-robin state changed under this batch (another worker routed for this portal); retrying',
      );
    }
    await tx.stages.record(
      written.stages.map((stage) => ({
        portalId,
        contactId: decision.contactId,
        ...stage,
        recordedAt: now,
      })),
    );
    // A recycled lead's earlier round ends here; its record stays for the history.
    if (round.previousId !== undefined) await tx.decisions.close(round.previousId, now);
    await tx.jobs.enqueue(writeContactJob(portalId, decision.contactId, round.round), now);
    if (written.createLead)
      await tx.jobs.enqueue(createLeadJob(portalId, decision.contactId, round.round), now);
  };
}
