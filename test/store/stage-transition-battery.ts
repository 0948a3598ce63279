import type { NewStageTransition, Store } from '../../src/store/store';
import { T0 } from './store-battery';

function transition(overrides: Partial<NewStageTransition> = {}): NewStageTransition {
  return {
    portalId: 62515,
    contactId: '501',
    round: 1,
    stage: 'mql',
    enteredAt: T0,
    cause: 'decision',
    detail: null,
    recordedAt: T0 + 5,
    ...overrides,
  };
}

/** Stage transitions (CONTRACT §5): the same behaviour on every adapter. */
export function stageTransitionBattery(open: () => Promise<Store>): void {
  describe('stage transitions', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('records a stage once per contact and round: a repeated trigger records nothing new', async () => {
      const accepted = transition({ stage: 'sal', enteredAt: T0 + 60_000, cause: 'card_action' });
      expect(await store.stages.record([transition(), accepted])).toBe(2);
      expect(
        await store.stages.record([
          { ...accepted, enteredAt: T0 + 90_000, cause: 'sales_activity', detail: 'call 9001' },
          transition({ stage: 'sql', enteredAt: T0 + 120_000, cause: 'hubspot_edit' }),
        ]),
      ).toBe(1);
      const rows = await store.stages.list({ portalId: 62515 });
      expect(rows.map((row) => [row.stage, row.enteredAt, row.cause])).toEqual([
        ['mql', T0, 'decision'],
        ['sal', T0 + 60_000, 'card_action'],
        ['sql', T0 + 120_000, 'hubspot_edit'],
      ]);
      expect(rows[0]).toEqual({
        id: expect.any(Number),
        portalId: 62515,
        contactId: '501',
        round: 1,
        stage: 'mql',
        enteredAt: T0,
        cause: 'decision',
        detail: null,
        recordedAt: T0 + 5,
      });
    });

    it('keeps rounds, contacts and portals apart', async () => {
      expect(
        await store.stages.record([
          transition(),
          transition({ round: 2, enteredAt: T0 + 86_400_000 }),
          transition({ contactId: '502' }),
          transition({ portalId: 999 }),
        ]),
      ).toBe(4);
      const rows = await store.stages.list({ portalId: 62515, contactIds: ['501'] });
      expect(rows.map((row) => row.round)).toEqual([1, 2]);
      expect(await store.stages.list({ portalId: 999 })).toHaveLength(1);
      expect(await store.stages.list({ portalId: 62515, contactIds: [] })).toEqual([]);
    });

    it('filters on when the stage was entered, bounds included', async () => {
      await store.stages.record([
        transition({ contactId: 'a', enteredAt: T0 - 1 }),
        transition({ contactId: 'b', enteredAt: T0 }),
        transition({ contactId: 'c', enteredAt: T0 + 1_000 }),
        transition({ contactId: 'd', enteredAt: T0 + 1_001 }),
      ]);
      const window = await store.stages.list({ portalId: 62515, from: T0, to: T0 + 1_000 });
      expect(window.map((row) => row.contactId)).toEqual(['b', 'c']);
    });

    it('stores a large batch in one call and counts it', async () => {
      const rows = Array.from({ length: 1_203 }, (_, i) => transition({ contactId: String(10_000 + i) }));
      expect(await store.stages.record(rows)).toBe(1_203);
      expect(await store.stages.record(rows)).toBe(0);
      expect(await store.stages.record([])).toBe(0);
    });
  });
}
