import type { Store } from '../../src/store/store';
import { decision } from './decision-battery';
import { T0 } from './store-battery';

/** Scheduler bookkeeping and the SLA marks: the same behaviour on every adapter. */
export function scheduleBattery(open: () => Promise<Store>): void {
  describe('schedules and SLA marks', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('gives each job slot to exactly one process', async () => {
      expect(await store.schedules.claimRun('sla-sweep', 100, 'a', T0)).toBe(true);
      expect(await store.schedules.claimRun('sla-sweep', 100, 'b', T0)).toBe(false);
      expect(await store.schedules.claimRun('sla-sweep', 101, 'b', T0)).toBe(true);
      expect(await store.schedules.claimRun('reconcile', 100, 'b', T0)).toBe(true);
      await store.schedules.finishRun('sla-sweep', 100, { status: 'done', detail: '3 breaches' }, T0 + 5);
    });

    it('keeps a cursor per portal and name', async () => {
      expect(await store.schedules.cursor(1, 'reconcile')).toBeNull();
      await store.schedules.setCursor(1, 'reconcile', T0, T0);
      await store.schedules.setCursor(1, 'reconcile', T0 + 60_000, T0);
      await store.schedules.setCursor(2, 'reconcile', 5, T0);
      expect(await store.schedules.cursor(1, 'reconcile')).toBe(T0 + 60_000);
      expect(await store.schedules.cursor(2, 'reconcile')).toBe(5);
    });

    it('lists open decisions with a pending clock, earliest due first', async () => {
      await store.decisions.save(decision('1', { slaDueAt: T0 + 2_000 }));
      await store.decisions.save(decision('2', { slaDueAt: T0 + 1_000 }));
      await store.decisions.save(
        decision('3', { slaDueAt: null, slaStatus: 'not_applicable', ownerId: null }),
      );
      await store.decisions.save(decision('4', { portalId: 7, slaDueAt: T0 }));
      const pending = await store.decisions.pendingSla({ portalId: 62515, limit: 10 });
      expect(pending.map((d) => d.contactId)).toEqual(['2', '1']);
      expect((await store.decisions.pendingSla({ limit: 10 })).map((d) => d.contactId)).toEqual([
        '4',
        '2',
        '1',
      ]);
    });

    it('lists only the clocks due a look, and a new clock (escalation) at once', async () => {
      const first = (await store.decisions.save(decision('1', { slaDueAt: T0 + 30_000 }))) as number;
      const second = (await store.decisions.save(decision('2', { slaDueAt: T0 + 60_000 }))) as number;
      const due = async (now: number) =>
        (await store.decisions.pendingSla({ limit: 10, checkBy: now })).map((d) => d.contactId);
      // New clocks are read at the next sweep.
      expect(await due(T0)).toEqual(['1', '2']);
      await store.decisions.setSlaChecks([
        { id: first, slaDueAt: T0 + 30_000, checkAt: T0 + 20_000 },
        { id: second, slaDueAt: T0 + 60_000, checkAt: T0 + 45_000 },
      ]);
      expect(await due(T0 + 19_999)).toEqual([]);
      expect(await due(T0 + 20_000)).toEqual(['1']);
      expect(await due(T0 + 45_000)).toEqual(['1', '2']);
      // The lead got a new owner and clock after the sweep read it: the sweep's check is not kept.
      await store.decisions.reassign(second, {
        ownerId: '222',
        slaDueAt: T0 + 90_000,
        reason: 'Escalated',
        properties: {},
      });
      await store.decisions.setSlaChecks([{ id: second, slaDueAt: T0 + 60_000, checkAt: T0 + 3_600_000 }]);
      expect(await due(T0 + 1)).toEqual(['2']);
    });

    it('marks a breach once: the second marker gets false, and a met clock leaves the list', async () => {
      const id = (await store.decisions.save(decision('1', { slaDueAt: T0 }))) as number;
      expect(await store.decisions.markSla(id, { breachedAt: T0 + 1 })).toBe(true);
      expect(await store.decisions.markSla(id, { breachedAt: T0 + 2 })).toBe(false);
      expect(await store.decisions.get(id)).toMatchObject({ breachedAt: T0 + 1, slaStatus: 'pending' });
      await store.decisions.markSla(id, { slaStatus: 'breached' });
      // Breached but not yet acted on: still on the sweep's list (escalation and the late action).
      expect((await store.decisions.pendingSla({ limit: 10 })).map((d) => d.id)).toEqual([id]);
      await store.decisions.reassign(id, {
        ownerId: '222',
        slaDueAt: T0 + 99,
        reason: 'Escalated',
        properties: {},
      });
      expect(await store.decisions.get(id)).toMatchObject({
        ownerId: '222',
        slaDueAt: T0 + 99,
        slaStatus: 'pending',
      });
      expect(await store.decisions.markSla(id, { firstActionAt: T0 + 3, slaStatus: 'breached' })).toBe(true);
      expect(await store.decisions.get(id)).toMatchObject({ firstActionAt: T0 + 3, slaStatus: 'breached' });
      expect(await store.decisions.pendingSla({ limit: 10 })).toEqual([]);
    });
  });
}
