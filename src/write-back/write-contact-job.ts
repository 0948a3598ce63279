import type { Playbook } from '../handoff';
import { isLeadStage } from '../handoff/lead-stages';
import { leadStatusFor } from '../handoff/stage-properties';
import type { HubSpotCrm } from '../hubspot/crm';
import { refusedRecordIds } from '../hubspot/error-kind';
import { contactUpdateRefusals } from '../hubspot/batch-errors';
import type { Logger } from '../log';
import { defineJob, type JobResult, type RegisteredJob } from '../queue/job';
import type { Store, StoredDecision } from '../store/store';
import { handoffTaskJob } from './handoff-task';
import { WRITE_CONTACT, writeContactPayload } from '../jobs/job-names';
import type { LeadStatusOptions } from './lead-status-options';
import { playbookOf, type PlaybookSource } from '../playbooks/playbook-source';

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
      const outcomes = new Map<number, JobResult>();
      // Read once per batch: the lead status and every task's reminder follow the same playbook.
      const playbook = await playbookOf(deps, portalId);
      const latest = await deps.store.decisions.latest(
        portalId,
        jobs.map((job) => job.payload.contactId),
      );
      const pending: Array<{ jobId: number; decision: StoredDecision }> = [];
      for (const job of jobs) {
        const decision = latest.get(job.payload.contactId);
        // A later round supersedes this one; a written round only needs its task job (idempotent).
        if (!decision || decision.round !== job.payload.round) outcomes.set(job.id, { ok: true });
        else if (decision.writtenAt !== null)
          outcomes.set(job.id, { ok: true, commit: enqueueTask(deps, playbook, decision) });
        else pending.push({ jobId: job.id, decision });
      }
      if (pending.length === 0) return outcomes;
      const crm = await deps.crm(portalId);
      try {
        const batch: Batch = {
          portalId,
          playbook,
          leadStatus: await leadStatusWriter(deps, playbook, portalId, crm),
        };
        let sending = pending;
        // Each refusal that names its contacts sets them aside; the rest go again at once.
        while (sending.length > 0) {
          const named = await writeBatch(deps, crm, sending, batch, outcomes);
          if (named.length === 0) break;
          sending = sending.filter(({ jobId }) => !outcomes.has(jobId));
        }
      } catch (error) {
        for (const { jobId } of pending) if (!outcomes.has(jobId)) outcomes.set(jobId, { ok: false, error });
      }
      return outcomes;
    },
  });
}

type LeadStatusWriter = (stage: string | undefined) => { hs_lead_status?: string };

/** What every write of one job batch shares. */
interface Batch {
  portalId: number;
  playbook: Playbook;
  leadStatus: LeadStatusWriter;
}

/**
 * One batch update; sets the outcome of each job it settles. A 400 naming some of the contacts
 * fails only their jobs (retrying them unchanged fails again) and returns their ids, leaving the
 * others unsettled for the caller to send again; any other error is thrown for the whole batch.
 */
async function writeBatch(
  deps: WriteContactDeps,
  crm: HubSpotCrm,
  pending: Array<{ jobId: number; decision: StoredDecision }>,
  batch: Batch,
  outcomes: Map<number, JobResult>,
): Promise<string[]> {
  let updated: Awaited<ReturnType<HubSpotCrm['batchUpdate']>>;
  try {
    updated = await crm.batchUpdate(
      'contacts',
      pending.map(({ decision }) => ({
        id: decision.contactId,
        properties: { ...decision.properties, ...batch.leadStatus(decision.properties.handoff_stage) },
      })),
    );
  } catch (error) {
    const named = new Set(refusedRecordIds(error));
    const refused = pending.filter(({ decision }) => named.has(decision.contactId));
    // Naming none, or all of what was sent: the batch itself is at fault.
    if (refused.length === 0 || refused.length === pending.length) throw error;
    for (const { jobId } of refused) outcomes.set(jobId, { ok: false, error });
    return [...named];
  }
  const refused = contactUpdateRefusals(batch.portalId, updated);
  for (const { jobId, decision } of pending) {
    const error = refused.get(decision.contactId);
    outcomes.set(
      jobId,
      error === undefined
        ? { ok: true, commit: recordWritten(deps, batch.playbook, decision) }
        : { ok: false, error },
    );
  }
  return [];
}

function recordWritten(deps: WriteContactDeps, playbook: Playbook, decision: StoredDecision) {
  return async (tx: Store): Promise<void> => {
    await tx.decisions.markWritten([decision.id], deps.now());
    await enqueueTask(deps, playbook, decision)(tx);
  };
}

function enqueueTask(deps: WriteContactDeps, playbook: Playbook, decision: StoredDecision) {
  return async (tx: Store): Promise<void> => {
    const task = handoffTaskJob(decision, playbook, deps.now());
    if (task) await tx.jobs.enqueue(task, deps.now());
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
): Promise<LeadStatusWriter> {
  const settings = playbook.stages.leadStatus;
  if (!settings.enabled || !deps.leadStatusOptions) return () => ({});
  const options = await deps.leadStatusOptions.forPortal(portalId, crm);
  return (stage) => {
    const status = stage && isLeadStage(stage) ? leadStatusFor(stage, settings.byStage, options) : undefined;
    return status ? { hs_lead_status: status } : {};
  };
}
