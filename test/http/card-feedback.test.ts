import { CardService } from '../../src/card/card-service';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { handoffJobs } from '../../src/jobs/handoff-jobs';
import { silentLogger } from '../../src/log';
import type { Store } from '../../src/store/store';
import { signedHeaders } from '../../src/webhooks/signature';
import { decision } from '../store/decision-battery';
import { record } from '../hubspot/fixtures';
import { CLIENT_SECRET, startHarness, type Harness } from '../support/app-harness';
import { testJobWorker } from '../support/handoff-worker';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';
import { TaskPortal, type Fault } from '../support/task-portal';

const PORTAL = 62515;
const USER = '4242';
const CONTACT = '2001';
const OWNER = '111';
const NOW = Date.UTC(2026, 10, 2, 9, 20, 0);
const TOMORROW = '2026-11-03T15:00:00.000Z';
const CONTACT_PATH = `/crm/v3/objects/contacts/${CONTACT}`;
const MINUTE = 60_000;

const contactProperties = {
  handoff_status: 'sales_ready',
  handoff_owner: OWNER,
  handoff_stage: 'mql',
  handoff_source: 'Paid search / google',
};

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('card next step and lead rating', () => {
  let harness: Harness;
  let hubspot: HubSpotMock;
  let portal: TaskPortal;
  let store: Store;

  /** The app, the contact as HubSpot holds it (read `reads` times), and a portal keeping tasks. */
  async function start(
    options: { reads?: number; fault?: (call: { path: string; n: number }) => Fault } = {},
  ) {
    harness = await startHarness(({ store: opened }) => ({
      now: () => NOW,
      card: new CardService({
        store: opened,
        clients: clients(),
        playbook: DEFAULT_PLAYBOOK,
        log: silentLogger,
        now: () => NOW,
      }),
    }));
    store = harness.store;
    hubspot = new HubSpotMock();
    if (options.reads)
      hubspot.reply('GET', CONTACT_PATH, 200, record(CONTACT, contactProperties), { times: options.reads });
    portal = new TaskPortal(options.fault);
    await store.saveDecision(decision(CONTACT, { ownerId: OWNER, decidedAt: NOW - 30 * MINUTE }));
  }

  afterEach(async () => {
    TaskPortal.stop();
    await harness.close();
  });

  function clients(): HubSpotClients {
    return new HubSpotClients({
      auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: PORTAL },
      baseUrl: HUBSPOT_TEST_BASE_URL,
      maxRetries: 0,
    });
  }

  /** A request as `hubspot.fetch` sends it: HubSpot appends the identity and signs the whole URL. */
  function cardFetch(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; query?: string; sign?: boolean; rawBody?: string } = {},
  ): Promise<Response> {
    const query = options.query ?? `appId=1&portalId=${PORTAL}&userId=${USER}&userEmail=rep%40example.com`;
    const url = `${harness.baseUrl}${path}?${query}`;
    const body = options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.sign !== false)
      Object.assign(headers, signedHeaders(CLIENT_SECRET, { method, uri: url, body, timestamp: NOW }));
    return fetch(url, { method, headers, ...(method === 'POST' ? { body } : {}) });
  }

  const postNextStep = (body: unknown, options: { query?: string; sign?: boolean } = {}) =>
    cardFetch('POST', `/api/card/contacts/${CONTACT}/next-step`, { body, ...options });
  const postRating = (body: unknown, options: { query?: string; sign?: boolean } = {}) =>
    cardFetch('POST', `/api/card/contacts/${CONTACT}/rating`, { body, ...options });

  /** The job worker as `npm start` wires it, minute by minute of simulated time until the queue is empty. */
  async function runJobs(): Promise<void> {
    let now = NOW;
    const { jobs } = handoffJobs({
      store,
      clients: clients(),
      playbook: DEFAULT_PLAYBOOK,
      log: silentLogger,
      now: () => now,
    });
    const worker = testJobWorker(store, jobs, { now: () => now });
    for (let rounds = 0; (await store.jobCounts()).queued > 0; rounds += 1) {
      if (rounds > 120) throw new Error('the queue did not empty in two simulated hours');
      await worker.drain();
      now += MINUTE;
    }
  }

  describe('POST /api/card/contacts/:id/next-step', () => {
    const body = { what: 'Call to book a demo', dueAt: TOMORROW, requestId: 'step-0001-abc' };

    it("creates one task for the lead's owner, due then, and writes the next-step properties", async () => {
      await start({ reads: 1 });
      const response = await postNextStep(body);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        nextStep: { what: 'Call to book a demo', dueAt: TOMORROW, ownerId: OWNER, round: 1 },
        replayed: false,
        message: `Next step saved: "Call to book a demo", due ${TOMORROW}. A task goes to the owner.`,
      });
      await runJobs();

      const tasks = [...portal.tasks.values()];
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
      expect(portal.contactWrites).toEqual([
        {
          id: CONTACT,
          properties: { handoff_next_step: 'Call to book a demo', handoff_next_step_at: TOMORROW },
        },
      ]);
      expect(portal.mismatches).toEqual([]);
      hubspot.done();
    });

    it('creates one task when HubSpot retries the same request, however often', async () => {
      await start({ reads: 3 });
      for (let i = 0; i < 3; i += 1) expect((await postNextStep(body)).status).toBe(200);
      await runJobs();
      expect(portal.tasksOf(CONTACT)).toBe(1);
      expect(portal.contactWrites).toHaveLength(1);
      expect(await store.countNextSteps(PORTAL)).toBe(1);
    });

    it('answers a retry with the first request’s result, marked replayed', async () => {
      await start({ reads: 2 });
      await postNextStep(body);
      const retry = await postNextStep({ ...body, what: 'Something else' });
      expect(await retry.json()).toMatchObject({
        nextStep: { what: 'Call to book a demo' },
        replayed: true,
      });
    });

    it('creates one task when HubSpot applied the create but the answer was lost', async () => {
      // The first task create reaches HubSpot, then the answer is a 502: the retry looks first.
      let creates = 0;
      await start({
        reads: 1,
        fault: ({ path }) =>
          path.endsWith('/tasks/batch/create') && (creates += 1) === 1 ? 'apply-then-502' : 'none',
      });
      expect((await postNextStep(body)).status).toBe(200);
      await runJobs();
      expect(creates).toBe(1);
      expect(portal.tasksOf(CONTACT)).toBe(1);
      expect(portal.mismatches).toEqual([]);
    });

    it('gives two different next steps two tasks, and the properties the later one', async () => {
      await start({ reads: 2 });
      await postNextStep(body);
      const later = '2026-11-05T10:00:00.000Z';
      await postNextStep({ what: 'Send the proposal', dueAt: later, requestId: 'step-0002-abc' });
      await runJobs();
      expect(portal.tasksOf(CONTACT)).toBe(2);
      expect(portal.contactWrites.at(-1)?.properties).toEqual({
        handoff_next_step: 'Send the proposal',
        handoff_next_step_at: later,
      });
    });

    it.each([
      ['an empty what', { ...body, what: '   ' }, /^what is empty: say what the next step is/],
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
      await start();
      const response = await postNextStep(bad);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('card_invalid');
      expect(error.message).toMatch(message);
      expect(await store.countNextSteps(PORTAL)).toBe(0);
      expect(await store.jobCounts()).toMatchObject({ queued: 0 });
      expect(hubspot.calls).toHaveLength(0);
    });

    it('names every problem of a request at once', async () => {
      await start();
      const error = await errorOf(await postNextStep({ what: '', dueAt: 'soon' }));
      expect(error.message.split('; ').map((part) => part.split(' ')[0])).toEqual([
        'what',
        'dueAt',
        'requestId',
      ]);
    });

    it('refuses a lead with no handoff owner with a 409 saying how to fix it', async () => {
      await start();
      hubspot.reply('GET', CONTACT_PATH, 200, record(CONTACT, { handoff_status: 'nurture' }));
      await store.transaction(async (tx) => {
        await tx.saveDecision(decision(CONTACT, { round: 2, ownerId: null, status: 'nurture' }));
      });
      const response = await postNextStep(body);
      expect(response.status).toBe(409);
      expect((await errorOf(response)).message).toMatch(/no handoff owner.*set its Handoff owner/);
      expect(await store.countNextSteps(PORTAL)).toBe(0);
    });
  });

  describe('POST /api/card/contacts/:id/rating', () => {
    const body = { rating: 4, reasonId: 'great_fit', note: 'Knew the product', requestId: 'rate-0001-abc' };

    it('stores the rating and writes rating, reason and time to the contact', async () => {
      await start({ reads: 1 });
      const response = await postRating(body);
      expect(response.status).toBe(200);
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
      await runJobs();
      expect(portal.contactWrites).toEqual([
        {
          id: CONTACT,
          properties: {
            handoff_lead_rating: '4',
            handoff_lead_rating_reason: 'great_fit',
            handoff_lead_rated_at: new Date(NOW).toISOString(),
          },
        },
      ]);
      expect(await store.leadRatings(PORTAL)).toEqual([
        { contactId: CONTACT, round: 1, rating: 4, reasonId: 'great_fit', ratedAt: NOW },
      ]);
      expect(portal.tasks.size).toBe(0);
    });

    it('records a retried request once and clears the reason when a re-rating gives none', async () => {
      await start({ reads: 3 });
      await postRating(body);
      expect(await (await postRating(body)).json()).toMatchObject({ replayed: true });
      await postRating({ rating: 2, requestId: 'rate-0002-abc' });
      await runJobs();
      // Both ratings' writes ran in one batch: one update, the later rating's values.
      expect(portal.contactWrites).toEqual([
        {
          id: CONTACT,
          properties: {
            handoff_lead_rating: '2',
            handoff_lead_rating_reason: '',
            handoff_lead_rated_at: new Date(NOW).toISOString(),
          },
        },
      ]);
      expect((await store.leadRatings(PORTAL)).map((row) => row.rating)).toEqual([2]);
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
      await start();
      const response = await postRating(bad);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error).toMatchObject({ code: 'card_invalid' });
      expect(error.message).toContain(message);
      expect(await store.leadRatings(PORTAL)).toEqual([]);
      expect(await store.jobCounts()).toMatchObject({ queued: 0 });
      expect(hubspot.calls).toHaveLength(0);
    });

    it('refuses a body that is not JSON with a 400', async () => {
      await start();
      const response = await cardFetch('POST', `/api/card/contacts/${CONTACT}/rating`, {
        rawBody: 'rating=4',
      });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).message).toMatch(/not JSON/);
    });
  });

  describe('signature and tenant', () => {
    it('refuses unsigned requests and requests without the signed identity, before HubSpot or the store', async () => {
      await start();
      const good = { rating: 4, requestId: 'rate-0001-abc' };
      expect((await postRating(good, { sign: false })).status).toBe(401);
      expect(
        (await postNextStep({ what: 'x', dueAt: TOMORROW, requestId: 'step-0001-abc' }, { sign: false }))
          .status,
      ).toBe(401);
      expect((await postRating(good, { query: 'appId=1' })).status).toBe(401);
      expect((await postRating(good, { query: `portalId=1&portalId=${PORTAL}&userId=${USER}` })).status).toBe(
        401,
      );
      expect(hubspot.calls).toHaveLength(0);
      expect(await store.leadRatings(PORTAL)).toEqual([]);
    });

    it('takes the portal from the signed query only: a portalId in the body changes nothing', async () => {
      await start({ reads: 1 });
      await postRating({ rating: 5, requestId: 'rate-0001-abc', portalId: 999 });
      expect(await store.leadRatings(PORTAL)).toHaveLength(1);
      expect(await store.leadRatings(999)).toEqual([]);
    });

    it('answers 404 for a portal this process does not serve, storing nothing', async () => {
      await start();
      const response = await postRating(
        { rating: 5, requestId: 'rate-0001-abc' },
        { query: `portalId=999&userId=${USER}` },
      );
      expect(response.status).toBe(404);
      expect(hubspot.calls).toHaveLength(0);
      expect(await store.leadRatings(999)).toEqual([]);
    });

    it('answers 404 for a contact the signed portal cannot see, storing nothing', async () => {
      await start();
      hubspot.reply('GET', CONTACT_PATH, 404, {
        status: 'error',
        message: 'Object not found.',
        correlationId: 'c0ffee00-0000-4000-8000-000000000002',
        category: 'OBJECT_NOT_FOUND',
      });
      const response = await postNextStep({ what: 'Call', dueAt: TOMORROW, requestId: 'step-0001-abc' });
      expect(response.status).toBe(404);
      expect(await store.countNextSteps(PORTAL)).toBe(0);
      expect(await store.jobCounts()).toMatchObject({ queued: 0 });
    });
  });

  it('shows the current rating, the reasons and the next step on the card at once, before HubSpot is written', async () => {
    await start({ reads: 3 });
    hubspot.reply('GET', `/crm/v3/owners/${OWNER}`, 200, {
      id: OWNER,
      email: 'dana@example.com',
      type: 'PERSON',
      firstName: 'Dana',
      lastName: 'Rep',
      archived: false,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    });
    await postRating({ rating: 3, reasonId: 'not_ready', requestId: 'rate-0001-abc' });
    await postNextStep({ what: 'Call in January', dueAt: TOMORROW, requestId: 'step-0001-abc' });
    const context = (await (await cardFetch('GET', `/api/card/contacts/${CONTACT}`)).json()) as {
      feedback: unknown;
    };
    expect(context.feedback).toEqual({
      rating: { rating: 3, reasonId: 'not_ready', note: null, ratedAt: new Date(NOW).toISOString() },
      nextStep: { what: 'Call in January', dueAt: TOMORROW, ownerId: OWNER },
      ratingReasons: DEFAULT_PLAYBOOK.leadRating.reasons,
      scale: { min: 1, max: 5 },
    });
    hubspot.done();
  });
});
