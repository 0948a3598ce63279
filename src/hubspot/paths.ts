/**
 * Every HubSpot URL this app calls, in one place. HubSpot is moving to dated paths
 * (`/crm/objects/2026-03/...`): v4 paths are supported until 2027-03 and v1–v3 until 2027-09, so the
 * move has to be one change here, not a search through the code.
 *
 * Path segments that come from data are percent-encoded; nothing here ever sees a query string.
 */
const segment = (value: string | number): string => encodeURIComponent(String(value));

export const hubspotPaths = {
  /** Where a person grants the app access (a browser URL, not an API path). */
  oauthAuthorizeUrl: 'https://app.hubspot.com/oauth/authorize',
  /** Deprecated 2027-02-16 in favour of `/oauth/2026-03/token`. */
  oauthToken: '/oauth/v1/token',
  /** The token is part of the path: never log this path, log the endpoint label instead. */
  oauthAccessToken: (accessToken: string) => `/oauth/v1/access-tokens/${segment(accessToken)}`,

  object: (objectType: string, objectId: string) =>
    `/crm/v3/objects/${segment(objectType)}/${segment(objectId)}`,
  objects: (objectType: string) => `/crm/v3/objects/${segment(objectType)}`,
  objectsBatchRead: (objectType: string) => `/crm/v3/objects/${segment(objectType)}/batch/read`,
  objectsBatchUpdate: (objectType: string) => `/crm/v3/objects/${segment(objectType)}/batch/update`,
  objectsBatchCreate: (objectType: string) => `/crm/v3/objects/${segment(objectType)}/batch/create`,
  objectsSearch: (objectType: string) => `/crm/v3/objects/${segment(objectType)}/search`,

  associationsBatchRead: (fromObjectType: string, toObjectType: string) =>
    `/crm/v4/associations/${segment(fromObjectType)}/${segment(toObjectType)}/batch/read`,

  pipelines: (objectType: string) => `/crm/v3/pipelines/${segment(objectType)}`,

  owners: '/crm/v3/owners',
  owner: (ownerId: string) => `/crm/v3/owners/${segment(ownerId)}`,

  properties: (objectType: string) => `/crm/v3/properties/${segment(objectType)}`,
  property: (objectType: string, propertyName: string) =>
    `/crm/v3/properties/${segment(objectType)}/${segment(propertyName)}`,
  propertiesBatchCreate: (objectType: string) => `/crm/v3/properties/${segment(objectType)}/batch/create`,
  propertyGroups: (objectType: string) => `/crm/v3/properties/${segment(objectType)}/groups`,
  propertyGroup: (objectType: string, groupName: string) =>
    `/crm/v3/properties/${segment(objectType)}/groups/${segment(groupName)}`,
} as const;
