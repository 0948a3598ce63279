import { z } from 'zod';
import { hubspotLeadProperties } from '../handoff/hubspot-lead';
import type { Playbook } from '../handoff/playbook';
import type { HubSpotCrm } from '../hubspot/crm';
import { createLeads, leadsOfContacts, type NewLead } from '../hubspot/lead-requests';
import type { Logger } from '../log';
import { HubSpotValidationError } from '../hubspot/hubspot-errors';
import { firstRefusal } from '../hubspot/batch-errors';
import { defineJob, type JobResult, type RegisteredJob } from '../queue/job';
import type { Store, StoredDecision } from '../store/store';
import { CREATE_LEAD, createLeadPayload } from '../jobs/job-names';

/**
 * One HubSpot lead (Leads object, `0-136`) per handed-off contact and round, when the playbook's
 * Leads option is on: the `create-lead` job, enqueued in the decision's own transaction. Creation is
 * not idempotent in HubSpot, so the handler looks before it creates: a contact that already has a
 * lead (this job's earlier attempt whose answer was lost, or a lead a rep made) gets none.
 */
export interface CreateLeadsDeps {
  store: Store;
  log: Logger;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  playbookFor: (portalId: number) => Promise<Playbook>;
}

export function createLeadJobHandler(deps: CreateLeadsDeps): RegisteredJob {
  return defineJob({
    name: CREATE_LEAD,
    schema: createLeadPayload,
    handler: async (jobs, { portalId }) => {
      const outcomes = new Map<number, JobResult>();
      const wanted = new Map<string, number[]>();
      for (const job of jobs)
        wanted.set(job.payload.contactId, [...(wanted.get(job.payload.contactId) ?? []), job.id]);
      const settle = (contactId: string, outcome: JobResult) => {
        for (const id of wanted.get(contactId) ?? []) outcomes.set(id, outcome);
      };
      const playbook = await deps.playbookFor(portalId);
      const decisions = await deps.store.decisions.latest(portalId, [...wanted.keys()]);
      // The option turned off since, or no owner any more: nothing to create.
      const due = [...wanted.keys()].filter(
        (id) => playbook.stages.leadsObject.enabled && decisions.get(id)?.ownerId,
      );
      for (const id of wanted.keys()) if (!due.includes(id)) settle(id, { ok: true });
      if (due.length === 0) return outcomes;
      try {
        const crm = await deps.crm(portalId);
        const existing = await leadsOfContacts(crm, due);
        const missing = due.filter((id) => (existing.get(id) ?? []).length === 0);
        if (missing.length > 0) {
          const created = await createLeads(
            crm,
            missing.map((id) => newLead(decisions.get(id) as StoredDecision, playbook)),
          );
          const refused = firstRefusal(created);
          if (refused !== undefined)
            throw new HubSpotValidationError({
              portalId,
              endpoint: 'objects.batch.create leads',
              hubspotMessage: refused || 'a lead was refused',
            });
          deps.log.info({ portalId, created: created.results.length }, 'HubSpot leads created');
        }
        for (const id of due) settle(id, { ok: true });
      } catch (error) {
        // Retried by kind: the next attempt reads the contacts' leads first and creates only what is missing.
        for (const id of due) settle(id, { ok: false, error });
      }
      return outcomes;
    },
  });
}

const recordInputs = z.object({ email: z.string().optional(), company: z.string().optional() }).partial();

function newLead(decision: StoredDecision, playbook: Playbook): NewLead {
  const inputs = recordInputs.safeParse((decision.record as { inputs?: unknown } | null)?.inputs);
  return {
    contactId: decision.contactId,
    companyId: decision.companyId,
    properties: hubspotLeadProperties(
      {
        contactId: decision.contactId,
        ownerId: decision.ownerId as string,
        priority: decision.priority,
        ...(inputs.success ? inputs.data : {}),
      },
      playbook.stages.leadsObject,
    ),
  };
}
