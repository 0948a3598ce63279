import type { Store } from '../../src/store/store';
import { decision } from './decision-battery';
import { T0 } from './store-battery';

const DAY = 24 * 3_600_000;

/** No-response checks (issue 11): the same behaviour on every adapter. */
export function noResponseBattery(open: () => Promise<Store>): void {
  describe('no-response checks', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('reads only open rounds handed to sales with an owner, old enough, and due', async () => {
      const ids: Record<string, number> = {};
      const save = async (name: string, overrides: Parameters<typeof decision>[1]) => {
        ids[name] = (await store.decisions.save(decision(name, overrides))) as number;
      };
      await save('601', {});
      await save('602', { decidedAt: T0 + 2 * DAY }); // handed over too recently
      await save('603', { status: 'nurture', ownerId: null, priority: 'low' });
      await save('604', { status: 'duplicate_or_existing', ownerId: '111' });
      await save('605', {});
      await save('606', {});
      await store.decisions.close(ids['605'] as number, T0 + DAY);
      await store.noResponse.schedule(
        [{ portalId: 62515, decisionId: ids['606'] as number, nextCheckAt: T0 + 5 * DAY }],
        T0 + DAY,
      );
      const due = async (now: number) =>
        (await store.noResponse.due({ now, handedBefore: T0 + DAY, limit: 10 })).map((d) => d.contactId);
      expect(await due(T0 + 3 * DAY)).toEqual(['601', '604']);
      expect(await due(T0 + 5 * DAY)).toEqual(['601', '604', '606']);

      // A later answer moves the check: 601 waits until day 9, 604 is never looked at again.
      await store.noResponse.schedule(
        [
          { portalId: 62515, decisionId: ids['601'] as number, nextCheckAt: T0 + 9 * DAY },
          { portalId: 62515, decisionId: ids['604'] as number, nextCheckAt: 8.64e15 },
        ],
        T0 + 5 * DAY,
      );
      expect(await due(T0 + 5 * DAY)).toEqual(['606']);
      expect(await due(T0 + 9 * DAY)).toEqual(['601', '606']);
    });

    it('claims a sweep outcome once: of two sweeps recording the same round, one records it', async () => {
      const id = (await store.decisions.save(decision('611'))) as number;
      const record = () =>
        store.transaction(async (tx) => {
          const claim = await tx.outcomes.claim({
            portalId: 62515,
            contactId: '611',
            decisionId: id,
            idempotencyKey: `no-response:${id}`,
            outcome: 'no_response',
            reasonId: null,
            note: null,
            source: 'no_response_sweep',
            actor: 'handoff:no-response-sweep',
            occurredAt: T0,
          });
          if (!claim.claimed) return false;
          await tx.outcomes.complete(claim.id, { handoff_outcome: 'no_response' }, T0);
          await tx.decisions.close(id, T0);
          return true;
        });
      const results = await Promise.all([record(), record()]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const outcomes = await store.outcomes.list({ portalId: 62515, contactId: '611', limit: 5 });
      expect(outcomes.map((o) => [o.outcome, o.source])).toEqual([['no_response', 'no_response_sweep']]);
    });
  });
}
