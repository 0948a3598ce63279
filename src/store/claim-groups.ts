/**
 * Which claim an event joins. New contacts are decided in batches (one HubSpot batch read per 100),
 * so a claim takes creations together and never fills half a batch with property changes; every
 * other event (property changes, companies, deals, leads) is cheap, per-record work claimed apart.
 */
export type ClaimGroup = 'create' | 'change';

export const CONTACT_TYPE = '0-1';

/**
 * A property change that came with (or just after) a creation is folded into it: the decision reads
 * the contact from HubSpot anyway, so the change carries nothing new for it. Changes later than this
 * after the creation (a person editing the new lead) are worked as changes.
 */
export const FOLD_WINDOW_MS = 60_000;

export function claimGroupOf(event: { subscriptionType: string; objectTypeId: string }): ClaimGroup {
  const action = event.subscriptionType.split('.')[1] ?? '';
  return event.objectTypeId === CONTACT_TYPE && (action === 'creation' || action === 'restore')
    ? 'create'
    : 'change';
}

/** A contact's property change: folded into that contact's creation when both wait together. */
export function isContactChange(event: { subscriptionType: string; objectTypeId: string }): boolean {
  return event.objectTypeId === CONTACT_TYPE && event.subscriptionType.endsWith('propertyChange');
}
