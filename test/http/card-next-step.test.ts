import { decision } from '../store/decision-battery';
import { record } from '../hubspot/fixtures';
import {
  CONTACT,
  CONTACT_PATH,
  errorOf,
  OWNER,
  PORTAL,
  startCardFeedback,
  TOMORROW,
  USER,
  type CardFeedbackHarness,
} from '../support/card-feedback-harness';

describe('card next step: POST /api/card/contacts/:id/next-step', () => {
  let t: CardFeedbackHarness;
  afterEach(async () => t.close());

  describe('POST /api/card/contacts/:id/next-step', () => {
    const body = { what: 'Call to book a demo', dueAt: TOMORROW, requestId: 'step-0001-abc' };

    it("creates one task for the lead's owner, due then, and writes the next-step properties", async () => {
      t = await startCardFeedback({ reads: 1 });
      const response = await t.postNextStep(body);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        nextStep: { what: 'Call to book a demo', dueAt: TOMORROW, ownerId: OWNER, round: 1 },
        replayed: false,
        message: `Next step saved: "Call to book a demo", due ${TOMORROW}. A task goes to the owner.`,
      });
      await t.runJobs();

      const tasks = [...t.portal.tasks.values()];
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toEqual({
        contactId: CONTACT,
        properties: expect.objectContaining({
          hs_timestamp: TOMORROW,
          hs_task_subject: 'Next step: Call to book a demo',
          hs_task_status: 'NOT_STARTED',
          hubspot_owner_id: OWNER,
        }),
      });
      expect(tasks[0]?.properties.hs_task_body).toContain(
        `[handoff ${PORTAL}-${CONTACT}-r1-next-step-0001-abc]`,
      );
      expect(t.portal.contactWrites).toEqual([
        {
          id: CONTACT,
          properties: { handoff_next_step: 'Call to book a demo', handoff_next_step_at: TOMORROW },
        },
      ]);
      expect(t.portal.mismatches).toEqual([]);
      t.hubspot.done();
    });

    it('creates one task when HubSpot retries the same request, however often', async () => {
      t = await startCardFeedback({ reads: 3 });
      for (let i = 0; i < 3; i += 1) expect((await t.postNextStep(body)).status).toBe(200);
      await t.runJobs();
      expect(t.portal.tasksOf(CONTACT)).toBe(1);
      expect(t.portal.contactWrites).toHaveLength(1);
      expect(await t.store.feedback.countNextSteps(PORTAL)).toBe(1);
    });

    it('answers a retry with the first request’s result, marked replayed', async () => {
      t = await startCardFeedback({ reads: 2 });
      await t.postNextStep(body);
      const retry = await t.postNextStep({ ...body, what: 'Something else' });
      expect(await retry.json()).toMatchObject({
        nextStep: { what: 'Call to book a demo' },
        replayed: true,
      });
    });

    it('creates one task when HubSpot applied the create but the answer was lost', async () => {
      // The first task create reaches HubSpot, then the answer is a 502: the retry looks first.
      let creates = 0;
      t = await startCardFeedback({
        reads: 1,
        fault: ({ path }) =>
          path.endsWith('/tasks/batch/create') && (creates += 1) === 1 ? 'apply-then-502' : 'none',
      });
      expect((await t.postNextStep(body)).status).toBe(200);
      await t.runJobs();
      expect(creates).toBe(1);
      expect(t.portal.tasksOf(CONTACT)).toBe(1);
      expect(t.portal.mismatches).toEqual([]);
    });

    it('gives two different next steps two tasks, and the properties the later one', async () => {
      t = await startCardFeedback({ reads: 2 });
      await t.postNextStep(body);
      const later = '2026-11-05T10:00:00.000Z';
      await t.postNextStep({ what: 'Send the proposal', dueAt: later, requestId: 'step-0002-abc' });
      await t.runJobs();
      expect(t.portal.tasksOf(CONTACT)).toBe(2);
      expect(t.portal.contactWrites.at(-1)?.properties).toEqual({
        handoff_next_step: 'Send the proposal',
        handoff_next_step_at: later,
      });
    });

    it.each([
      ['an empty what', { ...body, what: '   ' }, /^what is empty: say what the next step is/],
      ['a what that is not text', { ...body, what: 42 }, /^what must be text/],
      ['no what at all', { dueAt: TOMORROW, requestId: 'step-0001-abc' }, /^what is empty/],
      ['a what too long', { ...body, what: 'x'.repeat(201) }, /what is 201 characters, longer than 200/],
      ['no due date', { what: 'Call', requestId: 'step-0001-abc' }, /dueAt is missing: give the due date/],
      [
        'a due date that is not one',
        { ...body, dueAt: 'next tuesday' },
        /dueAt "next tuesday" is not a date/,
      ],
      [
        'a due date without a zone',
        { ...body, dueAt: '2026-11-03T15:00' },
        /dueAt .* use ISO 8601 with a zone/,
      ],
      ['an impossible date', { ...body, dueAt: '2026-13-45T10:00:00Z' }, /is not a date and time/],
      [
        'a due date in the past',
        { ...body, dueAt: '2026-11-01T09:00:00Z' },
        /dueAt 2026-11-01T09:00:00.000Z is in the past/,
      ],
      ['a due date years away', { ...body, dueAt: '2030-01-01T09:00:00Z' }, /more than a year away/],
      ['no request id', { what: 'Call', dueAt: TOMORROW }, /requestId must be 8 to 100 letters/],
      ['a body that is not an object', ['Call'], /The body must be a JSON object/],
    ])('refuses %s with a 400 naming the field and the fix, storing nothing', async (_, bad, message) => {
      t = await startCardFeedback();
      const response = await t.postNextStep(bad);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('card_invalid');
      expect(error.message).toMatch(message);
      expect(await t.store.feedback.countNextSteps(PORTAL)).toBe(0);
      expect(await t.store.jobs.counts()).toMatchObject({ queued: 0 });
      expect(t.hubspot.calls).toHaveLength(0);
    });

    it('names every problem of a request at once', async () => {
      t = await startCardFeedback();
      const error = await errorOf(await t.postNextStep({ what: '', dueAt: 'soon' }));
      expect(error.message.split('; ').map((part) => part.split(' ')[0])).toEqual([
        'what',
        'dueAt',
        'requestId',
      ]);
    });

    it('refuses a lead with no handoff owner with a 409 saying how to fix it', async () => {
      t = await startCardFeedback();
      t.hubspot.reply('GET', CONTACT_PATH, 200, record(CONTACT, { handoff_status: 'nurture' }));
      await t.store.transaction(async (tx) => {
        await tx.decisions.save(decision(CONTACT, { round: 2, ownerId: null, status: 'nurture' }));
      });
      const response = await t.postNextStep(body);
      expect(response.status).toBe(409);
      expect((await errorOf(response)).message).toMatch(/no handoff owner.*set its Handoff owner/);
      expect(await t.store.feedback.countNextSteps(PORTAL)).toBe(0);
    });
  });

  describe('signature and tenant', () => {
    it('refuses unsigned requests and requests without the signed identity, before HubSpot or the store', async () => {
      t = await startCardFeedback();
      const good = { rating: 4, requestId: 'rate-0001-abc' };
      expect((await t.postRating(good, { sign: false })).status).toBe(401);
      expect(
        (await t.postNextStep({ what: 'x', dueAt: TOMORROW, requestId: 'step-0001-abc' }, { sign: false }))
          .status,
      ).toBe(401);
      expect((await t.postRating(good, { query: 'appId=1' })).status).toBe(401);
      expect(
        (await t.postRating(good, { query: `portalId=1&portalId=${PORTAL}&userId=${USER}` })).status,
      ).toBe(401);
      expect(t.hubspot.calls).toHaveLength(0);
      expect(await t.store.feedback.ratings(PORTAL)).toEqual([]);
    });

    it('takes the portal from the signed query only: a portalId in the body changes nothing', async () => {
      t = await startCardFeedback();
      await t.postRating({ rating: 5, requestId: 'rate-0001-abc', portalId: 999 });
      expect(await t.store.feedback.ratings(PORTAL)).toHaveLength(1);
      expect(await t.store.feedback.ratings(999)).toEqual([]);
    });

    it('answers 404 for a portal this process does not serve, storing nothing', async () => {
      t = await startCardFeedback();
      const response = await t.postRating(
        { rating: 5, requestId: 'rate-0001-abc' },
        { query: `portalId=999&userId=${USER}` },
      );
      expect(response.status).toBe(404);
      expect(t.hubspot.calls).toHaveLength(0);
      expect(await t.store.feedback.ratings(999)).toEqual([]);
    });

    it('answers 404 for a contact the signed portal cannot see, storing nothing', async () => {
      t = await startCardFeedback();
      t.hubspot.reply('GET', CONTACT_PATH, 404, {
        status: 'error',
        message: 'Object not found.',
        correlationId: 'c0ffee00-0000-4000-8000-000000000002',
        category: 'OBJECT_NOT_FOUND',
      });
      const response = await t.postNextStep({ what: 'Call', dueAt: TOMORROW, requestId: 'step-0001-abc' });
      expect(response.status).toBe(404);
      expect(await t.store.feedback.countNextSteps(PORTAL)).toBe(0);
      expect(await t.store.jobs.counts()).toMatchObject({ queued: 0 });
    });
  });
});
