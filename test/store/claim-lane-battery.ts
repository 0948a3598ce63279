import type { NewEvent, Store } from '../../src/store/store';
import { decision } from './decision-battery';
import { writeJob } from './job-battery';
import { T0 } from './store-battery';

const PORTAL = 62515;
const claim = { owner: 'w1', limit: 100, leaseMs: 60_000, now: T0 };

/** HubSpot's shapes: a contact's creation, and one property change of it. */
function created(contactId: number, occurredAt = T0 - 1_000, portalId = PORTAL): NewEvent {
  return {
    portalId,
    eventKey: `${portalId}:creation:${contactId}`,
    subscriptionType: 'object.creation',
    objectTypeId: '0-1',
    objectId: contactId,
    occurredAt,
    payload: { portalId, objectId: contactId, objectTypeId: '0-1', subscriptionType: 'object.creation' },
  };
}

function changed(contactId: number, propertyName: string, occurredAt = T0 - 1_000): NewEvent {
  return {
    portalId: PORTAL,
    eventKey: `${PORTAL}:change:${contactId}:${propertyName}:${occurredAt}`,
    subscriptionType: 'object.propertyChange',
    objectTypeId: '0-1',
    objectId: contactId,
    occurredAt,
    payload: {
      portalId: PORTAL,
      objectId: contactId,
      objectTypeId: '0-1',
      subscriptionType: 'object.propertyChange',
      propertyName,
      propertyValue: 'x',
    },
  };
}

function companyChanged(companyId: number): NewEvent {
  return {
    ...changed(companyId, 'domain'),
    eventKey: `${PORTAL}:company:${companyId}`,
    objectTypeId: '0-2',
    payload: { portalId: PORTAL, objectId: companyId, objectTypeId: '0-2', propertyName: 'domain' },
  };
}

/** An import as HubSpot delivers it: each creation followed by four property changes. */
function importOf(first: number, count: number): NewEvent[] {
  return Array.from({ length: count }, (_, index) => first + index).flatMap((id) => [
    created(id),
    ...['email', 'firstname', 'lastname', 'lifecyclestage'].map((name) => changed(id, name)),
  ]);
}

