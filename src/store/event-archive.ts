import type { Kysely, Selectable } from 'kysely';
import { CONTACT_TYPE } from './claim-groups';
import { toStoredEvent } from './rows';
import type { StoreDatabase, WebhookEventsArchiveTable } from './schema';
import type { EventStatus, StoredEvent } from './event-inbox';

/**
 * Done events leave the hot table (migration 0013): the claim's indexes then hold only waiting,
 * in-flight and recently finished work, so a claim costs the same after 10 million events as after
 * ten thousand. The archive keeps every column a reader needs (audit, reports, the demo's summary)
 * and the unique event key that de-duplicates HubSpot's redeliveries. Dead events stay hot: they
 * are the dead-letter list an operator works through.
 */

type Db = Kysely<StoreDatabase>;

/** Rows per statement: far below both engines' bound-parameter limits. */
const CHUNK = 1_000;

const ARCHIVED_COLUMNS = [
  'id',
  'portal_id',
  'event_key',
  'subscription_type',
  'object_type_id',
  'object_id',
  'occurred_at',
  'payload',
  'status',
  'attempts',
  'last_error',
  'received_at',
  'processed_at',
  'claim_group',
] as const;

/**
 * Moves up to `limit` events that finished before `doneBefore` to the archive, oldest first, in
 * one transaction per chunk (the caller's `atomically`). Returns how many moved.
 */
export async function archiveDoneEvents(db: Db, doneBefore: number, limit: number): Promise<number> {
  const picked = await db
    .selectFrom('webhook_events')
    .select('id')
    .where('status', '=', 'done')
    .where('processed_at', '<', doneBefore)
    // The (status, id) index: done rows in id order, close to the order they were done in.
    .orderBy('id')
    .limit(Math.min(limit, CHUNK))
    .execute();
  if (picked.length === 0) return 0;
  const ids = picked.map((row) => row.id);
  await db
    .insertInto('webhook_events_archive')
    .columns([...ARCHIVED_COLUMNS])
    .expression((eb) =>
      eb
        .selectFrom('webhook_events')
        .select([...ARCHIVED_COLUMNS])
        .where('id', 'in', ids),
    )
    .onConflict((conflict) => conflict.column('event_key').doNothing())
    .execute();
  await db.deleteFrom('webhook_events').where('id', 'in', ids).execute();
  return ids.length;
}

/** The keys among `keys` that are already archived (a redelivery of work done long ago). */
export async function archivedKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < keys.length; start += CHUNK) {
    const rows = await db
      .selectFrom('webhook_events_archive')
      .select('event_key')
      .where('event_key', 'in', keys.slice(start, start + CHUNK))
      .execute();
    for (const row of rows) found.add(row.event_key);
  }
  return found;
}

export async function getArchivedEvent(db: Db, id: number): Promise<StoredEvent | null> {
  const row = await db
    .selectFrom('webhook_events_archive')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? fromArchive(row) : null;
}

/** Archived events of a listing (only `done` events are ever archived), oldest first. */
export async function listArchivedEvents(
  db: Db,
  filter: { portalId?: number; status?: EventStatus; limit: number },
): Promise<StoredEvent[]> {
  if (filter.status !== undefined && filter.status !== 'done') return [];
  const rows = await db
    .selectFrom('webhook_events_archive')
    .selectAll()
    .$if(filter.portalId !== undefined, (query) => query.where('portal_id', '=', filter.portalId as number))
    .orderBy('id')
    .limit(filter.limit)
    .execute();
  return rows.map(fromArchive);
}

/**
 * The contacts among `contactIds` with a creation event waiting or in flight: reconciliation leaves
 * them to the queue instead of queuing them a second time.
 */
export async function contactsWaiting(db: Db, portalId: number, contactIds: string[]): Promise<Set<string>> {
  const waiting = new Set<string>();
  const numeric = contactIds.map(Number).filter((id) => Number.isSafeInteger(id));
  for (let start = 0; start < numeric.length; start += CHUNK) {
    const rows = await db
      .selectFrom('webhook_events')
      .select('object_id')
      .where('portal_id', '=', portalId)
      .where('object_id', 'in', numeric.slice(start, start + CHUNK))
      .where('object_type_id', '=', CONTACT_TYPE)
      .where('claim_group', '=', 'create')
      .where('status', 'in', ['queued', 'processing'])
      .execute();
    for (const row of rows) waiting.add(String(row.object_id));
  }
  return waiting;
}

function fromArchive(row: Selectable<WebhookEventsArchiveTable>): StoredEvent {
  return toStoredEvent({
    ...row,
    available_at: Number(row.processed_at ?? row.received_at),
    lease_owner: null,
    lease_until: null,
  });
}
