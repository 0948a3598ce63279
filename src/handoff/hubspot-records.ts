/**
 * The HubSpot record shapes the handoff decides over, exactly as the CRM API returns them: every
 * property is a string (or null), numbers and booleans included. Readers here turn them into
 * values once, so no rule compares `'false'` with `false`.
 */

export type HubSpotProperties = Readonly<Record<string, string | null | undefined>>;

export interface HubSpotRecord {
  id: string;
  properties: HubSpotProperties;
}

/** A deal associated with a candidate company (`dealname`, `hs_is_closed`, `hubspot_owner_id`, …). */
export type DealRecord = HubSpotRecord;

/** A company that might be the contact's account, with what the match and tie-breakers need. */
export interface CompanyCandidate extends HubSpotRecord {
  /** Deals associated with the company, open and closed. */
  deals: readonly DealRecord[];
  /** Associated contacts; defaults to the `num_associated_contacts` property. */
  contactCount?: number;
  /** Last activity (ms or ISO); defaults to `notes_last_updated`, HubSpot's "Last activity date". */
  lastActivityAt?: string | null;
  /** The contact is already associated with this company in HubSpot. */
  associatedWithContact?: boolean;
}

/** An owner from `GET /crm/v3/owners` (archived ones included, flagged). */
export interface OwnerRecord {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  archived: boolean;
  teams?: ReadonlyArray<{ id: string; name: string; primary?: boolean }>;
}

/** A property's trimmed text, undefined when empty. */
export function textOf(properties: HubSpotProperties, name: string): string | undefined {
  const value = properties[name]?.trim();
  return value ? value : undefined;
}

/** A number property (HubSpot sends `"250"`, sometimes `"250.0"`). */
export function numberOf(properties: HubSpotProperties, name: string): number | undefined {
  const value = textOf(properties, name);
  if (value === undefined) return undefined;
  const parsed = Number(value.replace(/,/g, ''));
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A datetime as epoch ms: HubSpot sends ISO 8601 in v3 responses and ms strings elsewhere. */
export function timeOf(value: string | null | undefined): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const parsed = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * Open unless HubSpot says closed. `hs_is_closed` is the calculated flag; the stage ids are the
 * default pipeline's, for portals whose reads leave the flag out.
 */
export function isOpenDeal(deal: DealRecord): boolean {
  const closed = textOf(deal.properties, 'hs_is_closed');
  if (closed !== undefined) return closed !== 'true';
  const stage = textOf(deal.properties, 'dealstage');
  return stage !== 'closedwon' && stage !== 'closedlost';
}

export function ownerName(owner: OwnerRecord | undefined, fallbackId: string): string {
  const name = [owner?.firstName, owner?.lastName].filter((part) => part && part.trim()).join(' ');
  return name || owner?.email || `owner ${fallbackId}`;
}

export function contactCountOf(company: CompanyCandidate): number {
  return company.contactCount ?? numberOf(company.properties, 'num_associated_contacts') ?? 0;
}

export function lastActivityOf(company: CompanyCandidate): number | undefined {
  return timeOf(company.lastActivityAt ?? company.properties.notes_last_updated);
}
