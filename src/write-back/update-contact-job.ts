import { z } from 'zod';
import type { HubSpotCrm } from '../hubspot/crm';
import { contactUpdateRefusals } from '../hubspot/batch-errors';
import { defineJob, type JobResult, type RegisteredJob } from '../queue/job';
import { UPDATE_CONTACT } from '../jobs/job-names';

export const updateContactPayload = z.object({
  contactId: z.string().min(1),
  properties: z.record(z.string(), z.string()),
});

/**
 * Sets contact properties decided elsewhere and already recorded in the store (an escalation's new
 * owner and reason). Setting the same values twice is harmless, so a retry after a lost answer is
 * safe; the store change it reflects was committed before this job existed.
 */
export function updateContactJob(deps: { crm: (portalId: number) => Promise<HubSpotCrm> }): RegisteredJob {
  return defineJob({
    name: UPDATE_CONTACT,
    schema: updateContactPayload,
    handler: async (jobs, { portalId }) => {
      const outcomes = new Map<number, JobResult>();
      const byContact = new Map<string, Record<string, string>>();
      for (const job of jobs) {
        byContact.set(job.payload.contactId, {
          ...byContact.get(job.payload.contactId),
          ...job.payload.properties,
        });
      }
      try {
        const crm = await deps.crm(portalId);
        const updated = await crm.batchUpdate(
          'contacts',
          [...byContact].map(([id, properties]) => ({ id, properties })),
        );
        const refused = contactUpdateRefusals(portalId, updated);
        for (const job of jobs) {
          const error = refused.get(job.payload.contactId);
          outcomes.set(job.id, error === undefined ? { ok: true } : { ok: false, error });
        }
      } catch (error) {
        for (const job of jobs) outcomes.set(job.id, { ok: false, error });
      }
      return outcomes;
    },
  });
}
