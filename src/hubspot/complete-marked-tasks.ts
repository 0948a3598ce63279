import type { HubSpotCrm } from './crm';
import { batchRefusal } from './batch-errors';

export interface MarkedTaskResult {
  /** Tasks carrying the marker that this call set to COMPLETED. */
  completed: number;
  /** Tasks carrying the marker that were completed already (a retry, or the rep closed it). */
  alreadyDone: number;
}

/**
 * Completes the open tasks of these contacts that carry one of `markers` (see marked-tasks.ts):
 * reads the contacts' task associations and the tasks' bodies and status, then one batch update.
 * Setting COMPLETED twice changes nothing, so a retry after a lost answer is safe. Returns a result
 * per marker; a marker with no task maps to none.
 */
export async function completeMarkedTasks(
  crm: HubSpotCrm,
  portalId: number,
  contactIds: string[],
  markers: ReadonlySet<string>,
): Promise<Map<string, MarkedTaskResult>> {
  const results = new Map<string, MarkedTaskResult>();
  const associated = await crm.readAssociationsBatch('contacts', 'tasks', contactIds);
  const taskIds = [
    ...new Set([...associated.values()].flatMap((tasks) => tasks.map((task) => task.toObjectId))),
  ];
  if (taskIds.length === 0) return results;
  const tasks = await crm.batchRead('tasks', taskIds, ['hs_task_body', 'hs_task_status']);
  const toComplete: string[] = [];
  for (const task of tasks.results) {
    // Anywhere in the body: an edit in HubSpot's rich-text editor may wrap or move the line.
    const found = (task.properties.hs_task_body ?? '').match(/\[handoff [\w-]+\]/g) ?? [];
    for (const marker of found.filter((candidate) => markers.has(candidate))) {
      const result = results.get(marker) ?? { completed: 0, alreadyDone: 0 };
      if (task.properties.hs_task_status === 'COMPLETED') result.alreadyDone += 1;
      else {
        result.completed += 1;
        toComplete.push(task.id);
      }
      results.set(marker, result);
    }
  }
  if (toComplete.length === 0) return results;
  const updated = await crm.batchUpdate(
    'tasks',
    [...new Set(toComplete)].map((id) => ({ id, properties: { hs_task_status: 'COMPLETED' } })),
  );
  const refusal = batchRefusal(portalId, 'objects.batch.update', updated);
  if (refusal) throw refusal;
  return results;
}
