import { z } from 'zod/v4';
import { businessHoursOverride } from './business-hours-schema';
import { dayOrRange, ownerId } from './playbook-fields';

/** A routing pool (route-to-pool.ts): its members, their shares and limits, and where it falls back. */
export const poolSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ or -'),
    /** Members are the active owners of the HubSpot team with this name (case-insensitive). */
    team: z.string().trim().min(1).optional(),
    /** Or an explicit list of owner ids. */
    owners: z.array(ownerId).optional(),
    /** Relative share of leads; 1 when not listed. */
    weights: z.record(ownerId, z.number().int().min(1).max(100)).default({}),
    /** Most open handoffs an owner may hold; null: no cap (CONTRACT §4). */
    capacity: z.number().int().min(1).nullable().default(null),
    ownerCapacity: z.record(ownerId, z.number().int().min(0)).default({}),
    /** Days an owner takes no new leads (holidays, leave), in UTC. */
    unavailable: z.record(ownerId, z.array(dayOrRange)).default({}),
    /** Pool tried when nobody here can take the lead. */
    fallback: z.string().nullable().default(null),
    /** This pool's business hours, over the playbook's (a team in another time zone). */
    businessHours: businessHoursOverride.optional(),
  })
  .refine((pool) => (pool.team === undefined) !== (pool.owners === undefined), {
    message: 'set exactly one of "team" (a HubSpot team name) or "owners" (owner ids)',
  });
