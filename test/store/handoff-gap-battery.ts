import type { Store } from '../../src/store/store';
import { decision } from './decision-battery';
import { T0 } from './store-battery';

/** CONTRACT §6's check, "handed to sales without owner, due time, task or first action". */
export function handoffGapBattery(open: () => Promise<Store>): void {
  describe('leads handed to sales without an owner, due time, task or first action', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    const DUE = T0 + 30 * 60_000;
    const complete = async (contactId: string, firstActionAt?: number) => {
      const id = (await store.decisions.save(
        decision(contactId, { decidedAt: T0 + Number(contactId) }),
      )) as number;
      await store.decisions.markTasksCreated([id], T0 + 1);
      if (firstActionAt !== undefined) await store.decisions.markSla(id, { firstActionAt, slaStatus: 'met' });
      return id;
    };

    it('lists each kind of gap, oldest first, and nothing else', async () => {
      await complete('10', T0 + 60_000); // owner, due, task, acted on: fine
      await complete('11'); // not yet due: fine
      await store.decisions.save(decision('12', { decidedAt: T0 + 12 })); // no task yet
      const ownerless = decision('13', {
        decidedAt: T0 + 13,
        status: 'duplicate_or_existing',
        ownerId: null,
        slaDueAt: null,
      });
      await store.decisions.save(ownerless);
      await store.decisions.save(decision('14', { status: 'nurture', ownerId: null, slaDueAt: null }));
      await store.decisions.save(decision('15', { status: 'disqualified', ownerId: null, slaDueAt: null }));

      const beforeDue = await store.decisions.gaps({ portalId: 62515, now: DUE - 1, limit: 50 });
      expect(beforeDue.map((gap) => gap.contactId)).toEqual(['12', '13']);

      // Past due: the one never acted on joins the list; the one acted on does not.
      const afterDue = await store.decisions.gaps({ portalId: 62515, now: DUE + 1, limit: 50 });
      expect(afterDue.map((gap) => gap.contactId)).toEqual(['11', '12', '13']);
      expect(await store.decisions.gaps({ portalId: 999, now: DUE + 1, limit: 50 })).toEqual([]);
    });

    it('leaves out closed decisions and earlier rounds', async () => {
      const closed = (await store.decisions.save(decision('20', { ownerId: null }))) as number;
      await store.decisions.close(closed, T0 + 5);
      await store.decisions.save(decision('21', { ownerId: null }));
      await store.decisions.save(
        decision('21', { round: 2, status: 'nurture', ownerId: null, slaDueAt: null }),
      );
      expect(await store.decisions.gaps({ portalId: 62515, now: T0, limit: 50 })).toEqual([]);
    });
  });
}
