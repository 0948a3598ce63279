import type { NewDecision, Store } from '../../src/store/store';
import { T0 } from './store-battery';

export function decision(contactId: string, overrides: Partial<NewDecision> = {}): NewDecision {
  return {
    portalId: 62515,
    contactId,
    round: 1,
    status: 'sales_ready',
    priority: 'high',
    ownerId: '111',
    match: 'none',
    companyId: null,
    dealId: null,
    reason: 'Sales-ready: demo request by a director; round robin in Sales',
    properties: { handoff_status: 'sales_ready', handoff_owner: '111' },
    record: { version: 1, contactId },
    eventKey: `62515:object.creation:${contactId}:1:${T0}`,
    decidedAt: T0,
    slaDueAt: T0 + 30 * 60_000,
    slaStatus: 'pending',
    ...overrides,
  };
}

/** Decisions and round-robin state: the same behaviour on every adapter. */
export function decisionBattery(open: () => Promise<Store>): void {
  describe('handoff decisions', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('stores one decision per contact and round; a second for the same round is refused', async () => {
      const id = await store.decisions.save(decision('501'));
      expect(id).toEqual(expect.any(Number));
      expect(await store.decisions.save(decision('501', { ownerId: '222' }))).toBeNull();
      const stored = await store.decisions.get(id as number);
      expect(stored).toMatchObject({
        contactId: '501',
        ownerId: '111',
        properties: { handoff_status: 'sales_ready', handoff_owner: '111' },
        record: { version: 1, contactId: '501' },
        writtenAt: null,
      });
    });

    it('finds the latest round per contact, only for the portal asked', async () => {
      await store.decisions.save(decision('501'));
      await store.decisions.save(decision('501', { round: 2, status: 'nurture', ownerId: null }));
      await store.decisions.save(decision('502', { portalId: 999 }));
      const latest = await store.decisions.latest(62515, ['501', '502', '503']);
      expect([...latest.keys()]).toEqual(['501']);
      expect(latest.get('501')).toMatchObject({ round: 2, status: 'nurture' });
    });

    it('counts open routed handoffs per owner for capacity', async () => {
      await store.decisions.save(decision('1', { ownerId: 'a' }));
      await store.decisions.save(decision('2', { ownerId: 'a', status: 'needs_qualification' }));
      await store.decisions.save(decision('3', { ownerId: 'b' }));
      await store.decisions.save(decision('4', { ownerId: null, status: 'nurture' }));
      await store.decisions.save(decision('5', { ownerId: 'c', status: 'disqualified' }));
      expect(await store.decisions.openLeadsByOwner(62515)).toEqual({ a: 2, b: 1 });
    });

    it('marks write-back and task creation', async () => {
      const id = (await store.decisions.save(decision('7'))) as number;
      await store.decisions.markWritten([id], T0 + 5);
      await store.decisions.markTasksCreated([id], T0 + 6);
      expect(await store.decisions.get(id)).toMatchObject({ writtenAt: T0 + 5, tasksCreatedAt: T0 + 6 });
    });

    it('lists the newest decisions first', async () => {
      for (const contactId of ['1', '2', '3']) await store.decisions.save(decision(contactId));
      expect((await store.decisions.list({ portalId: 62515, limit: 2 })).map((d) => d.contactId)).toEqual([
        '3',
        '2',
      ]);
    });

    it('saves routing state only over the version it read (no lost round-robin updates)', async () => {
      expect(await store.decisions.routingState(62515)).toEqual({ state: {}, version: 0 });
      expect(
        await store.decisions.saveRoutingState(62515, { sales: { members: { a: { served: 1 } } } }, 0, T0),
      ).toBe(true);
      expect(await store.decisions.saveRoutingState(62515, { sales: 'stale writer' }, 0, T0)).toBe(false);
      const read = await store.decisions.routingState(62515);
      expect(read).toEqual({ state: { sales: { members: { a: { served: 1 } } } }, version: 1 });
      expect(await store.decisions.saveRoutingState(62515, { sales: 'next' }, 1, T0)).toBe(true);
      expect(await store.decisions.saveRoutingState(62515, { sales: 'late' }, 1, T0)).toBe(false);
      expect((await store.decisions.routingState(62515)).version).toBe(2);
    });

    it('rolls a decision and its routing state back together', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.decisions.save(decision('9'));
          await tx.decisions.saveRoutingState(62515, { sales: 'x' }, 0, T0);
          throw new Error('lease lost');
        }),
      ).rejects.toThrow('lease lost');
      expect((await store.decisions.latest(62515, ['9'])).size).toBe(0);
      expect((await store.decisions.routingState(62515)).version).toBe(0);
    });
  });
}
