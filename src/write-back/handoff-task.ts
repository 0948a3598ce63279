import { businessHoursFor, needsFollowUpTask, slaReminderAt, type Playbook } from '../handoff';
import { taskMarker, withMarker } from '../hubspot/marked-tasks';
import { taskPriorityOf, taskProperties } from '../hubspot/task-requests';
import type { NewJob, StoredDecision } from '../store/store';
import { routedPool } from '../decisions/routed-pool';
import { CREATE_TASK, type TaskPayload } from '../jobs/job-names';

/**
 * The follow-up task of a written decision, as a keyed job (one per contact and round), or null
 * when the decision asks for none. Built when the contact write is recorded, so the task job never
 * touches the contact.
 */
export function handoffTaskJob(decision: StoredDecision, playbook: Playbook, now: number): NewJob | null {
  // Every lead handed to sales with an owner gets one (CONTRACT §6), existing accounts included.
  if (decision.tasksCreatedAt !== null || !needsFollowUpTask(decision) || !decision.ownerId) return null;
  const marker = taskMarker(decision.portalId, decision.contactId, decision.round, 'handoff');
  const payload: TaskPayload = {
    contactId: decision.contactId,
    decisionId: decision.id,
    marker,
    properties: taskProperties({
      // A lead routed without a priority (a custom playbook may say so) has no due time: the task
      // is due now rather than carrying an empty timestamp HubSpot refuses.
      dueAt: decision.properties.handoff_sla_due_at || new Date(now).toISOString(),
      subject: taskSubject(decision),
      body: withMarker(decision.reason, marker),
      priority: taskPriorityOf(decision.priority),
      ownerId: decision.ownerId,
      // HubSpot's own task reminder reaches the owner (bell, email, mobile) before the due time.
      reminderAt: reminderAt(decision, playbook),
    }),
  };
  return { name: CREATE_TASK, portalId: decision.portalId, key: `${CREATE_TASK}:${marker}`, payload };
}

/** HubSpot shows task subjects in lists: lead with the priority, then the rep-readable reason. */
function taskSubject(decision: StoredDecision): string {
  const subject = `Handoff (${decision.priority ?? 'medium'}): ${decision.reason}`;
  return subject.length > 200 ? `${subject.slice(0, 197)}...` : subject;
}

function reminderAt(decision: StoredDecision, playbook: Playbook): number | undefined {
  if (decision.priority === null || !(decision.priority in playbook.responseExpectations)) return undefined;
  const poolId = routedPool(decision.record);
  const hours = businessHoursFor(playbook, { poolId, ownerId: decision.ownerId ?? undefined });
  return slaReminderAt(
    decision.decidedAt,
    playbook.responseExpectations[decision.priority],
    hours,
    playbook.reminder,
  );
}
