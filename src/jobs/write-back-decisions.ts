import { businessHoursFor, needsFollowUpTask, slaReminderAt, type Playbook, type Priority } from '../handoff';
import type { HubSpotCrm } from '../hubspot/crm';
import { taskToContact } from '../hubspot/crm';
import { describeError } from '../errors';
import type { Logger } from '../log';
import type { EventOutcome } from '../queue/event-handler';
import type { NewEvent, Store, StoredDecision, StoredEvent } from '../store/store';
import { playbookOf, type PlaybookSource } from './portal-playbook';
import { routedPool } from './routed-pool';

/** The queue's internal subscription type for "write this decision to HubSpot". */
export const WRITEBACK_TYPE = 'handoff.writeback';

/** The write-back job of a decision, stored in the decision's own transaction (an outbox). */
export function writebackEvent(portalId: number, contactId: string, round: number, now: number): NewEvent {
  return {
    portalId,
    eventKey: `${WRITEBACK_TYPE}:${portalId}:${contactId}:${round}`,
    subscriptionType: WRITEBACK_TYPE,
    objectTypeId: '0-1',
    objectId: Number(contactId),
    occurredAt: now,
    payload: { contactId, round },
  };
}

const TASK_PRIORITY: Record<string, string> = { high: 'HIGH', medium: 'MEDIUM', low: 'LOW' };

/** The playbook gives the task's reminder: when the owner is reminded, before the response is due. */
export interface WriteBackDeps extends PlaybookSource {
  store: Store;
  log: Logger;
  now: () => number;
  crm: (portalId: number) => Promise<HubSpotCrm>;
}

/**
 * Writes a batch of stored decisions to HubSpot: one batch update of the contacts' properties and
 * one batch create of follow-up tasks (each associated to its contact). Task creation is recorded
 * the moment HubSpot confirms it, so a retry of this job never creates a second task.
 */
export function writeBackDecisions(deps: WriteBackDeps) {
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventOutcome>> => {
    const outcomes = new Map<number, EventOutcome>();
    const latest = await deps.store.latestDecisions(
      portalId,
      events.map((event) => String(event.objectId)),
    );
    const pending: Array<{ event: StoredEvent; decision: StoredDecision }> = [];
    for (const event of events) {
      const decision = latest.get(String(event.objectId));
      if (!decision || decision.writtenAt !== null) outcomes.set(event.id, { ok: true });
      else pending.push({ event, decision });
    }
    if (pending.length === 0) return outcomes;

    const crm = await deps.crm(portalId);
    try {
      const updated = await crm.batchUpdate(
        'contacts',
        pending.map(({ decision }) => ({ id: decision.contactId, properties: decision.properties })),
      );
      const failedIds = new Set(updated.errors.flatMap((error) => contactIdsOf(error)));
      const written = pending.filter(({ decision }) => !failedIds.has(decision.contactId));
      await createTasks(
        crm,
        deps,
        await playbookOf(deps, portalId),
        written.map(({ decision }) => decision),
      );
      for (const { event, decision } of pending) {
        outcomes.set(
          event.id,
          failedIds.has(decision.contactId)
            ? {
                ok: false,
                error: `HubSpot refused the update of contact ${decision.contactId}`,
                retryable: true,
              }
            : { ok: true, commit: (tx) => tx.markDecisionsWritten([decision.id], deps.now()) },
        );
      }
    } catch (error) {
      const retryAfterMs = (error as { retryAfterMs?: number | null }).retryAfterMs ?? undefined;
      const message = describeError(error);
      deps.log.warn({ portalId, count: pending.length, err: message }, 'write-back failed; retrying');
      // Rate limits, outages, a revoked install or missing properties: each can be fixed (by time, by
      // reinstalling, by `npm run setup`), so the job backs off and retries before it is dead-lettered.
      for (const { event } of pending) {
        outcomes.set(event.id, { ok: false, error: message, retryable: true, retryAfterMs });
      }
    }
    return outcomes;
  };
}

async function createTasks(
  crm: HubSpotCrm,
  deps: WriteBackDeps,
  playbook: Playbook,
  decisions: StoredDecision[],
): Promise<void> {
  const due = decisions.filter((decision) => decision.tasksCreatedAt === null && needsFollowUpTask(decision));
  if (due.length === 0) return;
  await crm.batchCreate(
    'tasks',
    due.map((decision) => ({
      properties: {
        hs_timestamp: decision.properties.handoff_sla_due_at ?? new Date(deps.now()).toISOString(),
        hs_task_subject: taskSubject(decision),
        hs_task_body: decision.reason,
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: TASK_PRIORITY[decision.priority ?? 'medium'] ?? 'MEDIUM',
        hs_task_type: 'TODO',
        hubspot_owner_id: decision.ownerId as string,
        // HubSpot's own task reminder reaches the owner (bell, email, mobile) before the due time.
        ...reminderOf(decision, playbook),
      },
      associations: [taskToContact(decision.contactId)],
    })),
  );
  await deps.store.markDecisionTasksCreated(
    due.map((decision) => decision.id),
    deps.now(),
  );
}

/** The contact ids a batch error names (HubSpot puts them in `context.ids`). */
function contactIdsOf(error: { context?: Record<string, string[]> }): string[] {
  return error.context?.ids ?? [];
}

/** HubSpot shows task subjects in lists: lead with the priority, then the rep-readable reason. */
function taskSubject(decision: StoredDecision): string {
  const subject = `Handoff (${decision.priority ?? 'medium'}): ${decision.reason}`;
  return subject.length > 200 ? `${subject.slice(0, 197)}...` : subject;
}

function reminderOf(decision: StoredDecision, playbook: Playbook): { hs_task_reminders?: string } {
  if (decision.priority === null || !(decision.priority in playbook.responseExpectations)) return {};
  const poolId = routedPool(decision.record);
  const hours = businessHoursFor(playbook, { poolId, ownerId: decision.ownerId ?? undefined });
  const at = slaReminderAt(
    decision.decidedAt,
    playbook.responseExpectations[decision.priority as Priority],
    hours,
    playbook.reminder,
  );
  return { hs_task_reminders: String(at) };
}
