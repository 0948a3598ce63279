import {
  ASSOCIATION_TYPE_IDS,
  type AssociationForCreate,
  type BatchCreateInput,
  type BatchResult,
  type HubSpotCrm,
  type SimplePublicObject,
} from './crm';

/** A HubSpot lead (the Leads object, `0-136`) to create for a handed-off contact. */
export interface NewLead {
  contactId: string;
  /** The contact's matched company, when it has one: the lead is associated to it too. */
  companyId: string | null;
  properties: Record<string, string>;
}

function hubspotDefined(id: string, associationTypeId: number): AssociationForCreate {
  return { to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }] };
}

/** A lead is created with its primary contact, and its company (HUBSPOT-NOTES: the Leads object). */
export function leadCreateInput(lead: NewLead): BatchCreateInput {
  const associations = [hubspotDefined(lead.contactId, ASSOCIATION_TYPE_IDS.leadToPrimaryContact)];
  if (lead.companyId) associations.push(hubspotDefined(lead.companyId, ASSOCIATION_TYPE_IDS.leadToCompany));
  return { properties: lead.properties, associations };
}

/** Creates the leads in one batch. Not retried after a 5xx or timeout: callers look before they create. */
export function createLeads(
  crm: HubSpotCrm,
  leads: readonly NewLead[],
): Promise<BatchResult<SimplePublicObject>> {
  return crm.batchCreate('leads', leads.map(leadCreateInput));
}

/** The leads already associated with each contact (a contact without any maps to []). */
export function leadsOfContacts(crm: HubSpotCrm, contactIds: readonly string[]) {
  return crm.readAssociationsBatch('contacts', 'leads', contactIds);
}