/** Issue 16: full batches by kind, a write-back lane, a hot table that stays small. */
export function claimLaneBattery(open: () => Promise<Store>): void {
  describe('claims by kind, lanes and the event archive', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('claims new contacts with the changes that came with them, and other changes apart', async () => {
      await store.events.insert(
        [
          created(1),
          changed(1, 'email'),
          changed(9, 'hs_lead_status'),
          companyChanged(500),
          changed(1, 'firstname'),
          created(2),
          // A person editing the new lead two minutes later: worked as a change, not folded.
          changed(2, 'lifecyclestage', T0 + 119_000),
        ],
        T0,
      );
      const creations = await store.events.claim(claim);
      expect(creations.map((event) => [event.objectId, event.subscriptionType])).toEqual([
        [1, 'object.creation'],
        [1, 'object.propertyChange'],
        [1, 'object.propertyChange'],
        [2, 'object.creation'],
      ]);
      expect(creations.every((event) => event.status === 'processing' && event.leaseOwner === 'w1')).toBe(
        true,
      );
      const changes = await store.events.claim({ ...claim, owner: 'w2' });
      expect(changes.map((event) => [event.objectTypeId, event.objectId])).toEqual([
        ['0-1', 9],
        ['0-2', 500],
        ['0-1', 2],
      ]);
      expect(await store.events.claim({ ...claim, owner: 'w3' })).toEqual([]);
    });

    it('fills decision batches to 100 new contacts across deliveries of an import', async () => {
      // 250 new contacts, delivered 100 events at a time as HubSpot does.
      const events = importOf(1_000, 250);
      for (let start = 0; start < events.length; start += 100) {
        await store.events.insert(events.slice(start, start + 100), T0);
      }
      const sizes: number[] = [];
      for (
        let batch = await store.events.claim(claim);
        batch.length > 0;
        batch = await store.events.claim(claim)
      ) {
        sizes.push(batch.filter((event) => event.subscriptionType === 'object.creation').length);
        await store.events.complete(
          batch.map((event) => event.id),
          'w1',
          T0,
        );
      }
      // Every change came with its creation: no batch of changes is left.
      expect(sizes).toEqual([100, 100, 50]);
    });

    it('tops up a lingering batch from its own portal and group only', async () => {
      await store.events.insert([created(1), created(2, T0, 777), companyChanged(500)], T0);
      const topUp = await store.events.claim({ ...claim, portalId: 777, group: 'create' });
      expect(topUp.map((event) => [event.portalId, event.objectId])).toEqual([[777, 2]]);
      expect(await store.events.claim({ ...claim, portalId: 777, group: 'create' })).toEqual([]);
    });

    it('takes a creation whose lease ran out together with its changes', async () => {
      await store.events.insert([created(1), changed(1, 'email')], T0);
      expect(await store.events.claim({ ...claim, owner: 'dies' })).toHaveLength(2);
      const retaken = await store.events.claim({ ...claim, owner: 'w2', now: T0 + 60_000 });
      expect(retaken.map((event) => [event.subscriptionType, event.attempts, event.leaseOwner])).toEqual([
        ['object.creation', 2, 'w2'],
        ['object.propertyChange', 2, 'w2'],
      ]);
    });

    it('moves done events to the archive, where reads, reports and de-duplication still find them', async () => {
      await store.events.insert([created(1), created(2), created(3)], T0);
      const [first, second, third] = await store.events.claim(claim);
      await store.events.complete([(first as { id: number }).id], 'w1', T0 + 1_000);
      await store.events.complete([(second as { id: number }).id], 'w1', T0 + 9_000);
      await store.events.fail((third as { id: number }).id, 'w1', 'HubSpot refused', null, T0 + 1_000);
      await store.decisions.save(decision('1', { eventKey: `${PORTAL}:creation:1`, decidedAt: T0 + 500 }));

      // Only the event done before the cutoff moves; the later one and the dead letter stay.
      expect(await store.events.archive(T0 + 5_000, 100)).toBe(1);
      expect(await store.events.archive(T0 + 5_000, 100)).toBe(0);
      expect((await store.events.stats(T0 + 10_000)).byStatus).toEqual({
        queued: 0,
        processing: 0,
        done: 1,
        dead: 1,
      });

      const archived = await store.events.get((first as { id: number }).id);
      expect(archived).toMatchObject({ status: 'done', objectId: 1, processedAt: T0 + 1_000, attempts: 1 });
      expect(
        (await store.events.list({ portalId: PORTAL })).map((event) => [event.objectId, event.status]),
      ).toEqual([
        [1, 'done'],
        [2, 'done'],
        [3, 'dead'],
      ]);
      expect((await store.events.list({ status: 'dead' })).map((event) => event.objectId)).toEqual([3]);
      expect(await store.events.insert([created(1), created(4)], T0 + 20_000)).toEqual({
        inserted: 1,
        duplicates: 1,
      });
      const [report] = await store.reports.decisions({
        portalId: PORTAL,
        from: T0,
        to: T0 + 1_000,
        limit: 5,
      });
      expect(report?.event).toEqual({
        receivedAt: T0,
        occurredAt: T0 - 1_000,
        subscriptionType: 'object.creation',
      });
    });

    it('names the contacts whose creation still waits or is being worked', async () => {
      await store.events.insert([created(1), created(2), created(3), changed(4, 'email')], T0);
      const [first] = await store.events.claim({ ...claim, limit: 1 });
      await store.events.complete([(first as { id: number }).id], 'w1', T0);
      await store.events.claim({ ...claim, limit: 1 });
      const waiting = await store.events.contactsWaiting(PORTAL, ['1', '2', '3', '4', '5']);
      expect([...waiting].sort()).toEqual(['2', '3']);
      expect(await store.events.contactsWaiting(777, ['2', '3'])).toEqual(new Set());
    });

    it('claims jobs by lane: write-back only, or everything but write-back', async () => {
      await store.jobs.enqueue(
        { name: 'create-task', portalId: PORTAL, key: 'task:1', payload: {} },
        T0 - 10,
      );
      await store.jobs.enqueue(writeJob('1'), T0);
      const lease = { owner: 'lane', limit: 10, leaseMs: 60_000, now: T0 };
      const writes = await store.jobs.claim({
        ...lease,
        lane: { only: ['write-contact', 'update-contact'] },
      });
      expect(writes.map((job) => job.name)).toEqual(['write-contact']);
      expect(await store.jobs.claim({ ...lease, lane: { only: ['write-contact'] } })).toEqual([]);
      const backlog = await store.jobs.claim({
        ...lease,
        lane: { except: ['write-contact', 'update-contact'] },
      });
      expect(backlog.map((job) => job.name)).toEqual(['create-task']);
    });
  });
}
