import type { HubSpotCrm } from './crm';

/**
 * Handoff's marker on each task it creates, so that after an ambiguous failure (5xx, timeout,
 * connection reset, a crash right after HubSpot answered) the task job can read what HubSpot
 * already holds and create only what is missing. HubSpot has no idempotency key on creates; the
 * task body (`hs_task_body`) is stored as sent and read back by id, so the marker lives on its last
 * line: plain text a rep can ignore, unique per contact, decision round and purpose.
 * (docs/decisions.md: "Tasks carry a marker in their body".)
 */
export function taskMarker(portalId: number, contactId: string, round: number, purpose: string): string {
  return `[handoff ${portalId}-${contactId}-r${round}-${purpose}]`;
}

/** A task body ending with its marker line. */
export function withMarker(body: string, marker: string): string {
  return body === '' ? marker : `${body}\n\n${marker}`;
}

/**
 * The markers found on the tasks associated with these contacts: two reads (associations, then
 * the tasks' bodies), whatever the number of contacts up to HubSpot's batch limits.
 */
export async function markersOnContactTasks(crm: HubSpotCrm, contactIds: string[]): Promise<Set<string>> {
  const associated = await crm.readAssociationsBatch('contacts', 'tasks', contactIds);
  const taskIds = [...associated.values()].flatMap((tasks) => tasks.map((task) => task.toObjectId));
  if (taskIds.length === 0) return new Set();
  const tasks = await crm.batchRead('tasks', taskIds, ['hs_task_body']);
  const found = new Set<string>();
  for (const task of tasks.results) {
    // Anywhere in the body: an edit in HubSpot's rich-text editor may wrap or move the line.
    for (const marker of (task.properties.hs_task_body ?? '').match(/\[handoff [\w-]+\]/g) ?? []) {
      found.add(marker);
    }
  }
  return found;
}
