import type { Portal } from '../../simulator/portal';
import { DAY_MS, HOUR_MS, dayStart } from './simulated-clock';

/**
 * New evidence on a lead parked in nurture, days after it was decided (CONTRACT §7): a webinar
 * sign-up with more browsing, HubSpot's score rising past the playbook's threshold, or a missing
 * job title or company size filled in. Each is a HubSpot edit of the contact, so the app hears of it
 * through its property-change webhooks, as it would from a real portal.
 */
export interface LateSignal {
  at: number;
  contactId: string;
  kind: 'signal';
  signal: 'conversion' | 'score' | 'role' | 'company_size';
}

/** Of nurture leads, the share that shows a new signal later in the month. */
const SIGNAL_RATE = 0.4;
const WEBINARS = ['Webinar: Speed to lead live', 'Webinar: Routing that reps trust', 'Workshop: SLA design'];

/** At most one later signal for a lead decided as nurture at `decidedAt`. */
export function planLateSignal(
  lead: { contactId: string; decidedAt: number },
  random: () => number,
): LateSignal[] {
  if (random() >= SIGNAL_RATE) return [];
  const day = dayStart(lead.decidedAt) + (1 + Math.floor(random() * 6)) * DAY_MS;
  const at = day + 11 * HOUR_MS + Math.floor(random() * 6 * HOUR_MS);
  const roll = random();
  const signal = roll < 0.45 ? 'conversion' : roll < 0.85 ? 'score' : 'role';
  return [{ at, contactId: lead.contactId, kind: 'signal', signal }];
}

/** Makes the change in the simulated portal; false when the contact is gone. */
export function applyLateSignal(portal: Portal, step: LateSignal, random: () => number): boolean {
  const contact = portal.get('contacts', step.contactId);
  if (!contact) return false;
  const has = (name: string) => Boolean(contact.properties[name]?.trim());
  const number = (name: string) => Number(contact.properties[name] ?? 0) || 0;
  // A role or size the lead already gave cannot be filled in: its score rises instead.
  const signal =
    step.signal === 'role' && has('jobtitle')
      ? has('numemployees')
        ? 'score'
        : 'company_size'
      : step.signal;
  const changes: Record<string, string> =
    signal === 'conversion'
      ? {
          recent_conversion_event_name: WEBINARS[Math.floor(random() * WEBINARS.length)] as string,
          num_conversion_events: String(number('num_conversion_events') + 1),
          hs_analytics_num_page_views: String(number('hs_analytics_num_page_views') + 15),
        }
      : signal === 'score'
        ? { hubspotscore: String(55 + Math.floor(random() * 40)) }
        : signal === 'role'
          ? { jobtitle: 'VP of Marketing' }
          : { numemployees: '200' };
  portal.update('contacts', step.contactId, changes, { changeSource: 'FORM' });
  return true;
}
