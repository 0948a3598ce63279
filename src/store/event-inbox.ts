import { claimEvents } from './claim-events';
import type { ClaimGroup } from './claim-groups';
import { archiveDoneEvents, contactsWaiting, getArchivedEvent, listArchivedEvents } from './event-archive';
import { insertEventGroups } from './event-inserts';
import { GroupCommit } from './group-commit';
import type { PortalLeaseScope } from './portal-leases';
import { toStoredEvent } from './rows';
import type { StoreContext } from './store-context';

/** Where a webhook event is in its life. */
export type EventStatus = 'queued' | 'processing' | 'done' | 'dead';

/** A verified, parsed webhook event ready to be stored. */
export interface NewEvent {
  portalId: number;
  /** Identity used for de-duplication: HubSpot's eventId alone is not unique across types. */
  eventKey: string;
  subscriptionType: string;
  /** `0-1` contacts, `0-2` companies, `0-3` deals … (derived for legacy `contact.*` types). */
  objectTypeId: string;
  objectId: number;
  occurredAt: number;
  /** The event exactly as HubSpot sent it (re-validated where it is consumed). */
  payload: unknown;
}

export interface StoredEvent extends NewEvent {
  id: number;
  status: EventStatus;
  attempts: number;
  availableAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  receivedAt: number;
  processedAt: number | null;
}

export interface InsertResult {
  inserted: number;
  duplicates: number;
}

export interface ClaimOptions {
  /** Unique id of the claiming worker (process and loop). */
  owner: string;
  /** At most this many events, all of one portal. */
  limit: number;
  /** The claim expires after this long; a crashed worker's events are then claimed again. */
  leaseMs: number;
  now: number;
  /** Portals whose work waits (circuit open, install paused): their events are not claimed. */
  skipPortals?: number[];
  /** A top-up of a lingering batch: this portal's events only (otherwise the claim picks one). */
  portalId?: number;
  /** A top-up of a lingering batch: this claim group only (otherwise the portal's oldest event's). */
  group?: ClaimGroup;
  /** Rotation: the portal this worker served last (see portal-rotation.ts). */
  after?: number;
  /** Several processes on one store: only portals this process holds or can take (migration 0014). */
  leases?: PortalLeaseScope;
}

export interface QueueStats {
  /** Events waiting or being processed. */
  depth: number;
  /** Age of the oldest waiting or in-flight event, null when the queue is empty. */
  oldestAgeMs: number | null;
  byStatus: Record<EventStatus, number>;
}

/** The event inbox: verified webhook events, claimed under a lease, done or dead, then archived. */
export interface EventInbox {
  /** Stores a verified batch; events already stored (same eventKey) are counted, not stored again. */
  insert(events: NewEvent[], receivedAt: number): Promise<InsertResult>;
  /**
   * Claims up to `limit` available events of one portal (the next in rotation after `after`, else
   * the portal whose oldest available event is oldest; with `leases`, only a portal this process
   * holds or can take) and one claim group (contact creations, or everything else; the group of that
   * portal's oldest event), oldest first; a batch of creations also takes the waiting property
   * changes of those contacts that came with them (see claim-events.ts). Available: `queued` with
   * `availableAt <= now`, or `processing` whose lease
   * has expired. Claiming sets `processing`, the owner, `leaseUntil` and increments `attempts`.
   * Two workers never hold the same event at the same time.
   */
  claim(options: ClaimOptions): Promise<StoredEvent[]>;
  /** Marks events `done`, only those still leased by `owner`. Returns how many were marked. */
  complete(ids: number[], owner: string, now: number): Promise<number>;
  /**
   * Records a failed attempt: back to `queued` with `availableAt = retryAt`, or `dead` when
   * `retryAt` is null. The error is kept either way. Only while leased by `owner`.
   */
  fail(id: number, owner: string, error: string, retryAt: number | null, now: number): Promise<boolean>;
  /**
   * Extends the lease of events `owner` still holds, so a long batch is not claimed again by another
   * worker while it is being processed. Returns how many leases were extended.
   */
  renew(ids: number[], owner: string, leaseUntil: number): Promise<number>;
  /**
   * Gives claimed events back to wait until `availableAt` without counting the attempt (a rate
   * limit, an open circuit, a paused install: nothing wrong with the event). Only while leased by `owner`.
   */
  defer(ids: number[], owner: string, availableAt: number, note: string): Promise<number>;
  /** Gives back every event `owner` still holds (graceful shutdown): `queued`, attempt not counted. */
  release(owner: string, now: number): Promise<number>;
  /** An event by id, waiting or done (archived events included). */
  get(id: number): Promise<StoredEvent | null>;
  /** Oldest first, archived events included. */
  list(filter: { portalId?: number; status?: EventStatus; limit?: number }): Promise<StoredEvent[]>;
  /**
   * Moves up to `limit` events done before `doneBefore` out of the claim's table into the archive
   * (still read by `get`, `list`, reports and de-duplication). Returns how many moved.
   */
  archive(doneBefore: number, limit: number): Promise<number>;
  /** The contacts among `contactIds` whose creation event waits in the queue or is being worked. */
  contactsWaiting(portalId: number, contactIds: string[]): Promise<Set<string>>;
  stats(now: number): Promise<QueueStats>;
  /** Dead-letters a portal's waiting events with `reason` (uninstall); returns how many. */
  dropQueued(portalId: number, reason: string, now: number): Promise<number>;
}

