import type { Kysely } from 'kysely';
import { modifiedTimes } from './crm-index-reads';
import type { IndexedObjectType } from './crm-index-state';
import { chunks, link, type IndexedCompany, type IndexedContact, type IndexedDeal } from './crm-index-rows';
import type { StoreDatabase } from './schema';

/**
 * Writes to the CRM index. Each keeps the newer copy of a record (by `hs_lastmodifieddate`), so a
 * slow list page can never undo a webhook's fresher read; keys are replaced with the record.
 */

/** Stores companies; returns how many were newer than the stored copies. */
export async function putCompanies(
  db: Kysely<StoreDatabase>,
  portalId: number,
  companies: readonly IndexedCompany[],
): Promise<number> {
  const fresh = await newer(db, portalId, 'companies', companies);
  for (const part of chunks(fresh)) {
    const ids = part.map((company) => company.id);
    await db
      .deleteFrom('crm_companies')
      .where('portal_id', '=', portalId)
      .where('company_id', 'in', ids)
      .execute();
    await db
      .deleteFrom('crm_company_domains')
      .where('portal_id', '=', portalId)
      .where('company_id', 'in', ids)
      .execute();
    await db
      .insertInto('crm_companies')
      .values(
        part.map((company) => ({
          portal_id: portalId,
          company_id: company.id,
          name_key: company.nameKey,
          owner_id: company.ownerId,
          parent_id: company.parentId,
          properties: JSON.stringify(company.properties),
          modified_at: company.modifiedAt,
        })),
      )
      .execute();
    const domains = part.flatMap((company) =>
      [...new Set(company.domains)].map((domain) => ({
        portal_id: portalId,
        domain,
        company_id: company.id,
      })),
    );
    for (const rows of chunks(domains)) await db.insertInto('crm_company_domains').values(rows).execute();
  }
  return fresh.length;
}

export async function putDeals(
  db: Kysely<StoreDatabase>,
  portalId: number,
  deals: readonly IndexedDeal[],
): Promise<number> {
  const fresh = await newer(db, portalId, 'deals', deals);
  for (const part of chunks(fresh)) {
    const ids = part.map((deal) => deal.id);
    await db.deleteFrom('crm_deals').where('portal_id', '=', portalId).where('deal_id', 'in', ids).execute();
    await db
      .deleteFrom('crm_deal_links')
      .where('portal_id', '=', portalId)
      .where('deal_id', 'in', ids)
      .execute();
    await db
      .insertInto('crm_deals')
      .values(
        part.map((deal) => ({
          portal_id: portalId,
          deal_id: deal.id,
          owner_id: deal.ownerId,
          stage: deal.stage,
          closed: deal.closed ? 1 : 0,
          properties: JSON.stringify(deal.properties),
          modified_at: deal.modifiedAt,
        })),
      )
      .execute();
    const links = part.flatMap((deal) => [
      ...[...new Set(deal.companyIds)].map((id) => link(portalId, deal.id, 'company', id)),
      ...[...new Set(deal.contactIds)].map((id) => link(portalId, deal.id, 'contact', id)),
    ]);
    for (const rows of chunks(links)) await db.insertInto('crm_deal_links').values(rows).execute();
  }
  return fresh.length;
}

export async function putContacts(
  db: Kysely<StoreDatabase>,
  portalId: number,
  contacts: readonly IndexedContact[],
): Promise<number> {
  const fresh = await newer(db, portalId, 'contacts', contacts);
  for (const part of chunks(fresh)) {
    const ids = part.map((contact) => contact.id);
    await db
      .deleteFrom('crm_contacts')
      .where('portal_id', '=', portalId)
      .where('contact_id', 'in', ids)
      .execute();
    await db
      .deleteFrom('crm_contact_emails')
      .where('portal_id', '=', portalId)
      .where('contact_id', 'in', ids)
      .execute();
    await db
      .insertInto('crm_contacts')
      .values(
        part.map((contact) => ({
          portal_id: portalId,
          contact_id: contact.id,
          owner_id: contact.ownerId,
          properties: JSON.stringify(contact.properties),
          modified_at: contact.modifiedAt,
        })),
      )
      .execute();
    const mailboxes = part.flatMap((contact) =>
      [...new Set(contact.mailboxes)].map((mailbox) => ({
        portal_id: portalId,
        mailbox,
        contact_id: contact.id,
      })),
    );
    for (const rows of chunks(mailboxes)) await db.insertInto('crm_contact_emails').values(rows).execute();
  }
  return fresh.length;
}

/** Drops deleted or merged-away records (and their keys); returns how many were indexed. */
export async function remove(
  db: Kysely<StoreDatabase>,
  portalId: number,
  objectType: IndexedObjectType,
  ids: readonly string[],
): Promise<number> {
  let removed = 0;
  for (const part of chunks([...new Set(ids)])) {
    if (objectType === 'companies') {
      await db
        .deleteFrom('crm_company_domains')
        .where('portal_id', '=', portalId)
        .where('company_id', 'in', part)
        .execute();
      const result = await db
        .deleteFrom('crm_companies')
        .where('portal_id', '=', portalId)
        .where('company_id', 'in', part)
        .executeTakeFirst();
      removed += Number(result.numDeletedRows);
    } else if (objectType === 'deals') {
      await db
        .deleteFrom('crm_deal_links')
        .where('portal_id', '=', portalId)
        .where('deal_id', 'in', part)
        .execute();
      const result = await db
        .deleteFrom('crm_deals')
        .where('portal_id', '=', portalId)
        .where('deal_id', 'in', part)
        .executeTakeFirst();
      removed += Number(result.numDeletedRows);
    } else {
      await db
        .deleteFrom('crm_contact_emails')
        .where('portal_id', '=', portalId)
        .where('contact_id', 'in', part)
        .execute();
      const result = await db
        .deleteFrom('crm_contacts')
        .where('portal_id', '=', portalId)
        .where('contact_id', 'in', part)
        .executeTakeFirst();
      removed += Number(result.numDeletedRows);
    }
  }
  return removed;
}

/** The records not older than their stored copies (an equal time rewrites: a re-read is as fresh). */
async function newer<R extends { id: string; modifiedAt: number }>(
  db: Kysely<StoreDatabase>,
  portalId: number,
  objectType: IndexedObjectType,
  records: readonly R[],
): Promise<R[]> {
  const latest = new Map<string, R>();
  for (const record of records) {
    const known = latest.get(record.id);
    if (!known || record.modifiedAt >= known.modifiedAt) latest.set(record.id, record);
  }
  const stored = await modifiedTimes(db, portalId, objectType, [...latest.keys()]);
  return [...latest.values()].filter((record) => record.modifiedAt >= (stored.get(record.id) ?? -Infinity));
}
