import { CardService } from '../../src/card/card-service';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { silentLogger } from '../../src/log';
import type { NewDecision, Store } from '../../src/store/store';
import { signedHeaders } from '../../src/intake/signature';
import { batchResponse, record } from '../hubspot/fixtures';
import { CLIENT_SECRET, startHarness, type Harness } from '../support/app-harness';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';

const PORTAL = 62515;
const USER = '4242';
const CONTACT = '501';
const NOW = Date.UTC(2026, 10, 2, 9, 20, 0);
const DUE = '2026-11-02T09:30:00.000Z';

const CONTACT_PATH = `/crm/v3/objects/contacts/${CONTACT}`;
const UPDATE_PATH = '/crm/v3/objects/contacts/batch/update';

function storedDecision(overrides: Partial<NewDecision> = {}): NewDecision {
  return {
    portalId: PORTAL,
    contactId: CONTACT,
    round: 1,
    status: 'sales_ready',
    priority: 'high',
    ownerId: '111',
    match: 'existing_account',
    companyId: '9001',
    dealId: '7001',
    reason: 'Existing account Acme (acme.com): open deal owned by Dana Rep',
    properties: { handoff_status: 'sales_ready', handoff_owner: '111' },
    record: {
      version: 1,
      contactId: CONTACT,
      inputs: { jobtitle: 'VP Marketing', company: 'Acme', conversions: ['Demo request'] },
      checks: [{ step: 1, rule: 'duplicate_or_existing', applied: true, detail: 'acme.com matches Acme' }],
      fit: { score: 80, lines: [{ rule: 'seniority', points: 30, reason: 'VP' }] },
      intent: {
        score: 90,
        lines: [{ rule: 'demo', points: 60, reason: 'Demo request' }],
        conversions: ['Demo'],
      },
      account: {
        candidates: [
          { companyId: '9001', name: 'Acme', confidence: 0.95 },
          { companyId: '9002', name: 'Acme Labs', confidence: 0.7 },
        ],
        chosenCompanyId: '9001',
        confidence: 0.95,
        evidence: [{ kind: 'email_domain', detail: 'email domain acme.com is the company domain' }],
      },
    },
    eventKey: `${PORTAL}:object.creation:${CONTACT}:1:1`,
    decidedAt: NOW - 20 * 60_000,
    slaDueAt: null,
    slaStatus: null,
    ...overrides,
  };
}

