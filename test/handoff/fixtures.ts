import type { CompanyCandidate, HubSpotRecord, OwnerRecord } from '../../src/handoff';
import type { HandoffInput } from '../../src/handoff/decide-handoff';

/**
 * HubSpot's real shapes: CRM v3 records carry `id` and string-valued `properties` (numbers,
 * booleans and datetimes included); owners come from GET /crm/v3/owners with their teams.
 */

export const NOW = Date.parse('2026-11-18T10:00:00.000Z'); // a Wednesday

export function contact(id: string, properties: Record<string, string | null | undefined>): HubSpotRecord {
  return {
    id,
    properties: {
      createdate: '2026-11-18T09:59:00.000Z',
      lastmodifieddate: '2026-11-18T09:59:30.000Z',
      hs_object_id: id,
      ...properties,
    },
  };
}

export function deal(id: string, properties: Record<string, string | null>): HubSpotRecord {
  return {
    id,
    properties: {
      dealname: `Deal ${id}`,
      pipeline: 'default',
      dealstage: 'appointmentscheduled',
      hs_is_closed: 'false',
      hs_lastmodifieddate: '2026-10-01T12:00:00.000Z',
      hs_object_id: id,
      ...properties,
    },
  };
}

export function company(
  id: string,
  properties: Record<string, string | null>,
  extra: Partial<Omit<CompanyCandidate, 'id' | 'properties'>> = {},
): CompanyCandidate {
  return {
    id,
    properties: { createdate: '2021-03-04T08:00:00.000Z', hs_object_id: id, ...properties },
    deals: [],
    contactCount: 3,
    ...extra,
  };
}

export function owner(id: string, name: string, teams: string[], archived = false): OwnerRecord {
  const [firstName = '', lastName = ''] = name.split(' ');
  return {
    id,
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}@vendor.example`,
    archived,
    teams: teams.map((team, index) => ({ id: String(index + 1), name: team, primary: index === 0 })),
  };
}

export const OWNERS: OwnerRecord[] = [
  owner('101', 'Sam Ortiz', ['Sales']),
  owner('102', 'Ada Lane', ['Sales']),
  owner('103', 'Raj Mehta', ['Sales']),
  owner('201', 'Kim Park', ['SDR']),
  owner('202', 'Lee Wong', ['SDR']),
  owner('301', 'Old Timer', ['Sales'], true),
];

export function input(overrides: Partial<HandoffInput> & Pick<HandoffInput, 'contact'>): HandoffInput {
  return {
    companies: [],
    otherContacts: [],
    owners: OWNERS,
    openLeadsByOwner: {},
    routingState: {},
    ...overrides,
  };
}
