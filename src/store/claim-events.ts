import type { ExpressionBuilder, Kysely } from 'kysely';
import { pickPortal } from './portal-rotation';
import { toStoredEvent } from './rows';
import type { StoreDatabase, StoreDialect } from './schema';
import type { ClaimOptions, StoredEvent } from './store';

type EventsExpression = ExpressionBuilder<StoreDatabase, 'webhook_events'>;

/** Queued and due, or in flight under a lease that has run out (its worker died). */
function availableAt(now: number) {
  return (eb: EventsExpression) =>
    eb.or([
      eb.and([eb('status', '=', 'queued'), eb('available_at', '<=', now)]),
      eb.and([eb('status', '=', 'processing'), eb('lease_until', '<=', now)]),
    ]);
}

/**
 * The claim, to be run inside one transaction: a portal with available events (the next in rotation,
 * or that of the oldest event; see portal-rotation.ts), then up to `limit` of that portal's
 * available events, oldest first, leased to `owner`. One portal per batch
 * lets the handler load that portal's records in bulk with one client and one rate limit.
 *
 * PostgreSQL: rows another claimer has locked are skipped, not waited for, so concurrent workers
 * share the queue without blocking and never lease the same row. SQLite: the caller's transaction is
 * IMMEDIATE (see sqlite.ts), which makes the whole claim one writer's turn.
 */
export async function claimEvents(
  db: Kysely<StoreDatabase>,
  dialect: StoreDialect,
  { owner, limit, leaseMs, now, skipPortals = [], after, leases }: ClaimOptions,
): Promise<StoredEvent[]> {
  const skipLocked = dialect === 'postgres';
  const portalId = await pickPortal(db, dialect, 'webhook_events', availableAt(now), {
    now,
    skipPortals,
    after,
    leases,
  });
  if (portalId === null) return [];
  const picked = await db
    .selectFrom('webhook_events')
    .select('id')
    .where('portal_id', '=', portalId)
    .where(availableAt(now))
    .orderBy('id')
    .limit(limit)
    .$if(skipLocked, (query) => query.forUpdate().skipLocked())
    .execute();
  const claimed = await db
    .updateTable('webhook_events')
    .set((eb) => ({
      status: 'processing',
      lease_owner: owner,
      lease_until: now + leaseMs,
      attempts: eb('attempts', '+', 1),
    }))
    .where(
      'id',
      'in',
      picked.map((row) => row.id),
    )
    .returningAll()
    .execute();
  return claimed.map(toStoredEvent).sort((a, b) => a.id - b.id);
}
