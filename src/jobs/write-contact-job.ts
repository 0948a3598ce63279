import type { Playbook } from '../handoff';
import { isLeadStage } from '../handoff/lead-stages';
import { leadStatusFor } from '../handoff/stage-properties';
import type { HubSpotCrm } from '../hubspot/crm';
import { HubSpotValidationError } from '../hubspot/errors';
import type { Logger } from '../log';
import { defineJob, type JobOutcome, type RegisteredJob } from '../queue/job';
import type { Store, StoredDecision } from '../store/store';
import { handoffTaskJob } from './handoff-task';
import { WRITE_CONTACT, writeContactPayload } from './job-names';
import type { LeadStatusOptions } from './lead-status-options';
import { playbookOf, type PlaybookSource } from './portal-playbook';

export interface WriteContactDeps extends PlaybookSource {
  store: Store;
  log: Logger;
  now: () => number;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  /** The portal's `hs_lead_status` options; without it the status is left alone. */
  leadStatusOptions?: LeadStatusOptions;
}

/**
 * Writes decisions' properties to their contacts: one batch update for the whole batch of jobs.
 * That is its only side effect. When HubSpot confirms it, the write is recorded and the task job is
 * enqueued in the same transaction, so a failing task create never rewrites the contact, and a
 * write repeated after a lost answer sets the same values again (harmless).
 */
export function writeContactJob(deps: WriteContactDeps): RegisteredJob {
  return defineJob({
    name: WRITE_CONTACT,
    schema: writeContactPayload,
    handler: async (jobs, { portalId }) => {
      const outcomes = new Map<number, JobOutcome>();
      const latest = await deps.store.latestDecisions(
        portalId,
        jobs.map((job) => job.payload.contactId),
      );
      const pending: Array<{ jobId: number; decision: StoredDecision }> = [];
      for (const job of jobs) {
        const decision = latest.get(job.payload.contactId);
        // A later round supersedes this one; a written round only needs its task job (idempotent).
        if (!decision || decision.round !== job.payload.round) outcomes.set(job.id, { ok: true });
        else if (decision.writtenAt !== null)
          outcomes.set(job.id, { ok: true, commit: enqueueTask(deps, decision) });
        else pending.push({ jobId: job.id, decision });
      }
      if (pending.length === 0) return outcomes;
      const crm = await deps.crm(portalId);
      try {
        const leadStatus = await leadStatusWriter(deps, await playbookOf(deps, portalId), portalId, crm);
        const updated = await crm.batchUpdate(
          'contacts',
          pending.map(({ decision }) => ({
            id: decision.contactId,
            properties: { ...decision.properties, ...leadStatus(decision.properties.handoff_stage) },
          })),
        );
        const refused = new Map(
          updated.errors.flatMap((error) =>
            (error.context?.ids ?? []).map((id) => [id, error.message] as const),
          ),
        );
        for (const { jobId, decision } of pending) {
          const message = refused.get(decision.contactId);
          outcomes.set(
            jobId,
            message === undefined
              ? { ok: true, commit: recordWritten(deps, decision) }
              : {
                  ok: false,
                  error: new HubSpotValidationError({
                    portalId,
                    endpoint: 'objects.batch.update',
                    hubspotMessage: `contact ${decision.contactId}: ${message}`,
                  }),
                },
          );
        }
      } catch (error) {
        for (const { jobId } of pending) outcomes.set(jobId, { ok: false, error });
      }
      return outcomes;
    },
  });
}

function recordWritten(deps: WriteContactDeps, decision: StoredDecision) {
  return async (tx: Store): Promise<void> => {
    await tx.markDecisionsWritten([decision.id], deps.now());
    await enqueueTask(deps, decision)(tx);
  };
}

function enqueueTask(deps: WriteContactDeps, decision: StoredDecision) {
  return async (tx: Store): Promise<void> => {
    const task = handoffTaskJob(decision, await playbookOf(deps, decision.portalId), deps.now());
    if (task) await tx.enqueueJob(task, deps.now());
  };
}

/**
 * `hs_lead_status` for a decision's first stage, read from the portal's options (cached) only when
 * the playbook lets the status follow: it rides on the decision's update, so it costs no write.
 */
async function leadStatusWriter(
  deps: WriteContactDeps,
  playbook: Playbook,
  portalId: number,
  crm: HubSpotCrm,
): Promise<(stage: string | undefined) => { hs_lead_status?: string }> {
  const settings = playbook.stages.leadStatus;
  if (!settings.enabled || !deps.leadStatusOptions) return () => ({});
  const options = await deps.leadStatusOptions.forPortal(portalId, crm);
  return (stage) => {
    const status = stage && isLeadStage(stage) ? leadStatusFor(stage, settings.byStage, options) : undefined;
    return status ? { hs_lead_status: status } : {};
  };
}
