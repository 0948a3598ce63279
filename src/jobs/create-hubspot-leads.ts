import { z } from 'zod';
import { describeError } from '../errors';
import { hubspotLeadProperties } from '../handoff/hubspot-lead';
import type { Playbook } from '../handoff/playbook';
import { ASSOCIATION_TYPE_IDS, type AssociationForCreate, type HubSpotCrm } from '../hubspot/crm';
import type { Logger } from '../log';
import type { EventOutcome } from '../queue/event-handler';
import type { NewEvent, Store, StoredDecision, StoredEvent } from '../store/store';

/**
 * One HubSpot lead (Leads object, `0-136`) per handed-off contact and round, when the playbook's
 * Leads option is on. A job is a name, a payload schema and a handler (so it can move onto a job
 * table unchanged); for now it rides on the event queue like the write-back. Creation is not
 * idempotent in HubSpot, so the handler looks before it creates: a contact that already has a lead
 * (this job's earlier attempt whose answer was lost, or a lead a rep made) gets none.
 */
export const CREATE_LEAD_JOB = {
  name: 'handoff.lead',
  schema: z.object({ contactId: z.string().regex(/^\d+$/), round: z.number().int().min(1) }),
};

export function createLeadEvent(portalId: number, contactId: string, round: number, now: number): NewEvent {
  return {
    portalId,
    eventKey: `${CREATE_LEAD_JOB.name}:${portalId}:${contactId}:${round}`,
    subscriptionType: CREATE_LEAD_JOB.name,
    objectTypeId: '0-1',
    objectId: Number(contactId),
    occurredAt: now,
    payload: { contactId, round },
  };
}

export interface CreateLeadsDeps {
  store: Store;
  log: Logger;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  playbookFor: (portalId: number) => Promise<Playbook>;
}

export function createHubSpotLeads(deps: CreateLeadsDeps) {
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventOutcome>> => {
    const outcomes = new Map<number, EventOutcome>();
    const wanted = new Map<string, StoredEvent[]>();
    for (const event of events) {
      const payload = CREATE_LEAD_JOB.schema.safeParse(event.payload);
      if (!payload.success) {
        outcomes.set(event.id, { ok: false, error: `bad ${CREATE_LEAD_JOB.name} payload`, retryable: false });
        continue;
      }
      wanted.set(payload.data.contactId, [...(wanted.get(payload.data.contactId) ?? []), event]);
    }
    const settle = (contactId: string, outcome: EventOutcome) => {
      for (const event of wanted.get(contactId) ?? []) outcomes.set(event.id, outcome);
    };
    const playbook = await deps.playbookFor(portalId);
    const decisions = await deps.store.latestDecisions(portalId, [...wanted.keys()]);
    // The option turned off since, or no owner any more: nothing to create.
    const due = [...wanted.keys()].filter(
      (id) => playbook.stages.leadsObject.enabled && decisions.get(id)?.ownerId,
    );
    for (const id of wanted.keys()) if (!due.includes(id)) settle(id, { ok: true });
    if (due.length === 0) return outcomes;
    try {
      const crm = await deps.crm(portalId);
      const existing = await crm.readAssociationsBatch('contacts', 'leads', due);
      const missing = due.filter((id) => (existing.get(id) ?? []).length === 0);
      if (missing.length > 0) {
        const created = await crm.batchCreate(
          'leads',
          missing.map((id) => leadInput(decisions.get(id) as StoredDecision, playbook)),
        );
        if (created.errors.length > 0)
          throw new Error(`HubSpot refused a lead: ${created.errors[0]?.message}`);
        deps.log.info({ portalId, created: created.results.length }, 'HubSpot leads created');
      }
      for (const id of due) settle(id, { ok: true });
    } catch (error) {
      // Retried: the next attempt reads the contacts' leads first and creates only what is missing.
      const retryAfterMs = (error as { retryAfterMs?: number | null }).retryAfterMs ?? undefined;
      for (const id of due)
        settle(id, { ok: false, error: describeError(error), retryable: true, retryAfterMs });
    }
    return outcomes;
  };
}

const recordInputs = z.object({ email: z.string().optional(), company: z.string().optional() }).partial();

function leadInput(decision: StoredDecision, playbook: Playbook) {
  const inputs = recordInputs.safeParse((decision.record as { inputs?: unknown } | null)?.inputs);
  const associations: AssociationForCreate[] = [
    association(decision.contactId, ASSOCIATION_TYPE_IDS.leadToPrimaryContact),
  ];
  if (decision.companyId)
    associations.push(association(decision.companyId, ASSOCIATION_TYPE_IDS.leadToCompany));
  return {
    properties: hubspotLeadProperties(
      {
        contactId: decision.contactId,
        ownerId: decision.ownerId as string,
        priority: decision.priority,
        ...(inputs.success ? inputs.data : {}),
      },
      playbook.stages.leadsObject,
    ),
    associations,
  };
}

function association(id: string, associationTypeId: number): AssociationForCreate {
  return { to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }] };
}
