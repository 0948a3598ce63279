import type { HubSpotCrm } from '../hubspot/crm';
import { batchRefusal } from '../hubspot/batch-errors';
import { markersOnContactTasks } from '../hubspot/marked-tasks';
import { createContactTasks, taskBody } from '../hubspot/task-requests';
import type { Logger } from '../log';
import { defineJob, type JobResult, type RegisteredJob, type RunnableJob } from '../queue/job';
import type { Store } from '../store/store';
import { CREATE_TASK, taskPayload, type TaskPayload } from '../jobs/job-names';

export interface CreateTaskDeps {
  store: Store;
  log: Logger;
  now: () => number;
  crm: (portalId: number) => Promise<HubSpotCrm>;
}

type TaskJob = RunnableJob<TaskPayload>;

/**
 * Creates follow-up tasks, each associated to its contact, in one batch create. HubSpot has no
 * idempotency key for creates, so a retried job (its earlier attempt may have been applied: a 5xx,
 * a timeout, a reset, a crash after sending) first reads the contact's tasks and skips those that
 * already carry its marker. Result: one task per decision round, whatever fails in between.
 */
export function createTaskJob(deps: CreateTaskDeps): RegisteredJob {
  return defineJob({
    name: CREATE_TASK,
    schema: taskPayload,
    handler: async (jobs, { portalId, log }) => {
      const outcomes = new Map<number, JobResult>();
      const todo: TaskJob[] = [];
      for (const job of jobs) {
        const decision =
          job.payload.decisionId === undefined
            ? null
            : await deps.store.decisions.get(job.payload.decisionId);
        if (decision && decision.tasksCreatedAt !== null) outcomes.set(job.id, { ok: true });
        else todo.push(job);
      }
      if (todo.length === 0) return outcomes;
      const crm = await deps.crm(portalId);
      try {
        const existing = await lookBeforeCreate(crm, todo);
        const missing = todo.filter((job) => !existing.has(job.payload.marker));
        for (const job of todo.filter((job) => existing.has(job.payload.marker))) {
          log.info(
            { objectId: job.payload.contactId, marker: job.payload.marker },
            'task already in HubSpot: not created again',
          );
          outcomes.set(job.id, { ok: true, commit: recordCreated(deps, job) });
        }
        if (missing.length > 0)
          for (const [id, outcome] of await create(deps, crm, portalId, missing)) outcomes.set(id, outcome);
      } catch (error) {
        for (const job of todo) if (!outcomes.has(job.id)) outcomes.set(job.id, { ok: false, error });
      }
      return outcomes;
    },
  });
}

/** Only retried jobs look: a first attempt cannot have reached HubSpot before. */
async function lookBeforeCreate(crm: HubSpotCrm, jobs: TaskJob[]): Promise<Set<string>> {
  const retried = jobs.filter((job) => job.attempts > 1);
  if (retried.length === 0) return new Set();
  return markersOnContactTasks(crm, [...new Set(retried.map((job) => job.payload.contactId))]);
}

async function create(
  deps: CreateTaskDeps,
  crm: HubSpotCrm,
  portalId: number,
  jobs: TaskJob[],
): Promise<Map<number, JobResult>> {
  const created = await createContactTasks(
    crm,
    jobs.map((job) => ({ contactId: job.payload.contactId, properties: job.payload.properties })),
  );
  const outcomes = new Map<number, JobResult>();
  const refusal = batchRefusal(portalId, 'objects.batch.create', created);
  if (refusal === undefined) {
    for (const job of jobs) outcomes.set(job.id, { ok: true, commit: recordCreated(deps, job) });
    return outcomes;
  }
  // A partial answer (207): the created tasks echo their body, and with it the marker.
  const bodies = created.results.map(taskBody);
  for (const job of jobs) {
    const done = bodies.some((body) => body.includes(job.payload.marker));
    outcomes.set(
      job.id,
      done ? { ok: true, commit: recordCreated(deps, job) } : { ok: false, error: refusal },
    );
  }
  return outcomes;
}

function recordCreated(deps: CreateTaskDeps, job: TaskJob) {
  return async (tx: Store): Promise<void> => {
    if (job.payload.decisionId !== undefined)
      await tx.decisions.markTasksCreated([job.payload.decisionId], deps.now());
  };
}
