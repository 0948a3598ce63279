/**
 * Labels reps see for the enumeration values of the Sales handoff properties: the same words as the
 * HubSpot property options marketing filters and reports on (a test compares them).
 */
export const LABELS: Record<string, string> = {
  sales_ready: 'Sales-ready',
  needs_qualification: 'Needs qualification',
  nurture: 'Nurture',
  disqualified: 'Disqualified',
  duplicate_or_existing: 'Duplicate or existing account',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  none: 'No match',
  existing_account: 'Existing account',
  open_opportunity: 'Open opportunity',
  duplicate_contact: 'Duplicate contact',
  pending: 'Pending',
  met: 'Met',
  breached: 'Breached',
  not_applicable: 'Not applicable',
  accepted: 'Accepted',
  qualification_in_progress: 'Qualification in progress',
  qualified_opportunity: 'Qualified opportunity',
  nurture_ready: 'Nurture-ready',
  no_response: 'No response',
  duplicate: 'Duplicate',
  recycled: 'Recycled',
  mql: 'MQL',
  sal: 'SAL (accepted)',
  sql: 'SQL (qualified)',
  opportunity: 'Opportunity',
};

export function label(value: string | null): string | null {
  return value === null ? null : (LABELS[value] ?? value);
}

/** `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

export type SlaView = { text: string; variant: 'success' | 'warning' | 'danger' | 'default' };

/** The SLA as a rep reads it: time left while pending, breached once the due time has passed. */
export function slaView(
  handoff: { slaDueAt: string | null; slaStatus: string | null; firstActionAt: string | null },
  now: number,
): SlaView | null {
  const due = handoff.slaDueAt === null ? Number.NaN : Date.parse(handoff.slaDueAt);
  if (handoff.slaStatus === 'met') return { text: 'Met', variant: 'success' };
  if (handoff.slaStatus === 'not_applicable') return { text: 'Not applicable', variant: 'default' };
  if (Number.isNaN(due))
    return handoff.slaStatus === 'breached' ? { text: 'Breached', variant: 'danger' } : null;
  if (handoff.slaStatus === 'breached' || due < now) {
    return { text: `Breached ${duration(now - due)} ago`, variant: 'danger' };
  }
  return { text: `${duration(due - now)} left`, variant: due - now < 15 * 60_000 ? 'warning' : 'default' };
}

/**
 * Who reads the card: the user's locale and the account's time zone, both from the ui-extensions
 * context (it carries no per-user zone). The backend sends ISO times; the card shows them here.
 */
export interface Viewer {
  locale?: string;
  timeZone?: string;
}

/** A time as the viewer reads it; UTC (`2026-11-02 09:30 UTC`) when the viewer is unknown. */
export function dateTime(value: string | null, viewer: Viewer = {}): string | null {
  if (value === null) return null;
  const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(parsed)) return value;
  const utc = new Date(parsed).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  if (!viewer.timeZone && !viewer.locale) return utc;
  try {
    return new Intl.DateTimeFormat(viewer.locale || 'en-US', {
      timeZone: viewer.timeZone || 'UTC',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(parsed);
  } catch {
    // An unknown zone or locale from the context: UTC is still right, only less friendly.
    return utc;
  }
}

export function recordUrl(portalId: number, objectTypeId: string, id: string): string {
  return `https://app.hubspot.com/contacts/${portalId}/record/${objectTypeId}/${id}`;
}
