import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { takePortalLease, type PortalLeaseScope } from './portal-leases';
import type { StoreDatabase, StoreDialect } from './schema';

/** Which portal a claim serves: the two queues (webhook events, jobs) share the rule. */
export interface PortalChoice {
  now: number;
  /** Portals whose work waits (circuit open, install paused). */
  skipPortals?: number[];
  /**
   * Rotation: the portal this worker served last. The next claim serves the next portal id above it
   * that has work, wrapping round, so one portal's 10,000-contact import delays another portal's
   * lead by at most one batch. Undefined: the portal of the oldest available work.
   */
  after?: number;
  /** Several processes on one store: only portals whose lease this process holds or can take. */
  leases?: PortalLeaseScope;
}

type QueueTable = 'webhook_events' | 'jobs';
type Available = (eb: ExpressionBuilder<StoreDatabase, QueueTable>) => ReturnType<typeof eb.or>;

/**
 * Picks the portal of the next batch, inside the claim's transaction. Under leases it takes a free
 * or expired lease for the portal it picks (the fence: a claim never starts work on a portal another
 * live process holds); when another process wins that portal first, it tries the next one.
 */
export async function pickPortal(
  db: Kysely<StoreDatabase>,
  dialect: StoreDialect,
  table: QueueTable,
  available: Available,
  choice: PortalChoice,
): Promise<number | null> {
  const lost: number[] = [];
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const portalId = await candidate(db, dialect, table, available, choice, lost);
    if (portalId === null || !choice.leases) return portalId;
    const token = await takePortalLease(db, portalId, choice.leases, choice.now);
    if (token !== null) return portalId;
    lost.push(portalId);
  }
  return null;
}

/**
 * A holder may take a free portal while it leases no more than the least loaded other live holder
 * (alone: always). Other holders' counts come from their live leases and heartbeats.
 */
function mayTakeMore(holder: string, now: number): Expression<SqlBool> {
  return sql<SqlBool>`(
    select count(*) from portal_leases where holder = ${holder} and expires_at > ${now}
  ) <= coalesce((
    select min((
      select count(*) from portal_leases l where l.holder = h.holder and l.expires_at > ${now}
    )) from portal_lease_holders h where h.expires_at > ${now} and h.holder <> ${holder}
  ), ${Number.MAX_SAFE_INTEGER})`;
}

async function candidate(
  db: Kysely<StoreDatabase>,
  dialect: StoreDialect,
  table: QueueTable,
  available: Available,
  choice: PortalChoice,
  lost: number[],
): Promise<number | null> {
  const skip = [...(choice.skipPortals ?? []), ...lost];
  const { leases, now, after } = choice;
  // Rotating: the next portal id above `after`, else (wrapping round) the lowest, in one scan of the
  // available work. Not rotating: the portal of the oldest available work.
  const next = await db
    .selectFrom(table)
    .select('portal_id')
    .where(available)
    .$if(skip.length > 0, (q) => q.where('portal_id', 'not in', skip))
    .$if(leases !== undefined, (q) =>
      q.where((eb) => {
        const holder = (leases as PortalLeaseScope).holder;
        const mine = eb(
          'portal_id',
          'in',
          eb
            .selectFrom('portal_leases')
            .select('portal_leases.portal_id')
            .where('portal_leases.holder', '=', holder)
            .where('portal_leases.expires_at', '>', now),
        );
        const heldByLive = eb
          .selectFrom('portal_leases')
          .select('portal_leases.portal_id')
          .where('portal_leases.expires_at', '>', now);
        const free = eb.not(eb('portal_id', 'in', heldByLive));
        return eb.or([mine, eb.and([free, mayTakeMore(holder, now)])]);
      }),
    )
    .$if(after === undefined, (q) => q.orderBy(table === 'jobs' ? 'run_at' : 'id'))
    .$if(after !== undefined, (q) =>
      q.orderBy(sql`case when portal_id > ${after as number} then 0 else 1 end`).orderBy('portal_id'),
    )
    .limit(1)
    // Rows another claimer has locked are skipped, not waited for (see claim-events.ts).
    .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked())
    .executeTakeFirst();
  return next ? Number(next.portal_id) : null;
}
