import type { Store } from '../../src/store/store';
import { writeJob } from './job-battery';
import { newEvent, T0 } from './store-battery';

const LEASE = 60_000;
const PORTAL_LEASE = 15_000;

function scope(holder: string) {
  return { holder, leaseMs: PORTAL_LEASE };
}

/** Which portal a claim serves (rotation) and which process may serve it (portal leases, 0014). */
export function portalLeaseBattery(open: () => Promise<Store>): void {
  describe('portal rotation and leases', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    const importOf = (portalId: number, count: number, prefix: string) =>
      Array.from({ length: count }, (_, i) => newEvent(`${prefix}${i}`, portalId));

    it('serves another portal’s lead after one batch of a 250-event import, not after the import', async () => {
      await store.events.insert(importOf(1, 250, 'import-'), T0);
      await store.events.insert([newEvent('lead', 2)], T0);
      const first = await store.events.claim({ owner: 'w', limit: 100, leaseMs: LEASE, now: T0 });
      expect(first).toHaveLength(100);
      expect(first[0]?.portalId).toBe(1);
      const second = await store.events.claim({ owner: 'w', limit: 100, leaseMs: LEASE, now: T0, after: 1 });
      expect(second.map((event) => event.eventKey)).toEqual(['lead']);
      const third = await store.events.claim({ owner: 'w', limit: 100, leaseMs: LEASE, now: T0, after: 2 });
      expect(third.map((event) => event.portalId)).toEqual(Array(100).fill(1));
    });

    it('rotates through every portal with work in id order, wrapping round', async () => {
      for (const portalId of [9, 5, 7]) await store.events.insert(importOf(portalId, 3, `p${portalId}-`), T0);
      const served: number[] = [];
      let after: number | undefined;
      for (;;) {
        const batch = await store.events.claim({ owner: 'w', limit: 2, leaseMs: LEASE, now: T0, after });
        if (batch.length === 0) break;
        after = batch[0]?.portalId;
        served.push(after as number);
      }
      // The first claim takes the oldest event's portal (9), then 5, 7, 9 by turns.
      expect(served).toEqual([9, 5, 7, 9, 5, 7]);
    });

    it('rotates the job queue across portals too', async () => {
      for (let i = 0; i < 5; i += 1) await store.jobs.enqueue(writeJob(`a${i}`, 1, 1), T0);
      await store.jobs.enqueue(writeJob('b0', 1, 2), T0 + 1);
      const first = await store.jobs.claim({ owner: 'w', limit: 2, leaseMs: LEASE, now: T0 + 1 });
      const second = await store.jobs.claim({ owner: 'w', limit: 2, leaseMs: LEASE, now: T0 + 1, after: 1 });
      expect(first.map((job) => job.portalId)).toEqual([1, 1]);
      expect(second.map((job) => job.portalId)).toEqual([2]);
    });

    it('lets only the lease holder claim a portal, and hands it on when the lease runs out', async () => {
      await store.events.insert(importOf(1, 4, 'e'), T0);
      const a = await store.events.claim({
        owner: 'a',
        limit: 2,
        leaseMs: LEASE,
        now: T0,
        leases: scope('A'),
      });
      expect(a).toHaveLength(2);
      expect(await store.leases.list()).toEqual([
        { portalId: 1, holder: 'A', token: 1, expiresAt: T0 + PORTAL_LEASE },
      ]);
      const b = await store.events.claim({
        owner: 'b',
        limit: 2,
        leaseMs: LEASE,
        now: T0 + 1,
        leases: scope('B'),
      });
      expect(b).toEqual([]);
      // A stops renewing (it died): one lease later B takes the portal with the next fencing token.
      const later = T0 + PORTAL_LEASE;
      const taken = await store.events.claim({
        owner: 'b',
        limit: 2,
        leaseMs: LEASE,
        now: later,
        leases: scope('B'),
      });
      expect(taken.map((event) => event.eventKey)).toEqual(['e2', 'e3']);
      expect(await store.leases.list()).toEqual([
        { portalId: 1, holder: 'B', token: 2, expiresAt: later + PORTAL_LEASE },
      ]);
    });

    it('gives back the portals beyond a fair share once a second process beats', async () => {
      for (const portalId of [1, 2, 3, 4])
        await store.events.insert(importOf(portalId, 2, `q${portalId}-`), T0);
      for (let i = 0; i < 4; i += 1) {
        await store.events.claim({
          owner: 'a',
          limit: 1,
          leaseMs: LEASE,
          now: T0,
          after: i || undefined,
          leases: scope('A'),
        });
      }
      const round = { leaseMs: PORTAL_LEASE, horizonMs: PORTAL_LEASE };
      expect((await store.leases.round({ ...round, holder: 'A', now: T0 + 1 })).held).toHaveLength(4);
      const b = await store.leases.round({ ...round, holder: 'B', now: T0 + 2 });
      expect(b).toMatchObject({ held: [], holders: 2, portalsWithWork: 4, share: 2 });
      const a = await store.leases.round({ ...round, holder: 'A', now: T0 + 3 });
      expect(a.held.map((held) => held.portalId)).toEqual([1, 2]);
      expect(a.released).toEqual([3, 4]);
      // B takes the two given back, and no more than its share of two.
      const claimed: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const batch = await store.events.claim({
          owner: 'b',
          limit: 2,
          leaseMs: LEASE,
          now: T0 + 4,
          after: claimed.at(-1),
          leases: scope('B'),
        });
        claimed.push(...new Set(batch.map((event) => event.portalId)));
      }
      expect(claimed.sort()).toEqual([3, 4]);
      const holders = (await store.leases.list()).map((lease) => [lease.portalId, lease.holder, lease.token]);
      expect(holders).toEqual([
        [1, 'A', 1],
        [2, 'A', 1],
        [3, 'B', 2],
        [4, 'B', 2],
      ]);
    });

    it('takes new portals by turns with the other live process, and gives back portals without work', async () => {
      const round = { leaseMs: PORTAL_LEASE, horizonMs: PORTAL_LEASE };
      await store.leases.round({ ...round, holder: 'A', now: T0 });
      await store.leases.round({ ...round, holder: 'B', now: T0 });
      for (const portalId of [1, 2]) await store.events.insert(importOf(portalId, 1, `t${portalId}-`), T0);
      const claim = (holder: string, after?: number) =>
        store.events.claim({
          owner: holder,
          limit: 5,
          leaseMs: LEASE,
          now: T0,
          after,
          leases: scope(holder),
        });
      expect((await claim('A')).map((event) => event.portalId)).toEqual([1]);
      // A now holds one portal and B none: portal 2 is B's to take, not A's.
      expect(await claim('A', 1)).toEqual([]);
      expect((await claim('B')).map((event) => event.portalId)).toEqual([2]);
      // Portal 1's event is done: A's next round gives its lease back.
      const [first] = await store.events.list({ portalId: 1 });
      await store.events.complete([first?.id as number], 'A', T0 + 1);
      const next = await store.leases.round({ ...round, holder: 'A', now: T0 + 2 });
      expect(next).toMatchObject({ held: [], idle: [1], released: [] });
    });

    it('hands a stopped process’s portals on at once, with the next fencing token', async () => {
      await store.events.insert(importOf(3, 2, 's'), T0);
      await store.jobs.claim({ owner: 'a', limit: 1, leaseMs: LEASE, now: T0, leases: scope('A') });
      await store.events.claim({ owner: 'a', limit: 1, leaseMs: LEASE, now: T0, leases: scope('A') });
      expect(await store.leases.release('A')).toBe(1);
      const b = await store.events.claim({
        owner: 'b',
        limit: 1,
        leaseMs: LEASE,
        now: T0 + 1,
        leases: scope('B'),
      });
      expect(b.map((event) => event.eventKey)).toEqual(['s1']);
      expect((await store.leases.list())[0]).toMatchObject({ portalId: 3, holder: 'B', token: 2 });
    });
  });
}
