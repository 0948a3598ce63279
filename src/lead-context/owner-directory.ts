import { LRUCache } from 'lru-cache';
import { ownerName, type OwnerRecord } from '../handoff/hubspot-records';
import type { HubSpotCrm, PublicOwner } from '../hubspot/crm';

/** HubSpot's `PublicOwner` as the engine reads it: name, email, archived flag and teams. */
export function toOwnerRecord(owner: PublicOwner): OwnerRecord {
  return {
    id: owner.id,
    firstName: owner.firstName ?? null,
    lastName: owner.lastName ?? null,
    email: owner.email ?? null,
    archived: owner.archived,
    teams: (owner.teams ?? []).map((team) => ({ id: team.id, name: team.name, primary: team.primary })),
  };
}

/**
 * An owner id as people read it ("Ada Lane"): the owner's name, else email, else "owner 123".
 * One lookup for every screen that shows owners (dry runs, explain, reports).
 */
export function ownerNameOf(owners: readonly OwnerRecord[], id: string | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  return ownerName(
    owners.find((owner) => owner.id === id),
    id,
  );
}

/**
 * A portal's owners with their teams, active and archived. `GET /crm/v3/owners` lists only active
 * owners unless asked for `archived=true`, and the engine needs both: an archived owner still
 * holds deals and companies, and routing must see that they are archived to skip them. Cached for
 * minutes: rosters change rarely, and every batch would otherwise pay two calls.
 */
export class OwnerDirectory {
  private readonly cache: LRUCache<'all', OwnerRecord[]>;

  constructor(crm: HubSpotCrm, now: () => number, ttlMs: number) {
    this.cache = new LRUCache<'all', OwnerRecord[]>({
      max: 1,
      ttl: ttlMs,
      perf: { now },
      // `fetch` shares one in-flight listing between concurrent loads.
      fetchMethod: async () => {
        const active = await crm.listOwners({ archived: false });
        const archived = await crm.listOwners({ archived: true });
        const byId = new Map<string, OwnerRecord>();
        for (const owner of [...active, ...archived]) {
          if (!byId.has(owner.id)) byId.set(owner.id, toOwnerRecord(owner));
        }
        return [...byId.values()];
      },
    });
  }

  async list(): Promise<OwnerRecord[]> {
    return (await this.cache.fetch('all')) ?? [];
  }

  /** The owner's name for an id, from the cached roster. */
  async nameOf(id: string | null | undefined): Promise<string | null> {
    return ownerNameOf(await this.list(), id);
  }

  /** After a roster change the caller knows of (or in tests). */
  clear(): void {
    this.cache.clear();
  }
}
