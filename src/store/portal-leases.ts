import { sql, type Kysely } from 'kysely';
import type { StoreDatabase } from './schema';

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

/** What a claim may work when processes share portals through leases. */
export interface PortalLeaseScope {
  /** The process's holder id (unique per process start). */
  holder: string;
  leaseMs: number;
  /**
   * How many portals this holder may hold with work (its fair share); a claim takes a free or
   * expired lease only while it holds fewer. Null: no limit (the only live process).
   */
  share: number | null;
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
  released: number[];
  /** Processes alive (heartbeat not expired), this one included. */
  holders: number;
  portalsWithWork: number;
  share: number;
}

type Db = Kysely<StoreDatabase>;

/**
 * One round of the lease keeper, in one transaction: heartbeat, renew what this holder still holds,
 * then give back the portals with work beyond its fair share (ceil(portals with work / live
 * holders)), so a process that starts later or survives another gets its part within a round.
 * Free and expired leases are taken by the claims themselves (see `takePortalLease`), so a new
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
  const live = await db
    .selectFrom('portal_lease_holders')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  const holders = Math.max(1, Number(live.count));
  const withWork = await portalsWithWork(db, now + round.horizonMs);
  const share = Math.ceil(withWork.size / holders);
  const busy = renewed.map((row) => Number(row.portal_id)).filter((portalId) => withWork.has(portalId));
  // The highest ids go back: the choice only has to be the same from round to round.
  const released = busy.sort((a, b) => a - b).slice(Math.max(share, 0));
  if (released.length > 0) {
    await db
      .updateTable('portal_leases')
      .set({ expires_at: now })
      .where('holder', '=', holder)
      .where('portal_id', 'in', released)
      .execute();
  }
  const gone = new Set(released);
  return {
    held: renewed
      .filter((row) => !gone.has(Number(row.portal_id)))
      .map((row) => ({ portalId: Number(row.portal_id), token: Number(row.token) })),
    released,
    holders,
    portalsWithWork: withWork.size,
    share,
  };
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
