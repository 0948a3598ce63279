import { normaliseCompanyName } from '../handoff/company-names';
import { companyDomains } from '../handoff/domains';
import { textOf, timeOf, type HubSpotRecord } from '../handoff/hubspot-records';
import { isOpenDeal } from '../handoff/hubspot-records';
import { normaliseEmail } from '../handoff/match-duplicates';
import type { IndexedCompany, IndexedContact, IndexedDeal, IndexedProperties } from '../store/crm-index';
import {
  COMPANY_PROPERTIES,
  DEAL_PROPERTIES,
  DUPLICATE_CONTACT_PROPERTIES,
} from '../lead-context/lead-context-properties';

/**
 * HubSpot records as the CRM index keeps them, and back. The index keeps the properties matching
 * reads (the lists below), plus the keys it is looked up by, computed with the same rules matching
 * applies (`domains.ts`, `company-names.ts`, `match-duplicates.ts`).
 */
export const INDEXED_PROPERTIES = {
  companies: COMPANY_PROPERTIES,
  deals: DEAL_PROPERTIES,
  contacts: [...DUPLICATE_CONTACT_PROPERTIES, 'lastmodifieddate'],
} as const;

function kept(record: HubSpotRecord, names: readonly string[]): IndexedProperties {
  return Object.fromEntries(names.map((name) => [name, record.properties[name] ?? null]));
}

/** `hs_lastmodifieddate` (contacts: `lastmodifieddate`), else the record's `updatedAt`. */
function modifiedAt(record: HubSpotRecord & { updatedAt?: string }): number {
  return (
    timeOf(record.properties.hs_lastmodifieddate) ??
    timeOf(record.properties.lastmodifieddate) ??
    timeOf(record.updatedAt) ??
    0
  );
}

export function indexedCompany(record: HubSpotRecord): IndexedCompany {
  const name = normaliseCompanyName(textOf(record.properties, 'name'));
  return {
    id: record.id,
    domains: [...new Set(companyDomains(record.properties).map((domain) => domain.registrable))],
    nameKey: name === '' ? null : name,
    ownerId: textOf(record.properties, 'hubspot_owner_id') ?? null,
    parentId: textOf(record.properties, 'hs_parent_company_id') ?? null,
    properties: kept(record, INDEXED_PROPERTIES.companies),
    modifiedAt: modifiedAt(record),
  };
}

export function indexedDeal(
  record: HubSpotRecord,
  links: { companyIds: readonly string[]; contactIds: readonly string[] },
): IndexedDeal {
  return {
    id: record.id,
    companyIds: [...links.companyIds],
    contactIds: [...links.contactIds],
    ownerId: textOf(record.properties, 'hubspot_owner_id') ?? null,
    stage: textOf(record.properties, 'dealstage') ?? null,
    closed: !isOpenDeal(record),
    properties: kept(record, INDEXED_PROPERTIES.deals),
    modifiedAt: modifiedAt(record),
  };
}

/** Every mailbox a contact is known by: `email` and the semicolon-separated `hs_additional_emails`. */
export function mailboxesOf(record: HubSpotRecord): string[] {
  const addresses = [
    textOf(record.properties, 'email'),
    ...(textOf(record.properties, 'hs_additional_emails') ?? '').split(';'),
  ];
  return [...new Set(addresses.flatMap((address) => normaliseEmail(address) ?? []))];
}

export function indexedContact(record: HubSpotRecord): IndexedContact {
  return {
    id: record.id,
    mailboxes: mailboxesOf(record),
    ownerId: textOf(record.properties, 'hubspot_owner_id') ?? null,
    properties: kept(record, INDEXED_PROPERTIES.contacts),
    modifiedAt: modifiedAt(record),
  };
}

/** An indexed record as matching reads HubSpot records. */
export function asRecord(indexed: { id: string; properties: IndexedProperties }): HubSpotRecord {
  return { id: indexed.id, properties: { ...indexed.properties } };
}
