import { LRUCache } from 'lru-cache';
import type { OwnerRecord } from '../handoff/hubspot-records';
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

  /** After a roster change the caller knows of (or in tests). */
  clear(): void {
    this.cache.clear();
  }
}
