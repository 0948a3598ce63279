import { textOf, timeOf, type HubSpotProperties } from './hubspot-records';

/**
 * What one logged sales activity says about reaching the lead: an attempt (the rep reached out and
 * heard nothing), contact made (a reply, a connected call, a meeting), or neither. Read from
 * HubSpot's engagement properties (`calls-v3.json`, `emails-v3.json`, `meetings-v3.json`).
 */

export type ActivityType = 'calls' | 'emails' | 'meetings';

export interface SalesActivity {
  type: ActivityType;
  properties: HubSpotProperties;
}

export type AttemptEffect = 'attempt' | 'contact_made' | 'ignored';

export interface ClassifiedActivity {
  type: ActivityType;
  effect: AttemptEffect;
  /** When it happened (`hs_timestamp`), epoch ms. */
  at: number;
  /** In the seller's words, for the reason line: "connected call", "reply". */
  what: string;
}

/** The engagement properties the classification reads, per type. */
export const ACTIVITY_PROPERTIES: Readonly<Record<ActivityType, readonly string[]>> = {
  calls: ['hs_timestamp', 'hs_call_direction', 'hs_call_disposition', 'hs_call_status'],
  emails: ['hs_timestamp', 'hs_email_direction', 'hs_email_status'],
  meetings: ['hs_timestamp', 'hs_meeting_outcome'],
};

/** Calls that never rang: not an attempt. */
const CALLS_NOT_PLACED = new Set(['CANCELED', 'FAILED', 'QUEUED']);
/** Emails that never left: not an attempt. A bounce still counts: the rep tried that address. */
const EMAILS_NOT_SENT = new Set(['FAILED', 'SCHEDULED', 'SENDING']);

/** Null when the activity has no usable time (it cannot be placed in the round). */
export function classifyActivity(
  activity: SalesActivity,
  connectedDispositions: readonly string[],
): ClassifiedActivity | null {
  const at = timeOf(activity.properties.hs_timestamp);
  if (at === undefined) return null;
  const result = (effect: AttemptEffect, what: string): ClassifiedActivity => ({
    type: activity.type,
    effect,
    at,
    what,
  });
  const read = (name: string) => textOf(activity.properties, name)?.toUpperCase();
  if (activity.type === 'calls') {
    if (read('hs_call_direction') === 'INBOUND') return result('contact_made', 'call from the lead');
    const disposition = textOf(activity.properties, 'hs_call_disposition');
    if (disposition !== undefined && connectedDispositions.includes(disposition))
      return result('contact_made', 'connected call');
    if (CALLS_NOT_PLACED.has(read('hs_call_status') ?? '')) return result('ignored', 'call not placed');
    return result('attempt', 'call');
  }
  if (activity.type === 'emails') {
    const direction = read('hs_email_direction') ?? 'EMAIL';
    if (direction === 'INCOMING_EMAIL') return result('contact_made', 'reply');
    if (direction !== 'EMAIL' || EMAILS_NOT_SENT.has(read('hs_email_status') ?? ''))
      return result('ignored', 'email not sent by the rep');
    return result('attempt', 'email');
  }
  const outcome = read('hs_meeting_outcome');
  // A missed meeting is an attempt the lead did not answer; a canceled one says nothing either way.
  if (outcome === 'NO_SHOW') return result('attempt', 'missed meeting');
  if (outcome === 'CANCELED') return result('ignored', 'canceled meeting');
  return result('contact_made', 'meeting');
}
