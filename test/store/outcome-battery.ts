import type { NewOutcomeEvent, Store } from '../../src/store/store';
import { decision } from './decision-battery';
import { T0 } from './store-battery';

function outcome(key: string, overrides: Partial<NewOutcomeEvent> = {}): NewOutcomeEvent {
  return {
    portalId: 62515,
    contactId: '501',
    decisionId: null,
    idempotencyKey: key,
    outcome: 'disqualified',
    reasonId: 'poor_fit',
    note: 'Agency, not a buyer',
    source: 'card',
    actor: 'user:77',
    occurredAt: T0,
    ...overrides,
  };
}

/** Outcome audit events and decision closing: the same behaviour on every adapter. */
export function outcomeBattery(open: () => Promise<Store>): void {
  describe('handoff outcomes', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('claims a key once; a second claim gets the first row back', async () => {
      const first = await store.outcomes.claim(outcome('card:abc'));
      expect(first).toEqual({ claimed: true, id: expect.any(Number) });
      const second = await store.outcomes.claim(outcome('card:abc', { outcome: 'accepted' }));
      expect(second).toMatchObject({
        claimed: false,
        existing: { state: 'pending', outcome: 'disqualified', reasonId: 'poor_fit', actor: 'user:77' },
      });
    });

    it('keeps keys apart per portal', async () => {
      expect((await store.outcomes.claim(outcome('same'))).claimed).toBe(true);
      expect((await store.outcomes.claim(outcome('same', { portalId: 999 }))).claimed).toBe(true);
    });

    it('records the written properties and lists recorded outcomes newest first', async () => {
      const a = await store.outcomes.claim(outcome('a', { outcome: 'accepted', reasonId: null, note: null }));
      const b = await store.outcomes.claim(outcome('b'));
      await store.outcomes.claim(outcome('c', { contactId: '502' }));
      if (!a.claimed || !b.claimed) throw new Error('expected claims');
      await store.outcomes.complete(a.id, { handoff_outcome: 'accepted' }, T0 + 1);
      await store.outcomes.complete(b.id, { handoff_outcome: 'disqualified' }, T0 + 2);
      const listed = await store.outcomes.list({ portalId: 62515, contactId: '501', limit: 10 });
      expect(listed.map((event) => [event.idempotencyKey, event.state, event.recordedAt])).toEqual([
        ['b', 'recorded', T0 + 2],
        ['a', 'recorded', T0 + 1],
      ]);
      expect(listed[0]?.properties).toEqual({ handoff_outcome: 'disqualified' });
      // Pending claims are not audit history yet, but can be asked for.
      expect(await store.outcomes.list({ portalId: 62515, limit: 10 })).toHaveLength(2);
      expect(
        (await store.outcomes.list({ portalId: 62515, limit: 10, includePending: true })).map((e) => e.state),
      ).toEqual(['pending', 'recorded', 'recorded']);
    });

    it('gives back a pending claim so the action can be tried again, never a recorded one', async () => {
      const first = await store.outcomes.claim(outcome('retry'));
      if (!first.claimed) throw new Error('expected a claim');
      await store.outcomes.release(first.id);
      const again = await store.outcomes.claim(outcome('retry'));
      expect(again.claimed).toBe(true);
      if (!again.claimed) return;
      await store.outcomes.complete(again.id, {}, T0);
      await store.outcomes.release(again.id);
      expect((await store.outcomes.claim(outcome('retry'))).claimed).toBe(false);
    });

    it('closes a decision once, which frees the owner capacity', async () => {
      const id = (await store.decisions.save(decision('600', { ownerId: 'x' }))) as number;
      expect(await store.decisions.openLeadsByOwner(62515)).toEqual({ x: 1 });
      expect(await store.decisions.close(id, T0 + 9)).toBe(true);
      expect(await store.decisions.close(id, T0 + 10)).toBe(false);
      expect(await store.decisions.get(id)).toMatchObject({ closedAt: T0 + 9 });
      expect(await store.decisions.openLeadsByOwner(62515)).toEqual({});
    });

    it('claims inside a transaction and rolls back with it', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.outcomes.claim(outcome('rolled'));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await store.outcomes.claim(outcome('rolled'))).claimed).toBe(true);
    });
  });
}
