import { claimGroupOf, FOLD_WINDOW_MS, isContactChange } from '../store/claim-groups';
import type { StoredEvent } from '../store/store';

/**
 * Splits a claimed batch into the events to work and the property changes folded into a creation
 * of the same batch. HubSpot reports every property set at creation as its own change event (about
 * four per new contact); the decision reads the contact from HubSpot, so working them apart would
 * only add batches, never information.
 */
export function foldIntoCreations(events: StoredEvent[]): { work: StoredEvent[]; folded: StoredEvent[] } {
  const createdAt = new Map<number, number>();
  for (const event of events) {
    if (claimGroupOf(event) !== 'create') continue;
    createdAt.set(event.objectId, Math.min(createdAt.get(event.objectId) ?? Infinity, event.occurredAt));
  }
  if (createdAt.size === 0) return { work: events, folded: [] };
  const work: StoredEvent[] = [];
  const folded: StoredEvent[] = [];
  for (const event of events) {
    const created = createdAt.get(event.objectId);
    const foldable =
      created !== undefined && isContactChange(event) && event.occurredAt <= created + FOLD_WINDOW_MS;
    (foldable ? folded : work).push(event);
  }
  return { work, folded };
}