const contactProperties = {
  handoff_status: 'sales_ready',
  handoff_priority: 'high',
  handoff_owner: '111',
  handoff_reason: 'Existing account Acme (acme.com): open deal owned by Dana Rep',
  handoff_sla_due_at: DUE,
  handoff_sla_status: 'pending',
  handoff_first_action_at: null,
  handoff_outcome: null,
  handoff_matched_company_id: '9001',
  handoff_matched_deal_id: '7001',
  handoff_source: 'Paid search / google',
  handoff_stage: 'mql',
  handoff_mql_at: new Date(NOW - 20 * 60_000).toISOString(),
  lifecyclestage: 'marketingqualifiedlead',
  jobtitle: 'VP Marketing',
};

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('card backend /api/card', () => {
  let harness: Harness;
  let hubspot: HubSpotMock;
  let store: Store;

  async function start(options: { portalId?: number } = {}) {
    harness = await startHarness(({ store: opened }) => ({
      now: () => NOW,
      card: new CardService({
        store: opened,
        clients: new HubSpotClients({
          auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: options.portalId },
          baseUrl: HUBSPOT_TEST_BASE_URL,
          maxRetries: 0,
        }),
        playbook: DEFAULT_PLAYBOOK,
        log: silentLogger,
        now: () => NOW,
      }),
    }));
    store = harness.store;
    hubspot = new HubSpotMock();
  }

  afterEach(async () => harness.close());

  /** A request as `hubspot.fetch` sends it: HubSpot appends the identity and signs the whole URL. */
  function cardFetch(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; query?: string; sign?: boolean; secret?: string } = {},
  ): Promise<Response> {
    const query = options.query ?? `appId=1&portalId=${PORTAL}&userId=${USER}&userEmail=rep%40example.com`;
    const url = `${harness.baseUrl}${path}${query ? `?${query}` : ''}`;
    const body = options.body === undefined ? '' : JSON.stringify(options.body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.sign !== false) {
      Object.assign(
        headers,
        signedHeaders(options.secret ?? CLIENT_SECRET, { method, uri: url, body, timestamp: NOW }),
      );
    }
    return fetch(url, { method, headers, ...(method === 'POST' ? { body } : {}) });
  }

  describe('GET /api/card/contacts/:id', () => {
    it('answers a signed request with the decision, its record, the reasons and the live properties', async () => {
      await start({ portalId: PORTAL });
      await store.decisions.save(storedDecision());
      hubspot
        .reply('GET', CONTACT_PATH, 200, record(CONTACT, contactProperties))
        .reply('GET', '/crm/v3/owners/111', 200, {
          id: '111',
          email: 'dana@example.com',
          type: 'PERSON',
          firstName: 'Dana',
          lastName: 'Rep',
          archived: false,
          createdAt: '2026-01-01T00:00:00Z',
          updatedAt: '2026-01-01T00:00:00Z',
        })
        .reply('GET', '/crm/v3/objects/deals/7001', 200, record('7001', { dealname: 'Acme renewal' }));

      const response = await cardFetch('GET', `/api/card/contacts/${CONTACT}`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text.length).toBeLessThan(20_000);
      const context = JSON.parse(text);
      expect(context.handoff).toMatchObject({
        status: 'sales_ready',
        priority: 'high',
        ownerName: 'Dana Rep',
        slaDueAt: DUE,
        slaStatus: 'pending',
        round: 1,
        closed: false,
      });
      expect(context.marketing).toMatchObject({
        source: 'Paid search / google',
        role: 'VP Marketing',
        company: 'Acme',
        // The rule by its name in the playbook, not its id.
        qualificationNotes: ['✓ Existing account or contact: acme.com matches Acme'],
      });
      expect(context.account).toMatchObject({
        company: { id: '9001', name: 'Acme' },
        deal: { id: '7001', name: 'Acme renewal' },
        confidence: 0.95,
        candidates: [{ id: '9002', name: 'Acme Labs', confidence: 0.7 }],
      });
      expect(context.reasons.map((reason: { id: string }) => reason.id)).toEqual([
        'poor_fit',
        'no_clear_problem',
        'low_intent',
        'wrong_role',
        'no_response',
        'duplicate',
        'other',
      ]);
      // The portal's own token read the contact: the signed portal decided whose data this is.
      expect(hubspot.calls[0]?.authorization).toBe('Bearer pat-na1-test');
      hubspot.done();
    });

    it('shows the stage and its timeline: stages entered and outcomes recorded, newest first', async () => {
      await start({ portalId: PORTAL });
      await store.decisions.save(storedDecision());
      const acceptedAt = NOW;
      hubspot
        .reply('GET', CONTACT_PATH, 200, record(CONTACT, contactProperties))
        .reply('POST', UPDATE_PATH, 200, batchResponse([record(CONTACT)]))
        .reply('GET', CONTACT_PATH, 200, record(CONTACT, { ...contactProperties, handoff_stage: 'sal' }))
        .reply('GET', '/crm/v3/owners/111', 404, {
          status: 'error',
          message: 'not found',
          correlationId: 'c0ffee00-0000-4000-8000-000000000001',
          category: 'OBJECT_NOT_FOUND',
        })
        .reply('GET', '/crm/v3/objects/deals/7001', 200, record('7001', { dealname: 'Acme renewal' }));
      const accepted = await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, {
        body: { action: 'accept', note: 'Booked a call', requestId: 'req-0009-stage' },
      });
      expect(accepted.status).toBe(200);
      const context = (await (await cardFetch('GET', `/api/card/contacts/${CONTACT}`)).json()) as {
        stage: {
          current: string;
          enteredAt: string;
          round: number;
          timeline: Array<Record<string, unknown>>;
        };
      };
      expect(context.stage).toEqual({
        current: 'sal',
        enteredAt: new Date(acceptedAt).toISOString(),
        round: 1,
        timeline: [
          expect.objectContaining({
            kind: 'outcome',
            outcome: 'accepted',
            note: 'Booked a call',
            actor: `user:${USER}`,
          }),
          {
            kind: 'stage',
            at: new Date(acceptedAt).toISOString(),
            stage: 'sal',
            round: 1,
            cause: 'card_action',
            detail: 'accepted',
          },
          {
            kind: 'stage',
            at: new Date(NOW - 20 * 60_000).toISOString(),
            stage: 'mql',
            round: 1,
            cause: 'decision',
            detail: 'sales_ready',
          },
        ],
      });
      hubspot.done();
    });

    it('refuses an unsigned or wrongly signed request before any HubSpot call', async () => {
      await start();
      hubspot = new HubSpotMock();
      expect((await cardFetch('GET', `/api/card/contacts/${CONTACT}`, { sign: false })).status).toBe(401);
      const wrong = await cardFetch('GET', `/api/card/contacts/${CONTACT}`, { secret: 'not-the-secret' });
      expect(wrong.status).toBe(401);
      expect((await errorOf(wrong)).code).toBe('signature_invalid');
      expect(hubspot.calls).toHaveLength(0);
    });

    it('refuses a signed request without the identity HubSpot adds, or with it twice', async () => {
      await start();
      const missing = await cardFetch('GET', `/api/card/contacts/${CONTACT}`, { query: 'appId=1' });
      expect(missing.status).toBe(401);
      expect((await errorOf(missing)).code).toBe('card_identity_missing');
      const twice = await cardFetch('GET', `/api/card/contacts/${CONTACT}`, {
        query: `portalId=1&portalId=${PORTAL}&userId=${USER}`,
      });
      expect(twice.status).toBe(401);
      expect(hubspot.calls).toHaveLength(0);
    });

    it('answers 404 for a contact the signed portal cannot see (another portal’s record)', async () => {
      await start({ portalId: PORTAL });
      hubspot.reply('GET', CONTACT_PATH, 404, {
        status: 'error',
        message: 'Object not found.  objectId are usually numeric.',
        correlationId: 'c0ffee00-0000-4000-8000-000000000000',
        category: 'OBJECT_NOT_FOUND',
      });
      const response = await cardFetch('GET', `/api/card/contacts/${CONTACT}`);
      expect(response.status).toBe(404);
      expect((await errorOf(response)).message).toMatch(/not in your HubSpot account/);
      hubspot.done();
    });

    it('single-portal mode without HUBSPOT_PORTAL_ID: reads no portal’s contacts for a request signed by any portal', async () => {
      // The token's portal is unknown, so a card request signed for another portal must not be
      // answered with the token's contacts.
      await start();
      const response = await cardFetch('GET', `/api/card/contacts/${CONTACT}`, {
        query: `portalId=999&userId=${USER}`,
      });
      expect(response.status).toBe(404);
      expect((await errorOf(response)).message).toContain('HUBSPOT_PORTAL_ID');
      expect(hubspot.calls).toHaveLength(0);
    });

    it('answers 404 for a portal this process does not serve, without calling HubSpot', async () => {
      await start({ portalId: PORTAL });
      const response = await cardFetch('GET', `/api/card/contacts/${CONTACT}`, {
        query: `portalId=999&userId=${USER}`,
      });
      expect(response.status).toBe(404);
      expect(hubspot.calls).toHaveLength(0);
    });
  });

  describe('POST /api/card/contacts/:id/outcome', () => {
    it('disqualifies with a reason: writes outcome, reason, note, first action and a met SLA; audits who', async () => {
      await start({ portalId: PORTAL });
      const decisionId = (await store.decisions.save(storedDecision())) as number;
      hubspot
        .reply('GET', CONTACT_PATH, 200, record(CONTACT, contactProperties))
        .reply('POST', UPDATE_PATH, 200, batchResponse([record(CONTACT)]));

      const response = await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, {
        body: {
          action: 'disqualify',
          reasonId: 'poor_fit',
          note: 'Agency reselling',
          requestId: 'req-0001-abcd',
        },
      });
      expect(response.status).toBe(200);
      const result = (await response.json()) as { message: string };
      expect(result).toMatchObject({ outcome: 'disqualified', replayed: false, closed: true });
      expect(result.message).toBe('Outcome recorded: Disqualified (Poor fit). The handoff is closed.');
      expect(hubspot.calls.find((call) => call.path === UPDATE_PATH)?.body).toEqual({
        inputs: [
          {
            id: CONTACT,
            properties: {
              handoff_outcome: 'disqualified',
              handoff_disqualification_reason: 'poor_fit',
              handoff_feedback_note: 'Agency reselling',
              handoff_first_action_at: new Date(NOW).toISOString(),
              handoff_sla_status: 'met',
              handoff_stage: 'disqualified',
            },
          },
        ],
      });
      const stages = await store.stages.list({ portalId: PORTAL, contactIds: [CONTACT] });
      expect(stages.map((row) => [row.stage, row.enteredAt, row.cause])).toEqual([
        ['mql', NOW - 20 * 60_000, 'decision'],
        ['disqualified', NOW, 'card_action'],
      ]);
      const [audit] = await store.outcomes.list({ portalId: PORTAL, contactId: CONTACT, limit: 5 });
      expect(audit).toMatchObject({
        actor: `user:${USER}`,
        source: 'card',
        outcome: 'disqualified',
        decisionId,
      });
      expect((await store.decisions.get(decisionId))?.closedAt).toBe(NOW);
      hubspot.done();
    });

    it('writes once when HubSpot retries the same request', async () => {
      await start({ portalId: PORTAL });
      await store.decisions.save(storedDecision());
      hubspot
        .reply('GET', CONTACT_PATH, 200, record(CONTACT, contactProperties), { times: 3 })
        .reply('POST', UPDATE_PATH, 200, batchResponse([record(CONTACT)]), { times: 2 });
      const body = { action: 'accept', requestId: 'req-0002-retry' };
      const first = await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, { body });
      const retry = await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, { body });
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(await retry.json()).toMatchObject({ outcome: 'accepted', replayed: true });
      expect(hubspot.count('POST', UPDATE_PATH)).toBe(1);
      expect(await store.outcomes.list({ portalId: PORTAL, limit: 5 })).toHaveLength(1);
      // Accepting again (a second click, a new request id) records no second SAL either.
      const again = await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, {
        body: { action: 'start_qualification', requestId: 'req-0003-again' },
      });
      expect(again.status).toBe(200);
      const stages = await store.stages.list({ portalId: PORTAL, contactIds: [CONTACT] });
      expect(stages.map((row) => [row.stage, row.cause])).toEqual([
        ['mql', 'decision'],
        ['sal', 'card_action'],
      ]);
      hubspot.done();
    });

    it('no response: recycles the lead to marketing, closes the round and queues its task to be completed, once', async () => {
      await start({ portalId: PORTAL });
      const decisionId = (await store.decisions.save(storedDecision())) as number;
      hubspot
        .reply('GET', CONTACT_PATH, 200, record(CONTACT, contactProperties), { times: 2 })
        .reply('POST', UPDATE_PATH, 200, batchResponse([record(CONTACT)]));
      const body = { action: 'no_response', requestId: 'req-0006-silent' };
      const response = await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, { body });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        outcome: 'no_response',
        closed: true,
        message: 'Outcome recorded: No response. The handoff is closed.',
      });
      const retry = await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, { body });
      expect(await retry.json()).toMatchObject({ outcome: 'no_response', replayed: true });
      expect(hubspot.calls.filter((call) => call.path === UPDATE_PATH).map((call) => call.body)).toEqual([
        {
          inputs: [
            {
              id: CONTACT,
              properties: {
                handoff_outcome: 'no_response',
                handoff_first_action_at: new Date(NOW).toISOString(),
                handoff_sla_status: 'met',
                handoff_stage: 'recycled',
              },
            },
          ],
        },
      ]);
      const stages = await store.stages.list({ portalId: PORTAL, contactIds: [CONTACT] });
      expect(stages.map((row) => [row.stage, row.cause])).toEqual([
        ['mql', 'decision'],
        ['recycled', 'no_response'],
      ]);
      expect((await store.decisions.get(decisionId))?.closedAt).toBe(NOW);
      const jobs = await store.jobs.list({ limit: 10 });
      expect(jobs.map((job) => [job.name, job.key])).toEqual([
        ['close-task', `close-task:[handoff ${PORTAL}-${CONTACT}-r1-handoff]`],
      ]);
      hubspot.done();
    });

    it('keeps the first action time and a breached SLA on a later action', async () => {
      await start({ portalId: PORTAL });
      hubspot
        .reply(
          'GET',
          CONTACT_PATH,
          200,
          record(CONTACT, {
            ...contactProperties,
            handoff_sla_due_at: '2026-11-02T09:00:00.000Z',
            handoff_first_action_at: null,
          }),
        )
        .reply('POST', UPDATE_PATH, 200, batchResponse([record(CONTACT)]));
      await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, {
        body: { action: 'start_qualification', requestId: 'req-0003-late' },
      });
      const written = (
        hubspot.calls.find((call) => call.path === UPDATE_PATH)?.body as {
          inputs: Array<{ properties: Record<string, string> }>;
        }
      ).inputs[0]?.properties;
      expect(written).toMatchObject({
        handoff_outcome: 'qualification_in_progress',
        handoff_sla_status: 'breached',
      });
      hubspot.done();
    });

    it.each([
      [{ action: 'disqualify' }, 'Choose a disqualification reason'],
      [{ action: 'disqualify', reasonId: 'other' }, 'required when the reason is Other'],
      [{ action: 'disqualify', reasonId: 'made_up' }, 'Unknown disqualification reason "made_up"'],
      [{ action: 'celebrate' }, 'Choose an action'],
      [{ action: 'no-response' }, 'recycle, disqualify, no_response'],
      [{ action: 'accept', note: 'x'.repeat(2001) }, 'longer than 2000'],
    ])('refuses %j with a 400 the card can show, writing nothing', async (body, message) => {
      await start({ portalId: PORTAL });
      const response = await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, { body });
      expect(response.status).toBe(400);
      const answer = await errorOf(response);
      expect(answer.code).toBe('card_invalid');
      expect(answer.message).toContain(message);
      expect(hubspot.calls).toHaveLength(0);
      expect(await store.outcomes.list({ portalId: PORTAL, limit: 5 })).toHaveLength(0);
    });

    it('refuses a body that is not JSON with a 400', async () => {
      await start({ portalId: PORTAL });
      const url = `${harness.baseUrl}/api/card/contacts/${CONTACT}/outcome?portalId=${PORTAL}&userId=${USER}`;
      const headers = signedHeaders(CLIENT_SECRET, {
        method: 'POST',
        uri: url,
        body: 'nope',
        timestamp: NOW,
      });
      const response = await fetch(url, { method: 'POST', headers, body: 'nope' });
      expect(response.status).toBe(400);
    });

    it('changes nothing when HubSpot refuses the write, and a retry can then succeed', async () => {
      await start({ portalId: PORTAL });
      hubspot
        .reply('GET', CONTACT_PATH, 200, record(CONTACT, contactProperties), { times: 2 })
        .reply('POST', UPDATE_PATH, 503, { status: 'error', message: 'Service unavailable' })
        .reply('POST', UPDATE_PATH, 200, batchResponse([record(CONTACT)]));
      const body = { action: 'nurture', requestId: 'req-0004-fail' };
      const failed = await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, { body });
      expect(failed.status).toBe(503);
      expect(await store.outcomes.list({ portalId: PORTAL, limit: 5 })).toHaveLength(0);
      const retried = await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, { body });
      expect(retried.status).toBe(200);
      expect(await store.outcomes.list({ portalId: PORTAL, limit: 5 })).toHaveLength(1);
      hubspot.done();
    });

    it('refuses an action on another portal’s contact with 404 and records nothing', async () => {
      await start({ portalId: PORTAL });
      hubspot.reply('GET', CONTACT_PATH, 404, {
        status: 'error',
        message: 'Object not found.',
        correlationId: 'c0ffee00-0000-4000-8000-000000000001',
        category: 'OBJECT_NOT_FOUND',
      });
      const response = await cardFetch('POST', `/api/card/contacts/${CONTACT}/outcome`, {
        body: { action: 'accept', requestId: 'req-0005-other' },
      });
      expect(response.status).toBe(404);
      expect(await store.outcomes.list({ portalId: PORTAL, limit: 5 })).toHaveLength(0);
      hubspot.done();
    });
  });
});
