import type { HubSpotCrm } from './crm';
import { HubSpotNotFoundError } from './hubspot-errors';
import { hubspotPaths } from './paths';

/**
 * The option values of one enumeration property as the portal has them (portals edit
 * `hs_lead_status`'s list: HUBSPOT-NOTES). Null when the portal has no such property.
 */
export async function readPropertyOptions(
  crm: HubSpotCrm,
  objectType: string,
  propertyName: string,
): Promise<Set<string> | null> {
  try {
    const property = await crm.client.request<{ options?: Array<{ value: string; hidden?: boolean }> }>({
      method: 'GET',
      path: hubspotPaths.property(objectType, propertyName),
      endpoint: 'properties.read',
    });
    return new Set((property.options ?? []).filter((option) => !option.hidden).map((option) => option.value));
  } catch (error) {
    if (error instanceof HubSpotNotFoundError) return null;
    throw error;
  }
}
