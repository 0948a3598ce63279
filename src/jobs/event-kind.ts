import type { StoredEvent } from '../store/store';

/** What an event means to Handoff, whichever subscription style (legacy or generic) carried it. */
export type EventKind =
  | 'contact.created'
  | 'contact.changed'
  | 'contact.merged'
  | 'contact.deleted'
  | 'company.changed'
  | 'deal.changed'
  | 'handoff.writeback'
  | 'other';

const CONTACT = '0-1';
const COMPANY = '0-2';
const DEAL = '0-3';

export function eventKind(event: Pick<StoredEvent, 'objectTypeId' | 'subscriptionType'>): EventKind {
  if (event.subscriptionType === 'handoff.writeback') return 'handoff.writeback';
  const action = event.subscriptionType.split('.')[1] ?? '';
  if (event.objectTypeId === CONTACT) {
    if (action === 'creation' || action === 'restore') return 'contact.created';
    if (action === 'propertyChange') return 'contact.changed';
    if (action === 'merge') return 'contact.merged';
    if (action === 'deletion' || action === 'privacyDeletion') return 'contact.deleted';
  }
  if (event.objectTypeId === COMPANY) return 'company.changed';
  if (event.objectTypeId === DEAL) return 'deal.changed';
  return 'other';
}
