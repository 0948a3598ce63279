import type { ObjectType } from './object-types';

/** HubSpot's `Property` shape, as the properties API returns it. */
export interface PropertyDefinition {
  name: string;
  label: string;
  description: string;
  groupName: string;
  type: string;
  fieldType: string;
  options: Array<{
    label: string;
    value: string;
    hidden: boolean;
    displayOrder?: number;
    description?: string;
  }>;
  displayOrder: number;
  hidden: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hubspotDefined?: boolean;
  referencedObjectType?: string;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface PropertyGroupDefinition {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

type Kind = 'text' | 'textarea' | 'number' | 'datetime' | 'bool' | 'owner' | `enum:${string}`;

/** name: kind, with `!` for values HubSpot calculates (read-only through the API). */
const STANDARD: Record<ObjectType, Record<string, Kind>> = {
  contacts: {
    email: 'text',
    firstname: 'text',
    lastname: 'text',
    jobtitle: 'text',
    company: 'text',
    website: 'text',
    phone: 'text',
    city: 'text',
    country: 'text',
    industry: 'text',
    message: 'textarea',
    numemployees: 'enum:1-5,5-25,25-50,50-100,100-500,500-1000,1000+',
    lifecyclestage:
      'enum:subscriber,lead,marketingqualifiedlead,salesqualifiedlead,opportunity,customer,evangelist,other',
    hubspot_owner_id: 'owner',
    'associatedcompanyid!': 'number',
    hs_additional_emails: 'text',
    'hs_email_domain!': 'text',
    hs_analytics_source:
      'enum:ORGANIC_SEARCH,PAID_SEARCH,EMAIL_MARKETING,SOCIAL_MEDIA,REFERRALS,OTHER_CAMPAIGNS,DIRECT_TRAFFIC,OFFLINE,PAID_SOCIAL',
    hs_analytics_source_data_1: 'text',
    hs_analytics_source_data_2: 'text',
    hs_analytics_first_touch_converting_campaign: 'text',
    hs_analytics_first_url: 'text',
    hs_analytics_num_page_views: 'number',
    hs_analytics_num_visits: 'number',
    recent_conversion_event_name: 'text',
    first_conversion_event_name: 'text',
    num_conversion_events: 'number',
    hubspotscore: 'number',
    hs_lead_status:
      'enum:NEW,OPEN,IN_PROGRESS,OPEN_DEAL,UNQUALIFIED,ATTEMPTED_TO_CONTACT,CONNECTED,BAD_TIMING',
    // HubSpot calculates these from the engagements associated with the contact.
    'notes_last_contacted!': 'datetime',
    'hs_last_sales_activity_timestamp!': 'datetime',
    'num_contacted_notes!': 'number',
    // When the contact entered each lifecycle stage (HubSpot stamps them on every change).
    'hs_v2_date_entered_lead!': 'datetime',
    'hs_v2_date_entered_marketingqualifiedlead!': 'datetime',
    'hs_v2_date_entered_salesqualifiedlead!': 'datetime',
    'hs_v2_date_entered_opportunity!': 'datetime',
    'hs_v2_date_entered_customer!': 'datetime',
    createdate: 'datetime',
    'lastmodifieddate!': 'datetime',
    'hs_object_id!': 'number',
  },
  companies: {
    name: 'text',
    domain: 'text',
    website: 'text',
    hs_additional_domains: 'text',
    numberofemployees: 'number',
    annualrevenue: 'number',
    industry: 'text',
    country: 'text',
    city: 'text',
    phone: 'text',
    hubspot_owner_id: 'owner',
    hs_parent_company_id: 'number',
    'num_associated_contacts!': 'number',
    notes_last_updated: 'datetime',
    createdate: 'datetime',
    'hs_lastmodifieddate!': 'datetime',
    'hs_object_id!': 'number',
  },
  deals: {
    dealname: 'text',
    amount: 'number',
    dealstage:
      'enum:appointmentscheduled,qualifiedtobuy,presentationscheduled,decisionmakerboughtin,contractsent,closedwon,closedlost',
    pipeline: 'enum:default',
    closedate: 'datetime',
    hubspot_owner_id: 'owner',
    'hs_is_closed!': 'bool',
    'hs_is_closed_won!': 'bool',
    createdate: 'datetime',
    'hs_lastmodifieddate!': 'datetime',
    'hs_object_id!': 'number',
  },
  tasks: {
    hs_timestamp: 'datetime',
    hs_task_subject: 'text',
    hs_task_body: 'textarea',
    hs_task_status: 'enum:NOT_STARTED,IN_PROGRESS,WAITING,COMPLETED,DEFERRED',
    hs_task_priority: 'enum:NONE,LOW,MEDIUM,HIGH',
    hs_task_type: 'enum:CALL,EMAIL,TODO,LINKED_IN,LINKED_IN_CONNECT,LINKED_IN_MESSAGE',
    // Reminder times (epoch ms, semicolon-separated), as HubSpot's task reminders hold them.
    hs_task_reminders: 'text',
    hubspot_owner_id: 'owner',
    createdate: 'datetime',
    'hs_lastmodifieddate!': 'datetime',
    'hs_object_id!': 'number',
  },
  notes: {
    hs_timestamp: 'datetime',
    hs_note_body: 'textarea',
    hubspot_owner_id: 'owner',
    createdate: 'datetime',
    'hs_lastmodifieddate!': 'datetime',
    'hs_object_id!': 'number',
  },
  calls: {
    hs_timestamp: 'datetime',
    hs_call_title: 'text',
    hs_call_body: 'textarea',
    hs_call_direction: 'enum:INBOUND,OUTBOUND',
    // HubSpot's default call outcomes are option ids; these are the "Connected" and "No answer" ones.
    hs_call_disposition:
      'enum:f240bbac-87c9-4f6e-bf70-924b57d47db7,73a0d17f-1163-4015-bdd5-ec830791da20,b2cf5968-551e-4856-9783-52b3da59a7d0',
    hs_call_duration: 'number',
    hs_call_status:
      'enum:BUSY,CALLING_CRM_USER,CANCELED,COMPLETED,CONNECTING,FAILED,IN_PROGRESS,NO_ANSWER,QUEUED,RINGING',
    hubspot_owner_id: 'owner',
    createdate: 'datetime',
    'hs_lastmodifieddate!': 'datetime',
    'hs_object_id!': 'number',
  },
  emails: {
    hs_timestamp: 'datetime',
    hs_email_subject: 'text',
    hs_email_text: 'textarea',
    hs_email_direction: 'enum:EMAIL,INCOMING_EMAIL,FORWARDED_EMAIL',
    hs_email_status: 'enum:BOUNCED,FAILED,SCHEDULED,SENDING,SENT',
    hubspot_owner_id: 'owner',
    createdate: 'datetime',
    'hs_lastmodifieddate!': 'datetime',
    'hs_object_id!': 'number',
  },
  meetings: {
    hs_timestamp: 'datetime',
    hs_meeting_title: 'text',
    hs_meeting_body: 'textarea',
    hs_meeting_start_time: 'datetime',
    hs_meeting_end_time: 'datetime',
    hs_meeting_outcome: 'enum:SCHEDULED,COMPLETED,RESCHEDULED,NO_SHOW,CANCELED',
    hubspot_owner_id: 'owner',
    createdate: 'datetime',
    'hs_lastmodifieddate!': 'datetime',
    'hs_object_id!': 'number',
  },
  leads: {
    hs_lead_name: 'text',
    hs_pipeline: 'enum:lead-pipeline-id',
    hs_pipeline_stage:
      'enum:new-stage-id,attempting-stage-id,connected-stage-id,qualified-stage-id,unqualified-stage-id',
    hs_lead_type: 'enum:NEW_BUSINESS,UPSELL,RE_ATTEMPTING',
    hs_lead_label: 'enum:HOT,WARM,COLD',
    hubspot_owner_id: 'owner',
    createdate: 'datetime',
    'hs_lastmodifieddate!': 'datetime',
    'hs_object_id!': 'number',
  },
};

const GROUP: Record<ObjectType, PropertyGroupDefinition> = {
  contacts: { name: 'contactinformation', label: 'Contact information', displayOrder: 0, archived: false },
  companies: { name: 'companyinformation', label: 'Company information', displayOrder: 0, archived: false },
  deals: { name: 'dealinformation', label: 'Deal information', displayOrder: 0, archived: false },
  tasks: { name: 'task', label: 'Task information', displayOrder: 0, archived: false },
  notes: { name: 'note', label: 'Note information', displayOrder: 0, archived: false },
  calls: { name: 'call', label: 'Call information', displayOrder: 0, archived: false },
  emails: { name: 'email', label: 'Email information', displayOrder: 0, archived: false },
  meetings: { name: 'meeting', label: 'Meeting information', displayOrder: 0, archived: false },
  leads: { name: 'lead_information', label: 'Lead information', displayOrder: 0, archived: false },
};

const SINCE = '2019-08-06T02:43:14.491Z';

function define(
  name: string,
  kind: Kind,
  readOnly: boolean,
  groupName: string,
  order: number,
): PropertyDefinition {
  const shape: Pick<PropertyDefinition, 'type' | 'fieldType' | 'options'> & {
    referencedObjectType?: string;
  } =
    kind === 'text' || kind === 'textarea'
      ? { type: 'string', fieldType: kind, options: [] }
      : kind === 'number'
        ? { type: 'number', fieldType: 'number', options: [] }
        : kind === 'datetime'
          ? { type: 'datetime', fieldType: 'date', options: [] }
          : kind === 'bool'
            ? {
                type: 'bool',
                fieldType: 'booleancheckbox',
                options: [
                  { label: 'True', value: 'true', hidden: false, displayOrder: 0 },
                  { label: 'False', value: 'false', hidden: false, displayOrder: 1 },
                ],
              }
            : kind === 'owner'
              ? { type: 'enumeration', fieldType: 'select', options: [], referencedObjectType: 'OWNER' }
              : {
                  type: 'enumeration',
                  fieldType: 'select',
                  options: kind
                    .slice(5)
                    .split(',')
                    .map((value, index) => ({ label: value, value, hidden: false, displayOrder: index })),
                };
  return {
    name,
    label: name,
    description: '',
    groupName,
    ...shape,
    displayOrder: order,
    hidden: false,
    formField: !readOnly,
    calculated: readOnly,
    externalOptions: kind === 'owner',
    hasUniqueValue: false,
    hubspotDefined: true,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: readOnly },
    createdAt: SINCE,
    updatedAt: SINCE,
    archived: false,
  };
}

/** HubSpot's standard properties of a type (the subset the simulator models), freshly built. */
export function standardProperties(type: ObjectType): PropertyDefinition[] {
  return Object.entries(STANDARD[type]).map(([key, kind], index) => {
    const readOnly = key.endsWith('!');
    return define(readOnly ? key.slice(0, -1) : key, kind, readOnly, GROUP[type].name, index);
  });
}

export function standardGroups(type: ObjectType): PropertyGroupDefinition[] {
  return [{ ...GROUP[type] }];
}
