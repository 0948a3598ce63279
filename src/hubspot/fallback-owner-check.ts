import { checkFallbackOwner } from '../handoff/check-fallback-owner';
import type { Playbook } from '../handoff/playbook';
import { HubSpotCrm } from './crm';
import type { HubSpotClient } from './hubspot-client';

export interface PlaybookFieldProblem {
  /** The playbook field at fault, reported where property conflicts are. */
  name: string;
  message: string;
}

/**
 * Checks the playbook's `fallbackOwner` against the account's owners: one owner listing when it
 * names someone (archived owners only when the id is not active), no call otherwise.
 */
export async function fallbackOwnerProblems(
  client: HubSpotClient,
  playbook: Pick<Playbook, 'fallbackOwner'>,
): Promise<PlaybookFieldProblem[]> {
  if (playbook.fallbackOwner === null) return [];
  const crm = new HubSpotCrm(client);
  const active = await crm.listOwners({ archived: false });
  const owners = active.some((owner) => owner.id === playbook.fallbackOwner)
    ? active
    : [...active, ...(await crm.listOwners({ archived: true }))];
  const records = owners.map((owner) => ({
    id: owner.id,
    firstName: owner.firstName ?? null,
    lastName: owner.lastName ?? null,
    email: owner.email ?? null,
    archived: owner.archived,
  }));
  const message = checkFallbackOwner(playbook, records);
  return message ? [{ name: 'fallbackOwner', message }] : [];
}
