import { sql, type Kysely } from 'kysely';
import type { StoreDatabase } from './schema';
import type { StoreContext } from './store-context';

/** The tables of migration 0014. */
export interface PortalLeasesTable {
  portal_id: number;
  holder: string;
  /** Fencing token: one more each time the lease changes hands. */
  token: number;
  expires_at: number;
}

export interface PortalLeaseHoldersTable {
  holder: string;
  expires_at: number;
}

export interface PortalLeaseTables {
  portal_leases: PortalLeasesTable;
  portal_lease_holders: PortalLeaseHoldersTable;
}

/**
 * What a claim may work when processes share portals through leases: the portals this holder
 * leases, and free or expired ones while it holds no more than the least loaded other live process
 * (so two processes take new portals by turns, and a process alone takes them all).
 */
export interface PortalLeaseScope {
  /** The process's holder id (unique per process start). */
  holder: string;
  leaseMs: number;
}

export interface PortalLeaseRound {
  holder: string;
  leaseMs: number;
  now: number;
  /** Work due within this long counts as work (jobs scheduled far ahead do not). */
  horizonMs: number;
}

export interface HeldPortalLease {
  portalId: number;
  token: number;
}

export interface PortalLeaseRoundResult {
  held: HeldPortalLease[];
  /** Portals with work given back because this holder had more than its share. */
  released: number[];
  /** Portals given back because they have no work now. */
  idle: number[];
  /** Processes alive (heartbeat not expired), this one included. */
  holders: number;
  portalsWithWork: number;
  share: number;
}

type Db = Kysely<StoreDatabase>;

/**
 * One round of the lease keeper, in one transaction: heartbeat, renew what this holder still holds,
 * give back the portals it holds without work, then those beyond its fair share (ceil(leases held by
 * live processes / live processes)), so a process that starts later gets its part within a round.
 * Free and expired leases are taken by the claims themselves (see portal-rotation.ts), so a new
 * portal's first event waits for no round.
 */
export async function portalLeaseRound(db: Db, round: PortalLeaseRound): Promise<PortalLeaseRoundResult> {
  const { holder, now } = round;
  const until = now + round.leaseMs;
  await db
    .insertInto('portal_lease_holders')
    .values({ holder, expires_at: until })
    .onConflict((conflict) => conflict.column('holder').doUpdateSet({ expires_at: until }))
    .execute();
  // Heartbeats long gone (a crashed process) are cleared, so the table stays small.
  await db
    .deleteFrom('portal_lease_holders')
    .where('expires_at', '<', now - 10 * round.leaseMs)
    .execute();
  const renewed = await db
    .updateTable('portal_leases')
    .set({ expires_at: until })
    .where('holder', '=', holder)
    .where('expires_at', '>', now)
    .returning(['portal_id', 'token'])
    .execute();
  const withWork = await portalsWithWork(db, now + round.horizonMs);
  const mine = renewed.map((row) => Number(row.portal_id)).sort((a, b) => a - b);
  const idle = mine.filter((portalId) => !withWork.has(portalId));
  await expire(db, holder, idle, now);
  const live = await db
    .selectFrom('portal_lease_holders')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  const leased = await db
    .selectFrom('portal_leases')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  const holders = Math.max(1, Number(live.count));
  const share = Math.ceil(Number(leased.count) / holders);
  // The highest ids go back: the choice only has to be the same from round to round.
  const excess = mine.filter((portalId) => withWork.has(portalId)).slice(share);
  await expire(db, holder, excess, now);
  const released = new Set([...idle, ...excess]);
  return {
    held: renewed
      .filter((row) => !released.has(Number(row.portal_id)))
      .map((row) => ({ portalId: Number(row.portal_id), token: Number(row.token) })),
    released: excess,
    idle,
    holders,
    portalsWithWork: withWork.size,
    share,
  };
}

async function expire(db: Db, holder: string, portalIds: number[], now: number): Promise<void> {
  if (portalIds.length === 0) return;
  await db
    .updateTable('portal_leases')
    .set({ expires_at: now })
    .where('holder', '=', holder)
    .where('portal_id', 'in', portalIds)
    .execute();
}

