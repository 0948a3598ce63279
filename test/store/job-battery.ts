import type { Kysely } from 'kysely';
import type { StoreDatabase } from '../../src/store/schema';
import type { NewJob, Store } from '../../src/store/store';
import { T0 } from './store-battery';

/** Opens a fresh store whose schema stopped at 0005, runs `seed` on it, then upgrades it. */
export type OpenUpgraded = (seed: (db: Kysely<StoreDatabase>) => Promise<void>) => Promise<Store>;

const LEASE = 60_000;

export function writeJob(contactId: string, round = 1, portalId = 62515): NewJob {
  return {
    name: 'write-contact',
    portalId,
    key: `write-contact:${portalId}:${contactId}:${round}`,
    payload: { contactId, round },
  };
}

/** The job queue (migration 0006): the same behaviour on every adapter. */
export function jobBattery(open: () => Promise<Store>, openUpgraded: OpenUpgraded): void {
  describe('job queue', () => {
    let store: Store;
    afterEach(async () => store.close());

    it('adds a job once per key, even when the outbox transaction runs twice', async () => {
      store = await open();
      expect(await store.transaction((tx) => tx.jobs.enqueue(writeJob('501'), T0))).toBe(true);
      expect(await store.transaction((tx) => tx.jobs.enqueue(writeJob('501'), T0 + 5))).toBe(false);
      const [job] = await store.jobs.list({ limit: 10 });
      expect(job).toMatchObject({ name: 'write-contact', status: 'queued', attempts: 0, runAt: T0 });
      expect(job?.payload).toEqual({ contactId: '501', round: 1 });
    });

    it('drops the job when the transaction that asked for it rolls back', async () => {
      store = await open();
      await expect(
        store.transaction(async (tx) => {
          await tx.jobs.enqueue(writeJob('502'), T0);
          throw new Error('decision not saved');
        }),
      ).rejects.toThrow('decision not saved');
      expect(await store.jobs.list({ limit: 10 })).toEqual([]);
    });

    it('claims due jobs of one name and one portal, and not before run_at', async () => {
      store = await open();
      await store.jobs.enqueue(writeJob('1'), T0);
      await store.jobs.enqueue({ ...writeJob('2'), runAt: T0 + 10_000 }, T0);
      await store.jobs.enqueue(writeJob('3', 1, 777), T0);
      await store.jobs.enqueue({ name: 'create-task', portalId: 62515, key: 't1', payload: {} }, T0);
      const first = await store.jobs.claim({ owner: 'a', limit: 10, leaseMs: LEASE, now: T0 });
      expect(first.map((job) => [job.name, job.portalId, job.payload])).toEqual([
        ['write-contact', 62515, { contactId: '1', round: 1 }],
      ]);
      expect(first[0]).toMatchObject({ status: 'processing', attempts: 1, leaseOwner: 'a' });
      const skipping = await store.jobs.claim({
        owner: 'b',
        limit: 10,
        leaseMs: LEASE,
        now: T0,
        skipPortals: [62515],
      });
      expect(skipping.map((job) => job.portalId)).toEqual([777]);
    });

    it('retries, dead-letters with the reason, and gives attempts back when deferred', async () => {
      store = await open();
      await store.jobs.enqueue(writeJob('1'), T0);
      let [job] = await store.jobs.claim({ owner: 'a', limit: 1, leaseMs: LEASE, now: T0 });
      expect(await store.jobs.fail(job!.id, 'b', { error: 'not mine', retryAt: T0 }, T0)).toBe(false);
      expect(await store.jobs.fail(job!.id, 'a', { error: 'HTTP 502', retryAt: T0 + 5_000 }, T0)).toBe(true);
      expect(await store.jobs.claim({ owner: 'a', limit: 1, leaseMs: LEASE, now: T0 + 1 })).toEqual([]);
      [job] = await store.jobs.claim({ owner: 'a', limit: 1, leaseMs: LEASE, now: T0 + 5_000 });
      expect(job?.attempts).toBe(2);
      expect(await store.jobs.defer('a', T0 + 60_000, [job!.id], 'HubSpot circuit open')).toBe(1);
      [job] = await store.jobs.claim({ owner: 'a', limit: 1, leaseMs: LEASE, now: T0 + 60_000 });
      expect(job?.attempts).toBe(2);
      await store.jobs.fail(
        job!.id,
        'a',
        {
          error: 'HubSpot rejected the request: Property values were not valid',
          correlationId: 'c-1',
          retryAt: null,
        },
        T0 + 60_000,
      );
      const [dead] = await store.jobs.list({ status: 'dead', limit: 10 });
      expect(dead).toMatchObject({
        status: 'dead',
        lastError: expect.stringContaining('Property values were not valid'),
        correlationId: 'c-1',
        finishedAt: T0 + 60_000,
      });
      expect(await store.jobs.counts()).toEqual({ queued: 0, processing: 0, done: 0, dead: 1 });
    });

    it('lets another worker take a job whose lease ran out, and completes only for the holder', async () => {
      store = await open();
      await store.jobs.enqueue(writeJob('1'), T0);
      const [job] = await store.jobs.claim({ owner: 'a', limit: 1, leaseMs: LEASE, now: T0 });
      expect(await store.jobs.claim({ owner: 'b', limit: 1, leaseMs: LEASE, now: T0 + LEASE - 1 })).toEqual(
        [],
      );
      const [again] = await store.jobs.claim({ owner: 'b', limit: 1, leaseMs: LEASE, now: T0 + LEASE });
      expect(again?.id).toBe(job?.id);
      expect(await store.jobs.complete([job!.id], 'a', T0 + LEASE)).toBe(0);
      expect(await store.jobs.complete([job!.id], 'b', T0 + LEASE)).toBe(1);
      expect(await store.jobs.counts()).toMatchObject({ done: 1 });
    });

    it('moves queued and in-flight internal events of the old shape into jobs on upgrade', async () => {
      store = await openUpgraded(async (db) => {
        const event = (key: string, type: string, status: string, payload: unknown) => ({
          portal_id: 62515,
          event_key: key,
          subscription_type: type,
          object_type_id: '0-1',
          object_id: 501,
          occurred_at: T0,
          payload: JSON.stringify(payload),
          status,
          attempts: 7,
          available_at: T0 + 1_000,
          received_at: T0,
        });
        await db
          .insertInto('webhook_events')
          .values([
            event('handoff.writeback:62515:501:1', 'handoff.writeback', 'queued', {
              contactId: '501',
              round: 1,
            }),
            event('handoff.sla:62515:9:breach', 'handoff.sla', 'processing', {
              decisionId: 9,
              kind: 'breach',
              at: T0,
            }),
            event('handoff.writeback:62515:502:1', 'handoff.writeback', 'done', {
              contactId: '502',
              round: 1,
            }),
            event('handoff.recycle:62515:501:2', 'handoff.recycle', 'queued', {
              contactId: '501',
              round: 2,
              signal: 'Demo request',
            }),
            event('62515:contact.creation:1', 'contact.creation', 'queued', { objectId: 501 }),
          ] as never)
          .execute();
      });
      const jobs = await store.jobs.list({ limit: 10 });
      expect(jobs.map((job) => [job.name, job.key, job.status, job.attempts, job.payload]).sort()).toEqual([
        [
          'apply-sla-action',
          'handoff.sla:62515:9:breach',
          'queued',
          0,
          { decisionId: 9, kind: 'breach', at: T0 },
        ],
        [
          'recycle-lead',
          'handoff.recycle:62515:501:2',
          'queued',
          0,
          { contactId: '501', round: 2, signal: 'Demo request' },
        ],
        ['write-contact', 'handoff.writeback:62515:501:1', 'queued', 0, { contactId: '501', round: 1 }],
      ]);
      expect(jobs.every((job) => job.runAt === T0 + 1_000 && job.portalId === 62515)).toBe(true);
      const events = await store.events.list({ limit: 10 });
      expect(events.map((event) => [event.subscriptionType, event.status])).toEqual([
        ['handoff.writeback', 'done'],
        ['handoff.sla', 'done'],
        ['handoff.writeback', 'done'],
        ['handoff.recycle', 'done'],
        ['contact.creation', 'queued'],
      ]);
      expect(events[0]?.lastError).toContain('moved to the job queue');
    });
  });
}
