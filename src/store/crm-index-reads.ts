import type { Kysely } from 'kysely';
import type { IndexedObjectType } from './crm-index-state';
import {
  chunks,
  compareIds,
  type IndexedCompany,
  type IndexedContact,
  type IndexedDeal,
  type IndexedProperties,
} from './crm-index-rows';
import type { StoreDatabase } from './schema';

/** Look-ups in the CRM index, each one indexed query per 400 keys. */

/** Companies claiming any of these registrable domains. */
export async function companiesByDomains(
  db: Kysely<StoreDatabase>,
  portalId: number,
  domains: readonly string[],
): Promise<IndexedCompany[]> {
  const ids: string[] = [];
  for (const part of chunks([...new Set(domains)])) {
    const rows = await db
      .selectFrom('crm_company_domains')
      .select('company_id')
      .where('portal_id', '=', portalId)
      .where('domain', 'in', part)
      .execute();
    ids.push(...rows.map((row) => row.company_id));
  }
  return companies(db, portalId, ids);
}

/** Companies whose normalised name is one of these keys. */
export async function companiesByNames(
  db: Kysely<StoreDatabase>,
  portalId: number,
  nameKeys: readonly string[],
): Promise<IndexedCompany[]> {
  const ids: string[] = [];
  for (const part of chunks([...new Set(nameKeys)])) {
    const rows = await db
      .selectFrom('crm_companies')
      .select('company_id')
      .where('portal_id', '=', portalId)
      .where('name_key', 'in', part)
      .execute();
    ids.push(...rows.map((row) => row.company_id));
  }
  return companies(db, portalId, ids);
}

/** The subsidiaries of these companies (`hs_parent_company_id`). */
export async function childCompanies(
  db: Kysely<StoreDatabase>,
  portalId: number,
  parentIds: readonly string[],
): Promise<IndexedCompany[]> {
  const ids: string[] = [];
  for (const part of chunks([...new Set(parentIds)])) {
    const rows = await db
      .selectFrom('crm_companies')
      .select('company_id')
      .where('portal_id', '=', portalId)
      .where('parent_id', 'in', part)
      .execute();
    ids.push(...rows.map((row) => row.company_id));
  }
  return companies(db, portalId, ids);
}

export async function companies(
  db: Kysely<StoreDatabase>,
  portalId: number,
  ids: readonly string[],
): Promise<IndexedCompany[]> {
  const found: IndexedCompany[] = [];
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('crm_companies')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('company_id', 'in', part)
      .execute();
    const domains = await db
      .selectFrom('crm_company_domains')
      .select(['company_id', 'domain'])
      .where('portal_id', '=', portalId)
      .where('company_id', 'in', part)
      .orderBy('domain')
      .execute();
    for (const row of rows) {
      found.push({
        id: row.company_id,
        domains: domains.filter((domain) => domain.company_id === row.company_id).map((d) => d.domain),
        nameKey: row.name_key,
        ownerId: row.owner_id,
        parentId: row.parent_id,
        properties: JSON.parse(row.properties) as IndexedProperties,
        modifiedAt: Number(row.modified_at),
      });
    }
  }
  return found.sort((a, b) => compareIds(a.id, b.id));
}

/** Every indexed deal (open or closed) associated with any of these companies. */
export async function dealsOfCompanies(
  db: Kysely<StoreDatabase>,
  portalId: number,
  companyIds: readonly string[],
): Promise<IndexedDeal[]> {
  const dealIds: string[] = [];
  for (const part of chunks([...new Set(companyIds)])) {
    const rows = await db
      .selectFrom('crm_deal_links')
      .select('deal_id')
      .where('portal_id', '=', portalId)
      .where('object_type', '=', 'company')
      .where('object_id', 'in', part)
      .execute();
    dealIds.push(...rows.map((row) => row.deal_id));
  }
  return deals(db, portalId, dealIds);
}

