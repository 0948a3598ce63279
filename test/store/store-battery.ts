import type { NewEvent, PortalRecord, Store } from '../../src/store/store';

/** A fixed clock: every test passes times explicitly, as the app does. */
export const T0 = 1_700_000_000_000;

export function newEvent(key: string, portalId: number, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    portalId,
    eventKey: key,
    subscriptionType: 'object.creation',
    objectTypeId: '0-1',
    objectId: 90_000_000_000 + key.length,
    occurredAt: T0 - 1_000,
    payload: { eventId: key, portalId, subscriptionType: 'object.creation', objectTypeId: '0-1' },
    ...overrides,
  };
}

export function portal(portalId: number, overrides: Partial<PortalRecord> = {}): PortalRecord {
  return {
    portalId,
    status: 'installed',
    accessTokenCipher: 'v1:iv:access-cipher',
    refreshTokenCipher: 'v1:iv:refresh-cipher',
    accessTokenExpiresAt: T0 + 1_800_000,
    scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
    installedAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

const lease = { leaseMs: 60_000, now: T0 };

/**
 * The behaviour every `Store` adapter must share. Each adapter's test file calls this with a factory
 * that opens a fresh, empty, migrated store.
 */
export function storeBattery(open: () => Promise<Store>): void {
  let store: Store;

  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('events.insert', () => {
    it('stores a batch once and counts redeliveries as duplicates', async () => {
      const batch = [newEvent('e1', 1), newEvent('e2', 1), newEvent('e3', 2)];
      expect(await store.events.insert(batch, T0)).toEqual({ inserted: 3, duplicates: 0 });
      expect(await store.events.insert(batch, T0 + 5)).toEqual({ inserted: 0, duplicates: 3 });
      expect(await store.events.insert([newEvent('e3', 2), newEvent('e4', 2)], T0)).toEqual({
        inserted: 1,
        duplicates: 1,
      });
      expect(await store.events.list({})).toHaveLength(4);
    });

    it('counts a key repeated inside one batch once', async () => {
      expect(await store.events.insert([newEvent('x', 1), newEvent('x', 1)], T0)).toEqual({
        inserted: 1,
        duplicates: 1,
      });
    });

    it('stores concurrent deliveries together, each counted, a key shared by two stored once', async () => {
      const deliveries = Array.from({ length: 12 }, (_, n) => [
        newEvent(`own-${n}-a`, 1),
        newEvent(`own-${n}-b`, 1),
        newEvent('shared', 1),
      ]);
      const results = await Promise.all(deliveries.map((events) => store.events.insert(events, T0)));
      expect(results.reduce((sum, result) => sum + result.inserted, 0)).toBe(25);
      expect(results.filter((result) => result.inserted === 3)).toHaveLength(1);
      expect(results.filter((result) => result.duplicates === 1)).toHaveLength(11);
      expect(await store.events.list({})).toHaveLength(25);
    });

    it('accepts an empty batch', async () => {
      expect(await store.events.insert([], T0)).toEqual({ inserted: 0, duplicates: 0 });
    });

    it('keeps every field, large ids and the payload as sent', async () => {
      const event = newEvent('full', 4_000_000_001, { objectId: 123_456_789_012, occurredAt: T0 - 42 });
      await store.events.insert([event], T0);
      const [stored] = await store.events.list({});
      expect(stored).toEqual({
        ...event,
        id: expect.any(Number),
        status: 'queued',
        attempts: 0,
        availableAt: T0,
        leaseOwner: null,
        leaseUntil: null,
        lastError: null,
        receivedAt: T0,
        processedAt: null,
      });
      expect(await store.events.get(stored!.id)).toEqual(stored);
      expect(await store.events.get(999_999)).toBeNull();
    });
  });

  describe('events.claim', () => {
    it('claims one portal at a time, the one with the oldest event first, oldest first', async () => {
      await store.events.insert([newEvent('b1', 2)], T0);
      await store.events.insert([newEvent('a1', 1), newEvent('b2', 2), newEvent('a2', 1)], T0);
      const first = await store.events.claim({ owner: 'w1', limit: 10, ...lease });
      expect(first.map((event) => event.eventKey)).toEqual(['b1', 'b2']);
      const second = await store.events.claim({ owner: 'w1', limit: 10, ...lease });
      expect(second.map((event) => event.eventKey)).toEqual(['a1', 'a2']);
      expect(await store.events.claim({ owner: 'w1', limit: 10, ...lease })).toEqual([]);
    });

    it('respects the limit and leases what it returns', async () => {
      await store.events.insert(
        ['k1', 'k2', 'k3', 'k4', 'k5'].map((key) => newEvent(key, 7)),
        T0,
      );
      const sizes: number[] = [];
      for (;;) {
        const batch = await store.events.claim({ owner: 'w1', limit: 2, ...lease });
        if (batch.length === 0) break;
        sizes.push(batch.length);
        for (const event of batch) {
          expect(event).toMatchObject({
            status: 'processing',
            leaseOwner: 'w1',
            leaseUntil: T0 + 60_000,
            attempts: 1,
          });
        }
      }
      expect(sizes).toEqual([2, 2, 1]);
      expect(await store.events.claim({ owner: 'w1', limit: 0, ...lease })).toEqual([]);
    });

    it('skips events whose retry is not due, and their portal does not jump the line', async () => {
      await store.events.insert([newEvent('a1', 1)], T0);
      await store.events.insert([newEvent('b1', 2)], T0);
      const [a1] = await store.events.claim({ owner: 'w1', limit: 1, ...lease });
      expect(await store.events.fail(a1!.id, 'w1', 'HubSpot 502', T0 + 10_000, T0)).toBe(true);
      const next = await store.events.claim({ owner: 'w1', limit: 10, leaseMs: 1_000, now: T0 + 9_999 });
      expect(next.map((event) => event.eventKey)).toEqual(['b1']);
      const retried = await store.events.claim({ owner: 'w1', limit: 10, leaseMs: 1_000, now: T0 + 10_000 });
      expect(retried.map((event) => [event.eventKey, event.attempts])).toEqual([['a1', 2]]);
    });

    it('gives an expired lease to the next claimer and counts the attempt', async () => {
      await store.events.insert([newEvent('e1', 1)], T0);
      const [held] = await store.events.claim({ owner: 'dead-worker', limit: 1, leaseMs: 1_000, now: T0 });
      expect(await store.events.claim({ owner: 'w2', limit: 1, leaseMs: 1_000, now: T0 + 999 })).toEqual([]);
      const [reclaimed] = await store.events.claim({
        owner: 'w2',
        limit: 1,
        leaseMs: 1_000,
        now: T0 + 1_000,
      });
      expect(reclaimed).toMatchObject({
        id: held!.id,
        leaseOwner: 'w2',
        attempts: 2,
        leaseUntil: T0 + 2_000,
      });
      expect(await store.events.complete([held!.id], 'dead-worker', T0 + 1_500)).toBe(0);
      expect(await store.events.complete([held!.id], 'w2', T0 + 1_500)).toBe(1);
    });

    it('renewed leases are not reclaimed', async () => {
      await store.events.insert([newEvent('e1', 1)], T0);
      const [held] = await store.events.claim({ owner: 'w1', limit: 1, leaseMs: 1_000, now: T0 });
      expect(await store.events.renew([held!.id], 'w2', T0 + 5_000)).toBe(0);
      expect(await store.events.renew([held!.id], 'w1', T0 + 5_000)).toBe(1);
      expect(await store.events.claim({ owner: 'w2', limit: 1, leaseMs: 1_000, now: T0 + 4_999 })).toEqual(
        [],
      );
      expect(
        await store.events.claim({ owner: 'w2', limit: 1, leaseMs: 1_000, now: T0 + 5_000 }),
      ).toHaveLength(1);
    });

    it('never gives one event to two concurrent claimers', async () => {
      const events = Array.from({ length: 200 }, (_, i) => newEvent(`race-${i}`, 100 + (i % 4)));
      await store.events.insert(events, T0);
      const seen = new Map<number, string>();
      const duplicates: number[] = [];
      const claimer = async (owner: string): Promise<void> => {
        for (;;) {
          const batch = await store.events.claim({ owner, limit: 7, ...lease });
          if (batch.length === 0) return;
          for (const event of batch) {
            if (seen.has(event.id)) duplicates.push(event.id);
            seen.set(event.id, owner);
          }
          expect(new Set(batch.map((event) => event.portalId)).size).toBe(1);
          expect(
            await store.events.complete(
              batch.map((event) => event.id),
              owner,
              T0,
            ),
          ).toBe(batch.length);
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, i) => claimer(`w${i}`)));
      expect(duplicates).toEqual([]);
      expect(seen.size).toBe(200);
      expect((await store.events.stats(T0)).byStatus.done).toBe(200);
    });
  });

  describe('outcomes', () => {
    async function claimOne(owner = 'w1') {
      await store.events.insert([newEvent('e1', 1)], T0);
      const [event] = await store.events.claim({ owner, limit: 1, ...lease });
      return event!;
    }

    it('completes only events the owner still holds', async () => {
      const event = await claimOne();
      expect(await store.events.complete([event.id], 'someone-else', T0 + 5)).toBe(0);
      expect(await store.events.complete([event.id], 'w1', T0 + 5)).toBe(1);
      expect(await store.events.complete([event.id], 'w1', T0 + 6)).toBe(0);
      expect(await store.events.get(event.id)).toMatchObject({
        status: 'done',
        processedAt: T0 + 5,
        leaseOwner: null,
        leaseUntil: null,
      });
      expect(await store.events.complete([], 'w1', T0)).toBe(0);
    });

    it('requeues a failure for later and keeps its error', async () => {
      const event = await claimOne();
      expect(await store.events.fail(event.id, 'someone-else', 'nope', T0 + 1, T0)).toBe(false);
      expect(
        await store.events.fail(event.id, 'w1', 'HubSpot 503 (correlationId abc)', T0 + 30_000, T0 + 10),
      ).toBe(true);
      expect(await store.events.get(event.id)).toMatchObject({
        status: 'queued',
        availableAt: T0 + 30_000,
        attempts: 1,
        lastError: 'HubSpot 503 (correlationId abc)',
        leaseOwner: null,
        processedAt: null,
      });
    });

    it('dead-letters a failure without a retry time, keeping the error', async () => {
      const event = await claimOne();
      expect(await store.events.fail(event.id, 'w1', 'validation: bad property', null, T0 + 10)).toBe(true);
      expect(await store.events.get(event.id)).toMatchObject({
        status: 'dead',
        lastError: 'validation: bad property',
        processedAt: T0 + 10,
        leaseOwner: null,
      });
      expect(await store.events.claim({ owner: 'w1', limit: 10, leaseMs: 1, now: T0 + 10 ** 9 })).toEqual([]);
    });

    it('releases what a stopping worker holds without counting the attempt', async () => {
      await store.events.insert([newEvent('a', 1), newEvent('b', 1), newEvent('c', 2)], T0);
      await store.events.claim({ owner: 'w1', limit: 10, ...lease });
      await store.events.claim({ owner: 'w2', limit: 10, ...lease });
      expect(await store.events.release('w1', T0 + 1)).toBe(2);
      expect(
        (await store.events.list({ portalId: 1 })).map((event) => [event.status, event.attempts]),
      ).toEqual([
        ['queued', 0],
        ['queued', 0],
      ]);
      expect(await store.events.list({ status: 'processing' })).toMatchObject([
        { eventKey: 'c', leaseOwner: 'w2' },
      ]);
      expect(await store.events.claim({ owner: 'w3', limit: 10, ...lease })).toHaveLength(2);
    });

    it('defers what it holds to a later time without counting the attempt', async () => {
      await store.events.insert([newEvent('a', 1), newEvent('b', 1)], T0);
      const [a, b] = await store.events.claim({ owner: 'w1', limit: 2, ...lease });
      expect(await store.events.defer([a!.id], 'someone-else', T0 + 5_000, 'rate limited')).toBe(0);
      expect(await store.events.defer([a!.id], 'w1', T0 + 5_000, 'rate limited')).toBe(1);
      expect(await store.events.defer([], 'w1', T0 + 5_000, 'rate limited')).toBe(0);
      expect(await store.events.get(a!.id)).toMatchObject({
        status: 'queued',
        availableAt: T0 + 5_000,
        attempts: 0,
        lastError: 'rate limited',
        leaseOwner: null,
        leaseUntil: null,
      });
      expect(await store.events.get(b!.id)).toMatchObject({ status: 'processing', leaseOwner: 'w1' });
      expect(await store.events.claim({ owner: 'w2', limit: 10, leaseMs: 1, now: T0 + 4_999 })).toEqual([]);
      expect(
        (await store.events.claim({ owner: 'w2', limit: 10, leaseMs: 1, now: T0 + 5_000 })).map((e) => e.id),
      ).toEqual([a!.id]);
    });

    it("dead-letters an uninstalled portal's waiting events, not what a worker holds or other portals'", async () => {
      await store.events.insert([newEvent('c', 2)], T0);
      await store.events.insert([newEvent('a', 1), newEvent('b', 1), newEvent('d', 2)], T0 + 1);
      const [held] = await store.events.claim({ owner: 'w1', limit: 1, leaseMs: 60_000, now: T0 + 1 });
      expect(held).toMatchObject({ eventKey: 'c', portalId: 2 });
      expect(await store.events.dropQueued(1, 'portal uninstalled', T0 + 2)).toBe(2);
      expect(await store.events.list({ portalId: 1 })).toMatchObject([
        { eventKey: 'a', status: 'dead', lastError: 'portal uninstalled', processedAt: T0 + 2 },
        { eventKey: 'b', status: 'dead', lastError: 'portal uninstalled', processedAt: T0 + 2 },
      ]);
      expect((await store.events.list({ portalId: 2 })).map((e) => [e.eventKey, e.status])).toEqual([
        ['c', 'processing'],
        ['d', 'queued'],
      ]);
    });
  });

  describe('events.list and events.stats', () => {
    it('filters by portal and status and limits', async () => {
      await store.events.insert([newEvent('a', 1), newEvent('b', 1), newEvent('c', 2)], T0);
      expect((await store.events.list({ portalId: 1 })).map((event) => event.eventKey)).toEqual(['a', 'b']);
      expect(await store.events.list({ status: 'done' })).toEqual([]);
      expect(await store.events.list({ limit: 1 })).toHaveLength(1);
    });

    it('reports depth, status counts and the age of the oldest open event', async () => {
      expect(await store.events.stats(T0)).toEqual({
        depth: 0,
        oldestAgeMs: null,
        byStatus: { queued: 0, processing: 0, done: 0, dead: 0 },
      });
      await store.events.insert([newEvent('a', 1), newEvent('b', 1)], T0);
      await store.events.insert([newEvent('c', 2), newEvent('d', 3)], T0 + 1_000);
      const later = { leaseMs: 60_000, now: T0 + 1_000 };
      const [a, b] = await store.events.claim({ owner: 'w1', limit: 2, ...later });
      await store.events.complete([a!.id], 'w1', T0);
      await store.events.fail(b!.id, 'w1', 'bad', null, T0);
      const [c] = await store.events.claim({ owner: 'w1', limit: 1, ...later });
      expect(c!.eventKey).toBe('c');
      expect(await store.events.stats(T0 + 5_000)).toEqual({
        depth: 2,
        oldestAgeMs: 4_000,
        byStatus: { queued: 1, processing: 1, done: 1, dead: 1 },
      });
    });
  });

  describe('transaction', () => {
    it('commits everything the work wrote', async () => {
      const result = await store.transaction(async (tx) => {
        await tx.events.insert([newEvent('t1', 1)], T0);
        await tx.portals.upsert(portal(5));
        return 'done';
      });
      expect(result).toBe('done');
      expect(await store.events.list({})).toHaveLength(1);
      expect(await store.portals.get(5)).not.toBeNull();
    });

    it('rolls everything back when the work throws', async () => {
      await store.events.insert([newEvent('kept', 1)], T0);
      const [held] = await store.events.claim({ owner: 'w1', limit: 1, ...lease });
      await expect(
        store.transaction(async (tx) => {
          await tx.events.insert([newEvent('t1', 1)], T0);
          await tx.portals.upsert(portal(5));
          expect(await tx.events.complete([held!.id], 'w1', T0)).toBe(1);
          throw new Error('handler state conflict');
        }),
      ).rejects.toThrow('handler state conflict');
      expect((await store.events.list({})).map((event) => [event.eventKey, event.status])).toEqual([
        ['kept', 'processing'],
      ]);
      expect(await store.portals.get(5)).toBeNull();
    });

    it('joins nested transactions and calls on the outer store instead of deadlocking', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.portals.upsert(portal(6));
          await tx.transaction(async (inner) => inner.portals.upsert(portal(7)));
          expect(await store.portals.get(6)).not.toBeNull();
          await store.transaction(async (inner) => inner.portals.upsert(portal(8)));
          throw new Error('roll back all three');
        }),
      ).rejects.toThrow('roll back all three');
      expect(await Promise.all([6, 7, 8].map((id) => store.portals.get(id)))).toEqual([null, null, null]);
    });

    it('runs concurrent transactions to completion', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.events.insert([newEvent(`c${i}`, i)], T0);
            await tx.portals.upsert(portal(i));
          }),
        ),
      );
      expect(await store.events.list({})).toHaveLength(10);
      expect(
        (await Promise.all(Array.from({ length: 10 }, (_, i) => store.portals.get(i)))).every(Boolean),
      ).toBe(true);
    });
  });

  it('is ready once migrated', async () => {
    expect(await store.isReady()).toBe(true);
    expect(await store.transaction((tx) => tx.isReady())).toBe(true);
  });
}
