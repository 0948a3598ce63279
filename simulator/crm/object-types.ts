import { notFound } from '../errors';

/** The CRM object types the simulator holds, under HubSpot's names, singular names and type ids. */
export type ObjectType = 'contacts' | 'companies' | 'deals' | 'tasks' | 'notes';

export const OBJECT_TYPES: readonly ObjectType[] = ['contacts', 'companies', 'deals', 'tasks', 'notes'];

export const OBJECT_TYPE_IDS: Record<ObjectType, string> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  tasks: '0-27',
  notes: '0-46',
};

/** What webhooks call the type (`objectType` in subscriptions, the prefix of legacy types). */
export const SINGULAR: Record<ObjectType, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  tasks: 'task',
  notes: 'note',
};

/** Where each type's ids start: distinct ranges, so an id in a test names one record only. */
export const FIRST_ID: Record<ObjectType, number> = {
  contacts: 100_001,
  companies: 500_001,
  deals: 900_001,
  tasks: 1_300_001,
  notes: 1_700_001,
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
};

/** Free-text `query` searches these (HubSpot's default searchable properties). */
export const QUERY_PROPERTIES: Record<ObjectType, readonly string[]> = {
  contacts: ['firstname', 'lastname', 'email', 'phone', 'company'],
  companies: ['name', 'domain', 'website', 'phone'],
  deals: ['dealname'],
  tasks: ['hs_task_subject', 'hs_task_body'],
  notes: ['hs_note_body'],
};
