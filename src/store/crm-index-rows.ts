/** The CRM index's typed rows (migration 0012) and the helpers its reads and writes share. */

/** HubSpot property values as the index keeps them (what a read returned). */
export type IndexedProperties = Record<string, string | null>;

export interface IndexedCompany {
  id: string;
  /** Every registrable domain the company claims (`domain`, `website`, `hs_additional_domains`). */
  domains: string[];
  nameKey: string | null;
  ownerId: string | null;
  parentId: string | null;
  properties: IndexedProperties;
  modifiedAt: number;
}

export interface IndexedDeal {
  id: string;
  companyIds: string[];
  contactIds: string[];
  ownerId: string | null;
  stage: string | null;
  closed: boolean;
  properties: IndexedProperties;
  modifiedAt: number;
}

export interface IndexedContact {
  id: string;
  /** Normalised mailboxes of `email` and `hs_additional_emails`. */
  mailboxes: string[];
  ownerId: string | null;
  properties: IndexedProperties;
  modifiedAt: number;
}

/** Keys per IN list: far below both engines' bound-parameter limits. */
const CHUNK = 400;

export function chunks<T>(items: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) parts.push(items.slice(start, start + CHUNK));
  return parts;
}

export function link(portalId: number, dealId: string, objectType: 'company' | 'contact', objectId: string) {
  return { portal_id: portalId, deal_id: dealId, object_type: objectType, object_id: objectId };
}

export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