export class KyselyEventInbox implements EventInbox {
  constructor(private readonly store: StoreContext) {}

  async insert(events: NewEvent[], receivedAt: number): Promise<InsertResult> {
    if (events.length === 0) return { inserted: 0, duplicates: 0 };
    // Inside a caller's transaction the insert belongs to it; otherwise concurrent deliveries share one.
    if (this.store.inTransaction())
      return (
        await this.store.atomically((db) => insertEventGroups(db, [{ events, receivedAt }]))
      )[0] as InsertResult;
    this.inserts ??= new GroupCommit((groups) =>
      this.store.atomically((db) => insertEventGroups(db, groups)),
    );
    return this.inserts.submit({ events, receivedAt });
  }

  private inserts?: GroupCommit<{ events: NewEvent[]; receivedAt: number }, InsertResult>;

  async complete(ids: number[], owner: string, now: number): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.store
      .db()
      .updateTable('webhook_events')
      .set({ status: 'done', processed_at: now, lease_owner: null, lease_until: null })
      .where('id', 'in', ids)
      .where('status', '=', 'processing')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async fail(
    id: number,
    owner: string,
    error: string,
    retryAt: number | null,
    now: number,
  ): Promise<boolean> {
    const result = await this.store
      .db()
      .updateTable('webhook_events')
      .set((eb) => ({
        status: retryAt === null ? 'dead' : 'queued',
        available_at: retryAt ?? eb.ref('available_at'),
        last_error: error,
        lease_owner: null,
        lease_until: null,
        processed_at: retryAt === null ? now : null,
      }))
      .where('id', '=', id)
      .where('status', '=', 'processing')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async renew(ids: number[], owner: string, leaseUntil: number): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.store
      .db()
      .updateTable('webhook_events')
      .set({ lease_until: leaseUntil })
      .where('id', 'in', ids)
      .where('status', '=', 'processing')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async defer(ids: number[], owner: string, availableAt: number, note: string): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.store
      .db()
      .updateTable('webhook_events')
      .set((eb) => ({
        status: 'queued',
        available_at: availableAt,
        last_error: note,
        lease_owner: null,
        lease_until: null,
        attempts: eb('attempts', '-', 1),
      }))
      .where('id', 'in', ids)
      .where('status', '=', 'processing')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async release(owner: string, _now: number): Promise<number> {
    // The attempt is given back: the event was never worked to an outcome, only interrupted.
    const result = await this.store
      .db()
      .updateTable('webhook_events')
      .set((eb) => ({
        status: 'queued',
        lease_owner: null,
        lease_until: null,
        attempts: eb('attempts', '-', 1),
      }))
      .where('status', '=', 'processing')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async get(id: number): Promise<StoredEvent | null> {
    const row = await this.store
      .db()
      .selectFrom('webhook_events')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toStoredEvent(row) : getArchivedEvent(this.store.db(), id);
  }

  async list(filter: { portalId?: number; status?: EventStatus; limit?: number }): Promise<StoredEvent[]> {
    const rows = await this.store
      .db()
      .selectFrom('webhook_events')
      .selectAll()
      .$if(filter.portalId !== undefined, (query) => query.where('portal_id', '=', filter.portalId as number))
      .$if(filter.status !== undefined, (query) => query.where('status', '=', filter.status as EventStatus))
      .orderBy('id')
      .limit(filter.limit ?? 100)
      .execute();
    const archived = await listArchivedEvents(this.store.db(), { ...filter, limit: filter.limit ?? 100 });
    return [...rows.map(toStoredEvent), ...archived]
      .sort((a, b) => a.id - b.id)
      .slice(0, filter.limit ?? 100);
  }

  async stats(now: number): Promise<QueueStats> {
    const rows = await this.store
      .db()
      .selectFrom('webhook_events')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count'), eb.fn.min('received_at').as('oldest')])
      .groupBy('status')
      .execute();
    const byStatus: Record<EventStatus, number> = { queued: 0, processing: 0, done: 0, dead: 0 };
    let oldest: number | null = null;
    for (const row of rows) {
      byStatus[row.status] = Number(row.count);
      if (row.status === 'queued' || row.status === 'processing') {
        oldest = oldest === null ? Number(row.oldest) : Math.min(oldest, Number(row.oldest));
      }
    }
    return {
      depth: byStatus.queued + byStatus.processing,
      oldestAgeMs: oldest === null ? null : Math.max(0, now - oldest),
      byStatus,
    };
  }

  async claim(options: ClaimOptions): Promise<StoredEvent[]> {
    if (options.limit <= 0) return [];
    return this.store.atomically((db) => claimEvents(db, this.store.dialect, options));
  }

  archive(doneBefore: number, limit: number): Promise<number> {
    return this.store.atomically((db) => archiveDoneEvents(db, doneBefore, limit));
  }

  contactsWaiting(portalId: number, contactIds: string[]): Promise<Set<string>> {
    return contactsWaiting(this.store.db(), portalId, contactIds);
  }

  /** An uninstalled portal's waiting work: dead-lettered with the reason, kept for the audit trail. */
  async dropQueued(portalId: number, reason: string, now: number): Promise<number> {
    const result = await this.store
      .db()
      .updateTable('webhook_events')
      .set({ status: 'dead', last_error: reason, processed_at: now })
      .where('portal_id', '=', portalId)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
