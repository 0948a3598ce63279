import { defineJob, type JobResult, type RegisteredJob } from '../queue/job';
import type { EventResult } from '../queue/event-handler';
import type { LeadToDecide } from './decide-new-contacts';
import { RECYCLE_LEAD, recyclePayload } from '../jobs/job-names';

/**
 * Decides recycled leads in their next round, with the same batch reads and rules as new contacts.
 * The round is in the job's key, so a conversion webhook HubSpot repeats queues it once, and the
 * decision's unique (contact, round) makes a retried job decide once.
 */
export function recycleLeadJob(deps: {
  decide: (leads: LeadToDecide[], portalId: number) => Promise<Map<number, EventResult>>;
}): RegisteredJob {
  return defineJob({
    name: RECYCLE_LEAD,
    schema: recyclePayload,
    handler: async (jobs, { portalId }) => {
      const leads = jobs.map((job) => ({
        id: job.id,
        eventKey: job.key,
        contactId: job.payload.contactId,
        round: job.payload.round,
      }));
      const outcomes = new Map<number, JobResult>();
      for (const [id, outcome] of await deps.decide(leads, portalId)) outcomes.set(id, asJobResult(outcome));
      return outcomes;
    },
  });
}

function asJobResult(outcome: EventResult): JobResult {
  if (outcome.ok) return outcome;
  if ('cause' in outcome) return { ok: false, error: outcome.cause };
  // The rules are pure: an input they refuse is refused again on retry.
  return { ok: false, error: new Error(outcome.error), final: !outcome.retryable };
}
