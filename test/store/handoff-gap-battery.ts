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
      const id = (await store.saveDecision(
        decision(contactId, { decidedAt: T0 + Number(contactId) }),
      )) as number;
      await store.markDecisionTasksCreated([id], T0 + 1);
      if (firstActionAt !== undefined) await store.markSla(id, { firstActionAt, slaStatus: 'met' });
      return id;
    };

    it('lists each kind of gap, oldest first, and nothing else', async () => {
      await complete('10', T0 + 60_000); // owner, due, task, acted on: fine
      await complete('11'); // not yet due: fine
      await store.saveDecision(decision('12', { decidedAt: T0 + 12 })); // no task yet
      const ownerless = decision('13', {
        decidedAt: T0 + 13,
        status: 'duplicate_or_existing',
        ownerId: null,
        slaDueAt: null,
      });
      await store.saveDecision(ownerless);
      await store.saveDecision(decision('14', { status: 'nurture', ownerId: null, slaDueAt: null }));
      await store.saveDecision(decision('15', { status: 'disqualified', ownerId: null, slaDueAt: null }));

      const beforeDue = await store.handoffGaps({ portalId: 62515, now: DUE - 1, limit: 50 });
      expect(beforeDue.map((gap) => gap.contactId)).toEqual(['12', '13']);

      // Past due: the one never acted on joins the list; the one acted on does not.
      const afterDue = await store.handoffGaps({ portalId: 62515, now: DUE + 1, limit: 50 });
      expect(afterDue.map((gap) => gap.contactId)).toEqual(['11', '12', '13']);
      expect(await store.handoffGaps({ portalId: 999, now: DUE + 1, limit: 50 })).toEqual([]);
    });

    it('leaves out closed decisions and earlier rounds', async () => {
      const closed = (await store.saveDecision(decision('20', { ownerId: null }))) as number;
      await store.closeDecision(closed, T0 + 5);
      await store.saveDecision(decision('21', { ownerId: null }));
      await store.saveDecision(
        decision('21', { round: 2, status: 'nurture', ownerId: null, slaDueAt: null }),
      );
      expect(await store.handoffGaps({ portalId: 62515, now: T0, limit: 50 })).toEqual([]);
    });
  });
}
