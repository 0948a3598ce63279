import type { StoredEvent } from '../store/store';

/** What an event means to Handoff, whichever subscription style (legacy or generic) carried it. */
export type EventKind =
  | 'contact.created'
  | 'contact.changed'
  | 'contact.merged'
  | 'contact.deleted'
  | 'company.changed'
  | 'deal.changed'
  | 'contact.converted'
  | 'lead.changed'
  | 'other';

const CONTACT = '0-1';
const COMPANY = '0-2';
const DEAL = '0-3';
/** HubSpot's Leads object. */
const LEAD = '0-136';

/** A new form or content conversion: the property HubSpot sets on every conversion. */
const CONVERSION_PROPERTY = 'recent_conversion_event_name';

export function eventKind(
  event: Pick<StoredEvent, 'objectTypeId' | 'subscriptionType' | 'payload'>,
): EventKind {
  const action = event.subscriptionType.split('.')[1] ?? '';
  if (event.objectTypeId === CONTACT) {
    if (action === 'creation' || action === 'restore') return 'contact.created';
    if (action === 'propertyChange') {
      const property = (event.payload as { propertyName?: string } | null)?.propertyName;
      return property === CONVERSION_PROPERTY ? 'contact.converted' : 'contact.changed';
    }
    if (action === 'merge') return 'contact.merged';
    if (action === 'deletion' || action === 'privacyDeletion') return 'contact.deleted';
  }
  if (event.objectTypeId === COMPANY) return 'company.changed';
  if (event.objectTypeId === DEAL) return 'deal.changed';
  if (event.objectTypeId === LEAD) return 'lead.changed';
  return 'other';
}
