import { LRUCache } from 'lru-cache';
import type { OwnerRecord } from '../handoff/hubspot-records';
import type { HubSpotCrm } from '../hubspot/crm';
import { OwnerDirectory } from '../lead-context/owner-directory';
import type { Logger } from '../log';

/** What a person reads instead of an id: owner names and disqualification reason labels. */
export interface DisplayNames {
  owners: ReadonlyMap<string, string>;
  reasons: ReadonlyMap<string, string>;
}

/** "Ana Díaz", else the owner's email, else nothing (the caller shows the id). */
export function ownerDisplayName(owner: OwnerRecord): string | undefined {
  const name = [owner.firstName, owner.lastName].filter(Boolean).join(' ').trim();
  const shown = name || owner.email || undefined;
  return shown && owner.archived ? `${shown} (archived)` : shown;
}

/** An owner id as people read it: the name with the id kept beside it for search. */
export function ownerLabel(names: DisplayNames, ownerId: string | null | undefined): string {
  if (!ownerId) return 'none';
  const name = names.owners.get(ownerId);
  return name ? `${name} (${ownerId})` : ownerId;
}

export function reasonLabel(names: DisplayNames, reasonId: string): string {
  return names.reasons.get(reasonId) ?? reasonId.replace(/_/g, ' ');
}

const OWNERS_TTL_MS = 10 * 60_000;

/**
 * Owner names per portal for the admin, from HubSpot's owner list (cached like the engine's, so a
 * page view costs no call most of the time). When HubSpot cannot be read the page still renders,
 * with ids.
 */
export class PortalOwnerNames {
  private readonly directories = new LRUCache<number, OwnerDirectory>({ max: 100 });

  constructor(
    private readonly options: {
      crmFor: (portalId: number) => Promise<HubSpotCrm>;
      log: Logger;
      now: () => number;
    },
  ) {}

  async forPortal(portalId: number): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    try {
      let directory = this.directories.get(portalId);
      if (!directory) {
        directory = new OwnerDirectory(await this.options.crmFor(portalId), this.options.now, OWNERS_TTL_MS);
        this.directories.set(portalId, directory);
      }
      for (const owner of await directory.list()) {
        const name = ownerDisplayName(owner);
        if (name) names.set(owner.id, name);
      }
    } catch (error) {
      this.options.log.warn(
        { portalId, err: error instanceof Error ? error.message : String(error) },
        'owner names not read from HubSpot; the admin shows owner ids',
      );
    }
    return names;
  }
}
