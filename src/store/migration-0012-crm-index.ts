import type { Kysely, Migration } from 'kysely';

/**
 * The per-portal CRM index (issue 16): the companies, deals and contacts matching compares a new
 * lead with, held locally so that matching needs no HubSpot search. Keys matching looks up by
 * (registrable domains, email mailboxes, deal links) live in narrow tables of their own so that
 * one indexed lookup answers a whole batch. `crm_index_states` says how fresh the index is, and
 * each decision keeps the index version it read.
 */
export const migration0012CrmIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('crm_companies')
      .addColumn('portal_id', 'bigint', (col) => col.notNull())
      .addColumn('company_id', 'text', (col) => col.notNull())
      .addColumn('name_key', 'text')
      .addColumn('owner_id', 'text')
      .addColumn('parent_id', 'text')
      .addColumn('properties', 'text', (col) => col.notNull())
      .addColumn('modified_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('crm_companies_pk', ['portal_id', 'company_id'])
      .execute();
    await db.schema
      .createIndex('crm_companies_name_idx')
      .on('crm_companies')
      .columns(['portal_id', 'name_key'])
      .execute();
    await db.schema
      .createIndex('crm_companies_parent_idx')
      .on('crm_companies')
      .columns(['portal_id', 'parent_id'])
      .execute();
    await db.schema
      .createTable('crm_company_domains')
      .addColumn('portal_id', 'bigint', (col) => col.notNull())
      .addColumn('domain', 'text', (col) => col.notNull())
      .addColumn('company_id', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('crm_company_domains_pk', ['portal_id', 'domain', 'company_id'])
      .execute();
    await db.schema
      .createIndex('crm_company_domains_company_idx')
      .on('crm_company_domains')
      .columns(['portal_id', 'company_id'])
      .execute();

    await db.schema
      .createTable('crm_deals')
      .addColumn('portal_id', 'bigint', (col) => col.notNull())
      .addColumn('deal_id', 'text', (col) => col.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('stage', 'text')
      .addColumn('closed', 'integer', (col) => col.notNull())
      .addColumn('properties', 'text', (col) => col.notNull())
      .addColumn('modified_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('crm_deals_pk', ['portal_id', 'deal_id'])
      .execute();
    await db.schema
      .createTable('crm_deal_links')
      .addColumn('portal_id', 'bigint', (col) => col.notNull())
      .addColumn('deal_id', 'text', (col) => col.notNull())
      .addColumn('object_type', 'text', (col) => col.notNull())
      .addColumn('object_id', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('crm_deal_links_pk', ['portal_id', 'deal_id', 'object_type', 'object_id'])
      .execute();
    await db.schema
      .createIndex('crm_deal_links_object_idx')
      .on('crm_deal_links')
      .columns(['portal_id', 'object_type', 'object_id'])
      .execute();

    await db.schema
      .createTable('crm_contacts')
      .addColumn('portal_id', 'bigint', (col) => col.notNull())
      .addColumn('contact_id', 'text', (col) => col.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('properties', 'text', (col) => col.notNull())
      .addColumn('modified_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('crm_contacts_pk', ['portal_id', 'contact_id'])
      .execute();
    await db.schema
      .createTable('crm_contact_emails')
      .addColumn('portal_id', 'bigint', (col) => col.notNull())
      .addColumn('mailbox', 'text', (col) => col.notNull())
      .addColumn('contact_id', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('crm_contact_emails_pk', ['portal_id', 'mailbox', 'contact_id'])
      .execute();
    await db.schema
      .createIndex('crm_contact_emails_contact_idx')
      .on('crm_contact_emails')
      .columns(['portal_id', 'contact_id'])
      .execute();

    await db.schema
      .createTable('crm_index_states')
      .addColumn('portal_id', 'bigint', (col) => col.primaryKey())
      .addColumn('phase', 'text', (col) => col.notNull())
      .addColumn('cursors', 'text', (col) => col.notNull())
      .addColumn('records', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('calls', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .addColumn('version', 'integer', (col) => col.notNull().defaultTo(0))
      .addColumn('last_webhook_at', 'bigint')
      .addColumn('last_sweep_at', 'bigint')
      .addColumn('updated_at', 'bigint', (col) => col.notNull())
      .execute();

    await db.schema.alterTable('handoff_decisions').addColumn('index_version', 'integer').execute();
  },
};
