import type { OwnerRecord } from './hubspot-records';
import type { Playbook } from './playbook';

/**
 * The playbook's `fallbackOwner` must be an active HubSpot owner: a full pool's leads would
 * otherwise go to someone who cannot work them. Whether the owner exists needs HubSpot's owner
 * list, so this runs where the app lists owners (start-up provisioning, installs, `npm run setup`),
 * not when the playbook file is parsed.
 */
export function checkFallbackOwner(
  playbook: Pick<Playbook, 'fallbackOwner'>,
  owners: readonly OwnerRecord[],
): string | undefined {
  const id = playbook.fallbackOwner;
  if (id === null) return undefined;
  const owner = owners.find((candidate) => candidate.id === id);
  const fix =
    "set fallbackOwner to an active owner's id (HubSpot: Settings > Users & Teams), or remove it so a full pool's least-loaded member takes the lead";
  if (!owner) return `playbook field fallbackOwner: "${id}" is not an owner in this HubSpot account; ${fix}`;
  if (owner.archived) return `playbook field fallbackOwner: owner "${id}" is archived in HubSpot; ${fix}`;
  return undefined;
}
