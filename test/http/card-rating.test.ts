import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { record } from '../hubspot/fixtures';
import {
  CONTACT,
  errorOf,
  NOW,
  OWNER,
  PORTAL,
  startCardFeedback,
  TOMORROW,
  type CardFeedbackHarness,
} from '../support/card-feedback-harness';

describe('card lead rating: POST /api/card/contacts/:id/rating', () => {
  let t: CardFeedbackHarness;
  afterEach(async () => t.close());

  describe('POST /api/card/contacts/:id/rating', () => {
    const body = { rating: 4, reasonId: 'great_fit', note: 'Knew the product', requestId: 'rate-0001-abc' };

    it('stores the rating and writes rating, reason and time to the contact', async () => {
      t = await startCardFeedback();
      const response = await t.postRating(body);
      expect(response.status).toBe(200);
      // Handoff decided this contact for this portal: it is the portal's own, nothing to read first.
      expect(t.hubspot.calls).toHaveLength(0);
      expect(await response.json()).toEqual({
        rating: {
          rating: 4,
          reasonId: 'great_fit',
          note: 'Knew the product',
          ratedAt: new Date(NOW).toISOString(),
          round: 1,
        },
        replayed: false,
        message: 'Rating saved: 4 of 5 (Great fit).',
      });
      await t.runJobs();
      expect(t.portal.contactWrites).toEqual([
        {
          id: CONTACT,
          properties: {
            handoff_lead_rating: '4',
            handoff_lead_rating_reason: 'great_fit',
            handoff_lead_rated_at: new Date(NOW).toISOString(),
          },
        },
      ]);
      expect(await t.store.feedback.ratings(PORTAL)).toEqual([
        { contactId: CONTACT, round: 1, rating: 4, reasonId: 'great_fit', ratedAt: NOW },
      ]);
      expect(t.portal.tasks.size).toBe(0);
    });

    it('records a retried request once and clears the reason when a re-rating gives none', async () => {
      t = await startCardFeedback();
      await t.postRating(body);
      expect(await (await t.postRating(body)).json()).toMatchObject({ replayed: true });
      await t.postRating({ rating: 2, requestId: 'rate-0002-abc' });
      await t.runJobs();
      // Both ratings' writes ran in one batch: one update, the later rating's values.
      expect(t.portal.contactWrites).toEqual([
        {
          id: CONTACT,
          properties: {
            handoff_lead_rating: '2',
            handoff_lead_rating_reason: '',
            handoff_lead_rated_at: new Date(NOW).toISOString(),
          },
        },
      ]);
      expect((await t.store.feedback.ratings(PORTAL)).map((row) => row.rating)).toEqual([2]);
    });

    it.each([
      [
        'a rating above the scale',
        { ...body, rating: 6 },
        'rating 6 is not on the scale: give a whole number from 1 (poor lead) to 5 (great lead)',
      ],
      ['a rating below the scale', { ...body, rating: 0 }, 'rating 0 is not on the scale'],
      ['a fraction', { ...body, rating: 3.5 }, 'rating 3.5 is not on the scale'],
      ['a rating as text', { ...body, rating: '4' }, 'rating "4" is not on the scale'],
      ['no rating', { requestId: 'rate-0001-abc' }, 'rating is missing: give a whole number from 1'],
      [
        'an unknown reason',
        { ...body, reasonId: 'poor_fit' },
        'reasonId "poor_fit" is not a rating reason: choose one of great_fit, wrong_persona, no_budget, bad_data, not_ready, or none',
      ],
      ['a note too long', { ...body, note: 'x'.repeat(2001) }, 'note is longer than 2000 characters'],
      ['no request id', { rating: 3 }, 'requestId must be 8 to 100 letters'],
    ])('refuses %s with a 400 the card shows, storing nothing', async (_, bad, message) => {
      t = await startCardFeedback();
      const response = await t.postRating(bad);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error).toMatchObject({ code: 'card_invalid' });
      expect(error.message).toContain(message);
      expect(await t.store.feedback.ratings(PORTAL)).toEqual([]);
      expect(await t.store.jobs.counts()).toMatchObject({ queued: 0 });
      expect(t.hubspot.calls).toHaveLength(0);
    });

    it('reads a contact Handoff never decided first: rated as round 0 when the portal has it, else a 404', async () => {
      t = await startCardFeedback();
      t.hubspot
        .reply('GET', '/crm/v3/objects/contacts/3003', 200, record('3003', { email: 'new@example.com' }))
        .reply('GET', '/crm/v3/objects/contacts/3004', 404, {
          status: 'error',
          message: 'Object not found.',
          correlationId: 'c0ffee00-0000-4000-8000-000000000003',
          category: 'OBJECT_NOT_FOUND',
        });
      const rate = (contactId: string, requestId: string) =>
        t.cardFetch('POST', `/api/card/contacts/${contactId}/rating`, { body: { rating: 2, requestId } });
      expect((await rate('3003', 'rate-3003-abc')).status).toBe(200);
      expect((await rate('3004', 'rate-3004-abc')).status).toBe(404);
      expect(await t.store.feedback.ratings(PORTAL)).toEqual([
        { contactId: '3003', round: 0, rating: 2, reasonId: null, ratedAt: NOW },
      ]);
      t.hubspot.done();
    });

    it('refuses a body that is not JSON with a 400', async () => {
      t = await startCardFeedback();
      const response = await t.cardFetch('POST', `/api/card/contacts/${CONTACT}/rating`, {
        rawBody: 'rating=4',
      });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).message).toMatch(/not JSON/);
    });
  });

  it('shows the current rating, the reasons and the next step on the card at once, before HubSpot is written', async () => {
    t = await startCardFeedback({ reads: 2 });
    t.hubspot.reply('GET', `/crm/v3/owners/${OWNER}`, 200, {
      id: OWNER,
      email: 'dana@example.com',
      type: 'PERSON',
      firstName: 'Dana',
      lastName: 'Rep',
      archived: false,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    await t.postRating({ rating: 3, reasonId: 'not_ready', requestId: 'rate-0001-abc' });
    await t.postNextStep({ what: 'Call in January', dueAt: TOMORROW, requestId: 'step-0001-abc' });
    const context = (await (await t.cardFetch('GET', `/api/card/contacts/${CONTACT}`)).json()) as {
      feedback: unknown;
    };
    expect(context.feedback).toEqual({
      rating: { rating: 3, reasonId: 'not_ready', note: null, ratedAt: new Date(NOW).toISOString() },
      nextStep: { what: 'Call in January', dueAt: TOMORROW, ownerId: OWNER },
      ratingReasons: DEFAULT_PLAYBOOK.leadRating.reasons,
      scale: { min: 1, max: 5 },
    });
    t.hubspot.done();
  });
});