export async function deals(
  db: Kysely<StoreDatabase>,
  portalId: number,
  ids: readonly string[],
): Promise<IndexedDeal[]> {
  const found: IndexedDeal[] = [];
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('crm_deals')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('deal_id', 'in', part)
      .execute();
    const links = await db
      .selectFrom('crm_deal_links')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('deal_id', 'in', part)
      .orderBy('object_id')
      .execute();
    const linked = (dealId: string, type: 'company' | 'contact') =>
      links.filter((row) => row.deal_id === dealId && row.object_type === type).map((row) => row.object_id);
    for (const row of rows) {
      found.push({
        id: row.deal_id,
        companyIds: linked(row.deal_id, 'company'),
        contactIds: linked(row.deal_id, 'contact'),
        ownerId: row.owner_id,
        stage: row.stage,
        closed: Number(row.closed) === 1,
        properties: JSON.parse(row.properties) as IndexedProperties,
        modifiedAt: Number(row.modified_at),
      });
    }
  }
  return found.sort((a, b) => compareIds(a.id, b.id));
}

/** Contacts known by any of these normalised mailboxes (in `email` or `hs_additional_emails`). */
export async function contactsByMailboxes(
  db: Kysely<StoreDatabase>,
  portalId: number,
  mailboxes: readonly string[],
): Promise<IndexedContact[]> {
  const ids: string[] = [];
  for (const part of chunks([...new Set(mailboxes)])) {
    const rows = await db
      .selectFrom('crm_contact_emails')
      .select('contact_id')
      .where('portal_id', '=', portalId)
      .where('mailbox', 'in', part)
      .execute();
    ids.push(...rows.map((row) => row.contact_id));
  }
  return contacts(db, portalId, ids);
}

export async function contacts(
  db: Kysely<StoreDatabase>,
  portalId: number,
  ids: readonly string[],
): Promise<IndexedContact[]> {
  const found: IndexedContact[] = [];
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('crm_contacts')
      .selectAll()
      .where('portal_id', '=', portalId)
      .where('contact_id', 'in', part)
      .execute();
    const mailboxes = await db
      .selectFrom('crm_contact_emails')
      .select(['contact_id', 'mailbox'])
      .where('portal_id', '=', portalId)
      .where('contact_id', 'in', part)
      .orderBy('mailbox')
      .execute();
    for (const row of rows) {
      found.push({
        id: row.contact_id,
        mailboxes: mailboxes.filter((m) => m.contact_id === row.contact_id).map((m) => m.mailbox),
        ownerId: row.owner_id,
        properties: JSON.parse(row.properties) as IndexedProperties,
        modifiedAt: Number(row.modified_at),
      });
    }
  }
  return found.sort((a, b) => compareIds(a.id, b.id));
}

/** Records per object type: what the index holds for a portal. */
export async function counts(
  db: Kysely<StoreDatabase>,
  portalId: number,
): Promise<Record<'companies' | 'deals' | 'contacts', number>> {
  const count = async (table: 'crm_companies' | 'crm_deals' | 'crm_contacts') => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('portal_id', '=', portalId)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  };
  return {
    companies: await count('crm_companies'),
    deals: await count('crm_deals'),
    contacts: await count('crm_contacts'),
  };
}

/** The stored `modifiedAt` of each of these records the index holds. */
export async function modifiedTimes(
  db: Kysely<StoreDatabase>,
  portalId: number,
  objectType: IndexedObjectType,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const stored = new Map<string, number>();
  for (const part of chunks([...new Set(ids)])) {
    const rows =
      objectType === 'companies'
        ? await db
            .selectFrom('crm_companies')
            .select(['company_id as id', 'modified_at'])
            .where('portal_id', '=', portalId)
            .where('company_id', 'in', part)
            .execute()
        : objectType === 'deals'
          ? await db
              .selectFrom('crm_deals')
              .select(['deal_id as id', 'modified_at'])
              .where('portal_id', '=', portalId)
              .where('deal_id', 'in', part)
              .execute()
          : await db
              .selectFrom('crm_contacts')
              .select(['contact_id as id', 'modified_at'])
              .where('portal_id', '=', portalId)
              .where('contact_id', 'in', part)
              .execute();
    for (const row of rows) stored.set(row.id, Number(row.modified_at));
  }
  return stored;
}
