import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import { CONTACT_TYPE, FOLD_WINDOW_MS, type ClaimGroup } from './claim-groups';
import { pickPortal } from './portal-rotation';
import { toStoredEvent } from './rows';
import type { StoreDatabase, StoreDialect } from './schema';
import type { ClaimOptions, StoredEvent } from './event-inbox';

type Db = Kysely<StoreDatabase>;
type EventsQuery<O> = SelectQueryBuilder<StoreDatabase, 'webhook_events', O>;

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
 * The claim, to be run inside one transaction, in three steps kept apart: WHICH portal
 * (`pickPortal` of portal-rotation.ts: the next in rotation after the worker's last, and under
 * leases only one this process holds or can take), WHAT of that portal (`pickGroup`, `pickBatch`,
 * `foldedChanges`), and the lease. A batch is one portal and one claim group: up to `limit` contact
 * creations, which the handler decides with batch reads, together with the waiting property changes
 * of those same contacts; or up to `limit` other events.
 *
 * PostgreSQL: rows another claimer has locked are skipped, not waited for, so concurrent workers
 * share the queue without blocking and never lease the same row. SQLite: the caller's transaction is
 * IMMEDIATE (see sqlite.ts), which makes the whole claim one writer's turn.
 */
export async function claimEvents(
  db: Db,
  dialect: StoreDialect,
  options: ClaimOptions,
): Promise<StoredEvent[]> {
  const portalId =
    options.portalId ??
    (await pickPortal(db, dialect, 'webhook_events', availableAt(options.now), {
      now: options.now,
      skipPortals: options.skipPortals ?? [],
      after: options.after,
      leases: options.leases,
    }));
  if (portalId === null) return [];
  const group = options.group ?? (await pickGroup(db, portalId, options.now));
  if (group === undefined) return [];
  const picked = await pickBatch(db, dialect, portalId, group, options.now, options.limit);
  if (picked.length === 0) return [];
  const folded = group === 'create' ? await foldedChanges(db, dialect, portalId, picked, options.now) : [];
  return leaseEvents(db, [...picked.map((row) => row.id), ...folded], options);
}

/** The claim group of the portal's oldest available event: creations and changes take turns by age. */
async function pickGroup(db: Db, portalId: number, now: number): Promise<ClaimGroup | undefined> {
  const oldest = await firstAvailable(db, now, 1, (query) =>
    query.select(['id', 'claim_group']).where('portal_id', '=', portalId),
  );
  return oldest[0]?.claim_group;
}

/** Up to `limit` available events of one portal and group, oldest first. */
async function pickBatch(
  db: Db,
  dialect: StoreDialect,
  portalId: number,
  group: ClaimGroup,
  now: number,
  limit: number,
): Promise<Array<{ id: number; object_id: number; occurred_at: number }>> {
  return firstAvailable(db, now, limit, (query) =>
    query
      .select(['id', 'object_id', 'occurred_at'])
      .where('portal_id', '=', portalId)
      .where('claim_group', '=', group)
      .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
  );
}

/** The waiting property changes of the claimed new contacts that came with their creation. */
async function foldedChanges(
  db: Db,
  dialect: StoreDialect,
  portalId: number,
  creations: Array<{ object_id: number; occurred_at: number }>,
  now: number,
): Promise<number[]> {
  const createdAt = new Map<number, number>();
  for (const row of creations) {
    const objectId = Number(row.object_id);
    createdAt.set(objectId, Math.min(createdAt.get(objectId) ?? Infinity, Number(row.occurred_at)));
  }
  const changes = await db
    .selectFrom('webhook_events')
    .select(['id', 'object_id', 'occurred_at'])
    .where('portal_id', '=', portalId)
    .where('object_id', 'in', [...createdAt.keys()])
    .where('object_type_id', '=', CONTACT_TYPE)
    .where('subscription_type', 'like', '%propertyChange')
    .where(availableAt(now))
    .$if(dialect === 'postgres', (query) => query.forUpdate().skipLocked())
    .execute();
  return changes
    .filter((row) => Number(row.occurred_at) <= (createdAt.get(Number(row.object_id)) ?? 0) + FOLD_WINDOW_MS)
    .map((row) => Number(row.id));
}

/**
 * The oldest `limit` available rows of `shape`, as two queries each served by an index in id
 * order ((status, id), or (portal, status, id) and (portal, status, group, id) when the shape names
 * a portal): queued and due, and in flight with a lease run out. One query with an OR of both
 * would scan the table.
 */
async function firstAvailable<O extends { id: number }>(
  db: Db,
  now: number,
  limit: number,
  shape: (query: EventsQuery<object>) => EventsQuery<O>,
): Promise<O[]> {
  const base = db.selectFrom('webhook_events');
  // One after the other: both run on the claim's one transaction connection.
  const queued = await shape(base)
    .where('status', '=', 'queued')
    .where('available_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
  const expired = await shape(base)
    .where('status', '=', 'processing')
    .where('lease_until', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
  return [...queued, ...expired].sort((a, b) => Number(a.id) - Number(b.id)).slice(0, limit);
}

async function leaseEvents(db: Db, ids: number[], options: ClaimOptions): Promise<StoredEvent[]> {
  const claimed = await db
    .updateTable('webhook_events')
    .set((eb) => ({
      status: 'processing',
      lease_owner: options.owner,
      lease_until: options.now + options.leaseMs,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', ids)
    .returningAll()
    .execute();
  return claimed.map(toStoredEvent).sort((a, b) => a.id - b.id);
}
