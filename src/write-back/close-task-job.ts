import { needsFollowUpTask } from '../handoff/handed-to-sales';
import { completeMarkedTasks } from '../hubspot/complete-marked-tasks';
import type { HubSpotCrm } from '../hubspot/crm';
import { taskMarker } from '../hubspot/marked-tasks';
import { defineJob, type JobResult, type RegisteredJob, type RunnableJob } from '../queue/job';
import type { NewJob, Store, StoredDecision } from '../store/store';
import { CLOSE_TASK, closeTaskPayload, type CloseTaskPayload } from '../jobs/job-names';

export interface CloseTaskDeps {
  store: Store;
  crm: (portalId: number) => Promise<HubSpotCrm>;
}

/** The job that completes a round's follow-up task, keyed by decision: queued once, done once. */
export function closeTaskJob(decision: StoredDecision): NewJob {
  const marker = taskMarker(decision.portalId, decision.contactId, decision.round, 'handoff');
  const payload: CloseTaskPayload = { contactId: decision.contactId, decisionId: decision.id, marker };
  return { name: CLOSE_TASK, portalId: decision.portalId, key: `${CLOSE_TASK}:${marker}`, payload };
}

/**
 * Completes the follow-up task of a round that ended without the rep closing it (no response): the
 * contact's tasks are read and the one carrying the round's marker is set to COMPLETED, so a retry,
 * or a rep who already closed it, changes nothing. A task still being created is waited for.
 */
export function closeTaskJobHandler(deps: CloseTaskDeps): RegisteredJob {
  return defineJob({
    name: CLOSE_TASK,
    schema: closeTaskPayload,
    handler: async (jobs, { portalId, log }) => {
      const outcomes = new Map<number, JobResult>();
      const todo: Array<RunnableJob<CloseTaskPayload>> = [];
      for (const job of jobs) {
        const decision = await deps.store.decisions.get(job.payload.decisionId);
        if (!decision || !needsFollowUpTask(decision)) outcomes.set(job.id, { ok: true });
        else if (decision.tasksCreatedAt === null) {
          // The create-task job has not finished: closing now would leave its task open after it.
          outcomes.set(job.id, {
            ok: false,
            error: new Error(`the follow-up task ${job.payload.marker} is not created yet; trying again`),
          });
        } else todo.push(job);
      }
      if (todo.length === 0) return outcomes;
      try {
        const crm = await deps.crm(portalId);
        const results = await completeMarkedTasks(
          crm,
          portalId,
          [...new Set(todo.map((job) => job.payload.contactId))],
          new Set(todo.map((job) => job.payload.marker)),
        );
        for (const job of todo) {
          const result = results.get(job.payload.marker);
          log.info(
            { objectId: job.payload.contactId, marker: job.payload.marker, ...result },
            result ? 'follow-up task completed' : 'follow-up task not found (deleted in HubSpot)',
          );
          outcomes.set(job.id, { ok: true });
        }
      } catch (error) {
        for (const job of todo) outcomes.set(job.id, { ok: false, error });
      }
      return outcomes;
    },
  });
}
