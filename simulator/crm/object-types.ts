import { notFound } from '../errors';

/** The CRM object types the simulator holds, under HubSpot's names, singular names and type ids. */
export type ObjectType =
  'contacts' | 'companies' | 'deals' | 'tasks' | 'notes' | 'calls' | 'emails' | 'meetings' | 'leads';

export const OBJECT_TYPES: readonly ObjectType[] = [
  'contacts',
  'companies',
  'deals',
  'tasks',
  'notes',
  'calls',
  'emails',
  'meetings',
  'leads',
];

/** The engagements a rep logs: HubSpot counts them as sales activity on the associated contact. */
export const SALES_ACTIVITY_TYPES: readonly ObjectType[] = ['calls', 'emails', 'meetings', 'notes'];

export const OBJECT_TYPE_IDS: Record<ObjectType, string> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  tasks: '0-27',
  notes: '0-46',
  calls: '0-48',
  emails: '0-49',
  meetings: '0-47',
  leads: '0-136',
};

/** What webhooks call the type (`objectType` in subscriptions, the prefix of legacy types). */
export const SINGULAR: Record<ObjectType, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  tasks: 'task',
  notes: 'note',
  calls: 'call',
  emails: 'email',
  meetings: 'meeting',
  leads: 'lead',
};

/** Where each type's ids start: distinct ranges, so an id in a test names one record only. */
export const FIRST_ID: Record<ObjectType, number> = {
  contacts: 100_001,
  companies: 500_001,
  deals: 900_001,
  tasks: 1_300_001,
  notes: 1_700_001,
  calls: 2_100_001,
  emails: 2_500_001,
  meetings: 2_900_001,
  leads: 3_300_001,
};

const ALIASES = new Map<string, ObjectType>();
for (const type of OBJECT_TYPES) {
  ALIASES.set(type, type);
  ALIASES.set(SINGULAR[type], type);
  ALIASES.set(OBJECT_TYPE_IDS[type], type);
}

/** `contacts`, `contact` and `0-1` all name contacts, as in HubSpot's paths. */
export function objectTypeOf(name: string): ObjectType {
  const type = ALIASES.get(name.toLowerCase());
  if (!type) throw notFound(`Unable to infer object type from: ${name}`);
  return type;
}

/** The property HubSpot maintains as "last modified" on each type (contacts keep their older name). */
export function modifiedProperty(type: ObjectType): string {
  return type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

/** What a read returns when it names no properties. */
export const DEFAULT_PROPERTIES: Record<ObjectType, readonly string[]> = {
  contacts: ['firstname', 'lastname', 'email'],
  companies: ['name', 'domain'],
  deals: ['dealname', 'amount', 'closedate', 'pipeline', 'dealstage'],
  tasks: ['hs_task_subject', 'hs_task_status', 'hs_timestamp'],
  notes: ['hs_note_body', 'hs_timestamp'],
  calls: ['hs_call_title', 'hs_call_body', 'hs_timestamp'],
  emails: ['hs_email_subject', 'hs_email_text', 'hs_timestamp'],
  meetings: ['hs_meeting_title', 'hs_meeting_start_time', 'hs_timestamp'],
  leads: ['hs_lead_name', 'hs_pipeline', 'hs_pipeline_stage'],
};

/** Free-text `query` searches these (HubSpot's default searchable properties). */
export const QUERY_PROPERTIES: Record<ObjectType, readonly string[]> = {
  contacts: ['firstname', 'lastname', 'email', 'phone', 'company'],
  companies: ['name', 'domain', 'website', 'phone'],
  deals: ['dealname'],
  tasks: ['hs_task_subject', 'hs_task_body'],
  notes: ['hs_note_body'],
  calls: ['hs_call_title', 'hs_call_body'],
  emails: ['hs_email_subject', 'hs_email_text'],
  meetings: ['hs_meeting_title', 'hs_meeting_body'],
  leads: ['hs_lead_name'],
};
