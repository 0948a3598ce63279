import { taskToContact, type BatchResult, type HubSpotCrm, type SimplePublicObject } from './crm';

/** HubSpot's task priorities (`hs_task_priority`). */
export type TaskPriority = 'HIGH' | 'MEDIUM' | 'LOW';

const TASK_PRIORITY: Record<string, TaskPriority> = { high: 'HIGH', medium: 'MEDIUM', low: 'LOW' };

/** A lead's priority as HubSpot's task priority; a priority HubSpot has no word for is MEDIUM. */
export function taskPriorityOf(priority: string | null): TaskPriority {
  return TASK_PRIORITY[priority ?? 'medium'] ?? 'MEDIUM';
}

/** What Handoff puts on a follow-up task, in its own words. */
export interface TaskFields {
  /** When it is due, as ISO text (HubSpot's `hs_timestamp`). */
  dueAt: string;
  subject: string;
  /** Ends with the task's marker line (marked-tasks.ts). */
  body: string;
  priority: TaskPriority;
  ownerId: string;
  /** Epoch ms of HubSpot's own reminder (bell, email, mobile), when the task has one. */
  reminderAt?: number;
}

/**
 * The properties of an open to-do task for its owner, as HubSpot's tasks API takes them. They are
 * stored in the `create-task` job's payload and sent as stored, so their names and order stay put.
 */
export function taskProperties(task: TaskFields): Record<string, string> {
  return {
    hs_timestamp: task.dueAt,
    hs_task_subject: task.subject,
    hs_task_body: task.body,
    hs_task_status: 'NOT_STARTED',
    hs_task_priority: task.priority,
    hs_task_type: 'TODO',
    hubspot_owner_id: task.ownerId,
    ...(task.reminderAt === undefined ? {} : { hs_task_reminders: String(task.reminderAt) }),
  };
}

/** Creates tasks in one batch, each on its contact's timeline. Not retried after a 5xx or timeout. */
export function createContactTasks(
  crm: HubSpotCrm,
  tasks: ReadonlyArray<{ contactId: string; properties: Record<string, string> }>,
): Promise<BatchResult<SimplePublicObject>> {
  return crm.batchCreate(
    'tasks',
    tasks.map((task) => ({ properties: task.properties, associations: [taskToContact(task.contactId)] })),
  );
}

/** A created or read task's body, where its marker is. */
export function taskBody(task: SimplePublicObject): string {
  return task.properties.hs_task_body ?? '';
}
