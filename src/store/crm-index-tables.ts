/**
 * Table shapes of the per-portal CRM index (migration 0012). `properties` is JSON text: the
 * HubSpot properties matching reads, as HubSpot returned them.
 */
export interface CrmCompaniesTable {
  portal_id: number;
  company_id: string;
  /** `normaliseCompanyName` of `name`: null when the company has no name. */
  name_key: string | null;
  owner_id: string | null;
  parent_id: string | null;
  properties: string;
  /** `hs_lastmodifieddate`, epoch ms: an older copy never replaces a newer one. */
  modified_at: number;
}

export interface CrmCompanyDomainsTable {
  portal_id: number;
  /** A registrable domain the company claims in `domain`, `website` or `hs_additional_domains`. */
  domain: string;
  company_id: string;
}

export interface CrmDealsTable {
  portal_id: number;
  deal_id: string;
  owner_id: string | null;
  stage: string | null;
  /** 1 closed (won or lost), 0 open. */
  closed: number;
  properties: string;
  modified_at: number;
}

export interface CrmDealLinksTable {
  portal_id: number;
  deal_id: string;
  object_type: 'company' | 'contact';
  object_id: string;
}

export interface CrmContactsTable {
  portal_id: number;
  contact_id: string;
  owner_id: string | null;
  properties: string;
  modified_at: number;
}

export interface CrmContactEmailsTable {
  portal_id: number;
  /** `normaliseEmail` of `email` or one of `hs_additional_emails`. */
  mailbox: string;
  contact_id: string;
}

export interface CrmIndexStatesTable {
  portal_id: number;
  phase: string;
  /** JSON text: per object type, the list cursor to resume from, or `done`. */
  cursors: string;
  records: number;
  calls: number;
  started_at: number | null;
  finished_at: number | null;
  version: number;
  last_webhook_at: number | null;
  last_sweep_at: number | null;
  updated_at: number;
}

export interface CrmIndexTables {
  crm_companies: CrmCompaniesTable;
  crm_company_domains: CrmCompanyDomainsTable;
  crm_deals: CrmDealsTable;
  crm_deal_links: CrmDealLinksTable;
  crm_contacts: CrmContactsTable;
  crm_contact_emails: CrmContactEmailsTable;
  crm_index_states: CrmIndexStatesTable;
}