/** Portals with events waiting or in flight, or jobs due before `horizon` or in flight. */
async function portalsWithWork(db: Db, horizon: number): Promise<Set<number>> {
  const events = await db
    .selectFrom('webhook_events')
    .select('portal_id')
    .distinct()
    .where('status', 'in', ['queued', 'processing'])
    .execute();
  const jobs = await db
    .selectFrom('jobs')
    .select('portal_id')
    .distinct()
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', horizon)]),
        eb('status', '=', 'processing'),
      ]),
    )
    .execute();
  return new Set([...events, ...jobs].map((row) => Number(row.portal_id)));
}

/**
 * Takes a portal's lease for `scope.holder` when it is free or expired (or already its own), in the
 * claim's transaction; returns the fencing token, or null when another live holder has it. The
 * conditional upsert is one statement, so two processes racing for one portal cannot both win.
 */
export async function takePortalLease(
  db: Db,
  portalId: number,
  scope: PortalLeaseScope,
  now: number,
): Promise<number | null> {
  const until = now + scope.leaseMs;
  const row = await db
    .insertInto('portal_leases')
    .values({ portal_id: portalId, holder: scope.holder, token: 1, expires_at: until })
    .onConflict((conflict) =>
      conflict
        .column('portal_id')
        .doUpdateSet({
          holder: scope.holder,
          expires_at: until,
          token: sql<number>`case when portal_leases.holder = ${scope.holder} then portal_leases.token else portal_leases.token + 1 end`,
        })
        .where((eb) =>
          eb.or([eb('portal_leases.expires_at', '<=', now), eb('portal_leases.holder', '=', scope.holder)]),
        ),
    )
    .returning('token')
    .executeTakeFirst();
  return row ? Number(row.token) : null;
}

/**
 * Gives back this holder's leases (all, or the listed portals) and its heartbeat, at shutdown. The
 * rows stay, expired, so the next holder's token is still one more than this one's.
 */
export async function releasePortalLeases(db: Db, holder: string, portalIds?: number[]): Promise<number> {
  if (portalIds && portalIds.length === 0) return 0;
  const result = await db
    .updateTable('portal_leases')
    .set({ expires_at: 0 })
    .where('holder', '=', holder)
    .where('expires_at', '>', 0)
    .$if(portalIds !== undefined, (query) => query.where('portal_id', 'in', portalIds as number[]))
    .executeTakeFirst();
  if (!portalIds) await db.deleteFrom('portal_lease_holders').where('holder', '=', holder).execute();
  return Number(result.numUpdatedRows);
}

export interface StoredPortalLease {
  portalId: number;
  holder: string;
  token: number;
  expiresAt: number;
}

/** Every lease, for tests and the bench. */
export async function listPortalLeases(db: Db): Promise<StoredPortalLease[]> {
  const rows = await db.selectFrom('portal_leases').selectAll().orderBy('portal_id').execute();
  return rows.map((row) => ({
    portalId: Number(row.portal_id),
    holder: row.holder,
    token: Number(row.token),
    expiresAt: Number(row.expires_at),
  }));
}

/** Which process holds each portal when several share one PostgreSQL store (migration 0014). */
export interface PortalLeases {
  /**
   * One round of a process's portal leases: heartbeat, renew, give back what is beyond its fair
   * share. Claims with `leases` take free leases themselves.
   */
  round(round: PortalLeaseRound): Promise<PortalLeaseRoundResult>;
  /** Gives back a holder's leases (all and its heartbeat, or the listed portals). */
  release(holder: string, portalIds?: number[]): Promise<number>;
  list(): Promise<StoredPortalLease[]>;
}

export class KyselyPortalLeases implements PortalLeases {
  constructor(private readonly store: StoreContext) {}

  round(round: PortalLeaseRound): Promise<PortalLeaseRoundResult> {
    return this.store.atomically((db) => portalLeaseRound(db, round));
  }

  release(holder: string, portalIds?: number[]): Promise<number> {
    return this.store.atomically((db) => releasePortalLeases(db, holder, portalIds));
  }

  list(): Promise<StoredPortalLease[]> {
    return listPortalLeases(this.store.db());
  }
}
