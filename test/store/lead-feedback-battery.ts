import type { NewLeadRating, NewNextStep, Store } from '../../src/store/store';
import { T0 } from './store-battery';

const PORTAL = 62515;

function rating(overrides: Partial<NewLeadRating> = {}): NewLeadRating {
  return {
    portalId: PORTAL,
    contactId: '501',
    round: 1,
    rating: 4,
    reasonId: 'great_fit',
    note: null,
    ratedBy: 'user:4242',
    ratedAt: T0,
    requestId: 'rate-0001-a',
    ...overrides,
  };
}

function nextStep(overrides: Partial<NewNextStep> = {}): NewNextStep {
  return {
    portalId: PORTAL,
    contactId: '501',
    round: 1,
    what: 'Call to book a demo',
    dueAt: T0 + 86_400_000,
    ownerId: '111',
    requestedBy: 'user:4242',
    requestedAt: T0,
    requestId: 'step-0001-a',
    ...overrides,
  };
}

/** Lead ratings and next steps from the card (migration 0011): the same behaviour on every adapter. */
export function leadFeedbackBattery(open: () => Promise<Store>): void {
  describe('lead feedback', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('stores a rating once per request id in a portal: a retry gets the first row back', async () => {
      const first = await store.feedback.saveRating(rating({ note: 'Knew our product already' }));
      expect(first).toEqual({
        created: true,
        row: { id: expect.any(Number), ...rating({ note: 'Knew our product already' }) },
      });
      const retry = await store.feedback.saveRating(rating({ rating: 2, ratedAt: T0 + 5 }));
      expect(retry).toEqual({ created: false, row: first.row });
      // The same request id in another portal is another request.
      expect((await store.feedback.saveRating(rating({ portalId: PORTAL + 1 }))).created).toBe(true);
      expect(await store.feedback.latestRating(PORTAL, '501')).toEqual(first.row);
      expect(await store.feedback.latestRating(PORTAL, '999')).toBeNull();
    });

    it('reads the current rating of each rated round, a re-rating replacing the earlier one', async () => {
      await store.feedback.saveRating(rating({ requestId: 'rate-a-000001', rating: 2, ratedAt: T0 }));
      await store.feedback.saveRating(
        rating({ requestId: 'rate-a-000002', rating: 5, reasonId: null, ratedAt: T0 + 60_000 }),
      );
      await store.feedback.saveRating(
        rating({ requestId: 'rate-b-000001', contactId: '502', ratedAt: T0 + 10 }),
      );
      await store.feedback.saveRating(
        rating({ requestId: 'rate-c-000001', contactId: '501', round: 2, rating: 1, ratedAt: T0 + 120_000 }),
      );
      await store.feedback.saveRating(rating({ requestId: 'rate-other-01', portalId: PORTAL + 1 }));

      expect(await store.feedback.ratings(PORTAL)).toEqual([
        { contactId: '502', round: 1, rating: 4, reasonId: 'great_fit', ratedAt: T0 + 10 },
        { contactId: '501', round: 1, rating: 5, reasonId: null, ratedAt: T0 + 60_000 },
        { contactId: '501', round: 2, rating: 1, reasonId: 'great_fit', ratedAt: T0 + 120_000 },
      ]);
      // Bounds are inclusive; a rating after `to` is not yet the current one.
      expect(await store.feedback.ratings(PORTAL, { from: T0 + 10, to: T0 + 59_999 })).toEqual([
        { contactId: '502', round: 1, rating: 4, reasonId: 'great_fit', ratedAt: T0 + 10 },
      ]);
      expect((await store.feedback.ratings(PORTAL, { to: T0 + 59_999 })).map((row) => row.rating)).toEqual([
        2, 4,
      ]);
    });

    it('stores a next step once per request id and counts them', async () => {
      const first = await store.feedback.saveNextStep(nextStep());
      expect(first).toEqual({ created: true, row: { id: expect.any(Number), ...nextStep() } });
      expect(await store.feedback.saveNextStep(nextStep({ what: 'Something else' }))).toEqual({
        created: false,
        row: first.row,
      });
      const later = await store.feedback.saveNextStep(
        nextStep({ requestId: 'step-0002-b', what: 'Send the proposal', requestedAt: T0 + 1000 }),
      );
      expect(await store.feedback.latestNextStep(PORTAL, '501')).toEqual(later.row);
      expect(await store.feedback.latestNextStep(PORTAL, '502')).toBeNull();
      expect(await store.feedback.countNextSteps(PORTAL)).toBe(2);
      expect(await store.feedback.countNextSteps(PORTAL, { from: T0 + 1 })).toBe(1);
      expect(await store.feedback.countNextSteps(PORTAL + 1)).toBe(0);
    });

    it('stores no rating when its transaction rolls back (its jobs share that transaction)', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.feedback.saveRating(rating());
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      expect(await store.feedback.ratings(PORTAL)).toEqual([]);
    });
  });
}
