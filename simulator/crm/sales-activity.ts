import type { ObjectType } from './object-types';
import type { SimRecord } from './record-store';

/** Engagements that count as reaching out to the contact (notes are logged, not contact made). */
const CONTACTING: ReadonlySet<ObjectType> = new Set(['calls', 'emails', 'meetings']);

/**
 * The contact properties HubSpot recalculates when a rep's engagement is associated with the
 * contact (HUBSPOT-NOTES, "Sales activity"): `hs_last_sales_activity_timestamp` for every
 * engagement, `notes_last_contacted` and `num_contacted_notes` for calls, sent emails and
 * meetings. Times are the engagement's `hs_timestamp` (when it happened, not when it was logged),
 * and never move backward when an older engagement is logged late.
 */
export function salesActivityUpdates(
  type: ObjectType,
  activity: SimRecord,
  contact: SimRecord,
): Record<string, string> {
  const at = Date.parse(activity.properties.hs_timestamp ?? '') || activity.createdAt;
  const later = (name: string) => {
    const current = Date.parse(contact.properties[name] ?? '');
    return Number.isNaN(current) || at > current ? { [name]: new Date(at).toISOString() } : {};
  };
  const updates: Record<string, string> = { ...later('hs_last_sales_activity_timestamp') };
  const incoming = activity.properties.hs_email_direction === 'INCOMING_EMAIL';
  if (CONTACTING.has(type) && !incoming) {
    Object.assign(updates, later('notes_last_contacted'), {
      num_contacted_notes: String(Number(contact.properties.num_contacted_notes ?? 0) + 1),
    });
  }
  return updates;
}
