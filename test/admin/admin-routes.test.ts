import { decision } from '../store/decision-battery';
import nock from 'nock';
import { stringify as toYaml } from 'yaml';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { hubspotSignIn } from '../../src/admin/admin-sign-in';
import { HubSpotOAuth } from '../../src/hubspot/oauth';
import { hubspotPaths } from '../../src/hubspot/paths';
import { HUBSPOT_TEST_BASE_URL } from '../support/hubspot-mock';
import { cookiesOf, csrfIn, startAdminHarness, type AdminHarness } from '../support/admin-harness';
import { SEED_NOW, SEED_PORTAL_ID, seedReporting } from '../support/seed-reporting';

const VALID_EDIT = toYaml({
  ...DEFAULT_PLAYBOOK,
  name: 'Tighter playbook',
  thresholds: { ...DEFAULT_PLAYBOOK.thresholds, fit: 70 },
});

interface MetricsJson {
  portalId: number;
  name: string;
  by: string;
  rows: Array<Record<string, string | number | null>>;
}
const metricsOf = async (response: Response) => (await response.json()) as MetricsJson;

describe('/admin', () => {
  let harness: AdminHarness;
  afterEach(async () => harness?.close());

  describe('with the admin token (single-portal mode)', () => {
    beforeEach(async () => {
      harness = await startAdminHarness();
    });

    it('sends a visitor without a session to sign in; the API answers 401', async () => {
      const page = await harness.request('/admin');
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/admin/login');
      const api = await harness.request('/admin/api/metrics');
      expect(api.status).toBe(401);
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe('admin_unauthorized');
    });

    it('signs in with the token into a signed HttpOnly, SameSite=Lax session cookie', async () => {
      const login = await harness.request('/admin/login');
      expect(login.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const answer = await harness.request('/admin/login', {
        cookie: cookiesOf(login),
        form: { _csrf: csrfIn(await login.text()), token: 'test-admin-token-0123456789abcdef' },
      });
      expect(answer.status).toBe(303);
      const session = answer.headers.getSetCookie().find((line) => line.startsWith('handoff_admin='));
      expect(session).toMatch(/HttpOnly/);
      expect(session).toMatch(/SameSite=Lax/);
      expect(session).not.toMatch(/Secure/);
    });

    it('refuses a wrong token, and a sign-in form without its CSRF cookie', async () => {
      const login = await harness.request('/admin/login');
      const csrf = csrfIn(await login.text());
      const wrong = await harness.request('/admin/login', {
        cookie: cookiesOf(login),
        form: { _csrf: csrf, token: 'nope' },
      });
      expect(wrong.headers.get('location')).toMatch(/^\/admin\/login\?error=/);
      expect(wrong.headers.getSetCookie().some((line) => line.startsWith('handoff_admin='))).toBe(false);
      const forged = await harness.request('/admin/login', {
        form: { _csrf: csrf, token: 'test-admin-token-0123456789abcdef' },
      });
      expect(forged.status).toBe(403);
    });

    it('refuses a tampered session cookie', async () => {
      const { cookie } = await harness.signIn();
      const [name, value] = cookie.split('=') as [string, string];
      const [body, signature] = value.split('.') as [string, string];
      const other = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), portalId: 1 }),
      ).toString('base64url');
      const answer = await harness.request('/admin/api/metrics', { cookie: `${name}=${other}.${signature}` });
      expect(answer.status).toBe(401);
    });

    it('serves each table as JSON and CSV for the signed-in portal only', async () => {
      await seedReporting(harness.store, { count: 60 });
      await seedReporting(harness.store, { count: 5, portalId: 999 });
      const { cookie } = await harness.signIn();
      const json = await metricsOf(
        await harness.request('/admin/api/metrics?by=all&from=2026-10-01&to=2026-11-20', { cookie }),
      );
      expect(json).toMatchObject({ portalId: SEED_PORTAL_ID, name: 'handoffs', by: 'all' });
      expect(json.rows[0]?.handoffs).toBe(60);
      // Asking for another portal changes nothing: the session names the portal.
      const other = await metricsOf(
        await harness.request('/admin/api/metrics?by=all&portalId=999&from=2026-10-01', { cookie }),
      );
      expect(other.rows[0]?.handoffs).toBe(60);
      const csv = await harness.request('/admin/api/metrics.csv?table=reasons&by=source&from=2026-10-01', {
        cookie,
      });
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toContain('handoff-reasons-by-source.csv');
      const lines = (await csv.text()).split('\r\n');
      // The reason id keeps its own column; its label sits beside it for people.
      expect(lines[0]).toBe('key,reason,reason_label,decided_by,count,disqualified,share');
      expect(lines.slice(1).join('\n')).toMatch(/,wrong_role,Wrong role,/);
      const bad = await harness.request('/admin/api/metrics?by=colour', { cookie });
      expect(bad.status).toBe(400);
    });

    it('lists the portal’s dead-lettered jobs with HubSpot’s message and correlation id', async () => {
      const dead = async (portalId: number, key: string, error: string) => {
        await harness.store.jobs.enqueue({ name: 'create-task', portalId, key, payload: {} }, SEED_NOW);
        const [job] = await harness.store.jobs.claim({ owner: 't', limit: 1, leaseMs: 1_000, now: SEED_NOW });
        await harness.store.jobs.fail(
          job!.id,
          't',
          { error, correlationId: `corr-${portalId}`, retryAt: null },
          SEED_NOW,
        );
      };
      await dead(
        SEED_PORTAL_ID,
        'create-task:mine',
        'HubSpot rejected the request: hubspot_owner_id 111 is not an owner',
      );
      await dead(999, 'create-task:theirs', 'another portal’s refusal');
      const { cookie } = await harness.signIn();
      const json = (await (await harness.request('/admin/api/dead-letters', { cookie })).json()) as {
        jobs: Array<{ key: string; lastError: string; correlationId: string }>;
      };
      expect(json.jobs).toEqual([
        expect.objectContaining({
          key: 'create-task:mine',
          lastError: expect.stringContaining('hubspot_owner_id 111 is not an owner'),
          correlationId: `corr-${SEED_PORTAL_ID}`,
        }),
      ]);
      const page = await (await harness.request('/admin/dead-letters', { cookie })).text();
      expect(page).toContain('hubspot_owner_id 111 is not an owner');
      expect(page).not.toContain('another portal');
    });

    it('renders the dashboard and finds a decision by email or contact id', async () => {
      const seeded = await seedReporting(harness.store, { count: 40 });
      const { cookie } = await harness.signIn();
      const dashboard = await (await harness.request('/admin?from=2026-10-01', { cookie })).text();
      expect(dashboard).toContain('data-metric="handoffs" data-value="40"');
      const byEmail = await (
        await harness.request(`/admin/audit?q=${encodeURIComponent(seeded.sample.email.toUpperCase())}`, {
          cookie,
        })
      ).text();
      expect(byEmail).toContain(`Contact ${seeded.sample.contactId}, round 1`);
      expect(byEmail).toContain('Rules checked, in order');
      // Rules by their names, numbers for people.
      expect(byEmail).toMatch(/[✔✗] 1\. Existing account or contact: seeded/);
      expect(byEmail).toContain('strong, confidence 0.94 ← chosen');
      expect(byEmail.split('<details>')[0]).not.toContain('0.9400000000000001');
      expect(byEmail).toContain('no saved version (HANDOFF_CONFIG or the built-in one)');
      // Issue 16: which CRM index version matching read (these were matched by search).
      expect(byEmail).toContain('searched HubSpot (CRM index not ready)');
      await harness.store.decisions.save(decision('990001', { indexVersion: 17, decidedAt: Date.now() }));
      const indexed = await (await harness.request('/admin/audit?q=990001', { cookie })).text();
      expect(indexed).toContain('CRM index version 17');
      const byId = (await (
        await harness.request(`/admin/api/decisions?q=${seeded.sample.contactId}`, { cookie })
      ).json()) as { results: Array<{ decision: { contactId: string } }> };
      expect(byId.results[0]?.decision.contactId).toBe(seeded.sample.contactId);
      const none = await (
        await harness.request('/admin/audit?q=nobody%40nowhere.example', { cookie })
      ).text();
      expect(none).toContain('id="no-results"');
    });

    it('names the saved playbook version each decision ran with', async () => {
      const seeded = await seedReporting(harness.store, { count: 10 });
      const [sample] = await harness.store.decisions.list({
        portalId: SEED_PORTAL_ID,
        contactId: seeded.sample.contactId,
        limit: 1,
      });
      await harness.store.playbooks.save({
        portalId: SEED_PORTAL_ID,
        text: VALID_EDIT,
        fileName: 'playbook.yaml',
        actor: 'admin token',
        note: null,
        createdAt: (sample?.decidedAt ?? 0) - 60_000,
      });
      const { cookie } = await harness.signIn();
      const page = await (
        await harness.request(`/admin/audit?q=${seeded.sample.contactId}`, { cookie })
      ).text();
      expect(page).toMatch(
        /with playbook “built-in”,\s*<a href="\/admin\/playbook\?version=1"\s*>version 1<\/a/,
      );
    });

    it('opens the audit on the latest decisions, each linking to its explanation', async () => {
      await seedReporting(harness.store, { count: 30 });
      const { cookie } = await harness.signIn();
      const landing = await (await harness.request('/admin/audit', { cookie })).text();
      const rows = [...landing.matchAll(/<tr data-contact-id="(\d+)"/g)].map((match) => match[1]);
      expect(rows).toHaveLength(25);
      expect(landing).toContain(`href="/admin/audit?q=${rows[0]}"`);
      const latest = await harness.store.decisions.list({ portalId: SEED_PORTAL_ID, limit: 1 });
      expect(rows[0]).toBe(latest[0]?.contactId);
    });

    it('folds small groups into "Other", sorts by a column and refuses an unknown one', async () => {
      await seedReporting(harness.store, { count: 120 });
      const { cookie } = await harness.signIn();
      const top = await (
        await harness.request('/admin?from=2026-10-01&by=entry_point&top=2&sort=routed&dir=asc', { cookie })
      ).text();
      const keys = [...top.matchAll(/<tr data-key="([^"]+)"/g)].map((match) => match[1]);
      expect(keys).toHaveLength(3);
      expect(keys[2]).toBe('Other');
      expect(top).toContain('3 smaller ones are added up in “Other”');
      const routed = [...top.matchAll(/data-col="routed">([\d,]+)</g)].map((match) => Number(match[1]));
      expect(routed.slice(0, 2)).toEqual([...routed.slice(0, 2)].sort((a, b) => a - b));
      const every = await (
        await harness.request('/admin?from=2026-10-01&by=entry_point&top=all', { cookie })
      ).text();
      expect([...every.matchAll(/<tr data-key=/g)]).toHaveLength(5);
      const bad = await harness.request('/admin?sort=colour', { cookie });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('sort must be one of key, handoffs');
    });

    it('saves a valid playbook as the next version, which then runs for the portal', async () => {
      const { cookie, csrf } = await harness.signIn();
      const saved = await harness.request('/admin/playbook', {
        cookie,
        form: { _csrf: csrf, text: VALID_EDIT, format: 'yaml', note: 'fit 70' },
      });
      expect(saved.status).toBe(303);
      expect(saved.headers.get('location')).toBe('/admin/playbook?saved=1');
      expect((await harness.playbooks.forPortal(SEED_PORTAL_ID)).thresholds.fit).toBe(70);
      expect((await harness.playbooks.forPortal(999)).name).not.toBe('Tighter playbook');
      const restored = await harness.request('/admin/playbook/restore', {
        cookie,
        form: { _csrf: csrf, version: '1' },
      });
      expect(restored.headers.get('location')).toBe('/admin/playbook?saved=2');
      const page = await (await harness.request('/admin/playbook', { cookie })).text();
      expect(page).toContain('id="active-version">2<');
      expect(page).toContain('back to version 1');
    });

    it('shows every problem of an invalid playbook and saves nothing', async () => {
      const { cookie, csrf } = await harness.signIn();
      const answer = await harness.request('/admin/playbook', {
        cookie,
        form: { _csrf: csrf, text: 'thresholds:\n  fit: "high"\n', format: 'yaml', note: '' },
      });
      expect(answer.status).toBe(422);
      const page = await answer.text();
      expect(page).toContain('id="playbook-errors"');
      expect(page).toMatch(/thresholds\.fit/);
      expect(await harness.store.playbooks.list({ portalId: SEED_PORTAL_ID, limit: 5 })).toEqual([]);
    });

    it('refuses every state-changing request without the session’s CSRF token', async () => {
      const { cookie } = await harness.signIn();
      for (const path of [
        '/admin/playbook',
        '/admin/playbook/dry-run',
        '/admin/playbook/restore',
        '/admin/logout',
      ]) {
        const answer = await harness.request(path, {
          cookie,
          form: { _csrf: 'forged', text: VALID_EDIT, version: '1' },
        });
        expect({ path, status: answer.status }).toEqual({ path, status: 403 });
      }
      expect(await harness.store.playbooks.list({ portalId: SEED_PORTAL_ID, limit: 5 })).toEqual([]);
    });
  });

  it('marks the session cookie Secure when APP_BASE_URL is https', async () => {
    harness = await startAdminHarness({ appBaseUrl: 'https://handoff.example.com' });
    const login = await harness.request('/admin/login');
    const answer = await harness.request('/admin/login', {
      cookie: cookiesOf(login),
      form: { _csrf: csrfIn(await login.text()), token: 'test-admin-token-0123456789abcdef' },
    });
    expect(answer.headers.getSetCookie().find((line) => line.startsWith('handoff_admin='))).toMatch(/Secure/);
  });

  it('dry-runs a draft over the last N decisions and shows what would change, saving nothing', async () => {
    const calls: number[] = [];
    harness = await startAdminHarness({
      dryRun: async (portalId, playbook, last) => {
        calls.push(portalId, last);
        expect(playbook.thresholds.fit).toBe(70);
        return {
          compared: 3,
          skipped: 1,
          changes: [
            {
              contactId: '5001',
              before: { status: 'sales_ready', ownerId: '101' },
              after: { status: 'nurture', ownerId: null, reason: 'Nurture: fit 60' },
            },
          ],
        };
      },
    });
    const { cookie, csrf } = await harness.signIn();
    const answer = await harness.request('/admin/playbook/dry-run', {
      cookie,
      form: { _csrf: csrf, text: VALID_EDIT, format: 'yaml', last: '50' },
    });
    expect(answer.status).toBe(200);
    const page = await answer.text();
    expect(page).toContain('<span id="dry-run-changed">1</span> of 3 would change');
    expect(page).toContain('Nurture: fit 60');
    expect(calls).toEqual([SEED_PORTAL_ID, 50]);
    expect(await harness.store.playbooks.list({ portalId: SEED_PORTAL_ID, limit: 5 })).toEqual([]);
  });

  describe('HubSpot sign-in (OAuth installs)', () => {
    const oauth = new HubSpotOAuth({
      clientId: 'client-id',
      clientSecret: 'client-secret',
      baseUrl: HUBSPOT_TEST_BASE_URL,
    });

    async function begin(): Promise<{ state: string; cookie: string }> {
      const start = await harness.request('/admin/sign-in/hubspot');
      expect(start.status).toBe(302);
      const location = new URL(start.headers.get('location') as string);
      expect(location.searchParams.get('redirect_uri')).toBe(`${harness.baseUrl}/oauth/callback`);
      return { state: location.searchParams.get('state') as string, cookie: cookiesOf(start) };
    }

    function hubspotAnswers(hubId: number): void {
      nock(HUBSPOT_TEST_BASE_URL)
        .post(hubspotPaths.oauthToken)
        .reply(200, { access_token: 'signin-access', refresh_token: 'signin-refresh', expires_in: 1800 })
        .get(hubspotPaths.oauthAccessToken('signin-access'))
        .reply(200, {
          hub_id: hubId,
          user: 'rev.ops@acme.example',
          user_id: 42,
          scopes: ['oauth'],
          expires_in: 1800,
        });
    }

    beforeEach(async () => {
      harness = await startAdminHarness({ token: false });
      harness.deps.admin!.hubspot = hubspotSignIn(oauth, `${harness.baseUrl}/oauth/callback`, ['oauth']);
    });

    it('signs a user of an installed portal in to that portal, through the install’s callback URL', async () => {
      await harness.store.portals.upsert({
        portalId: 777,
        status: 'installed',
        accessTokenCipher: 'x',
        refreshTokenCipher: 'y',
        accessTokenExpiresAt: SEED_NOW,
        scopes: [],
        installedAt: SEED_NOW,
        updatedAt: SEED_NOW,
      });
      await seedReporting(harness.store, { count: 7, portalId: 777 });
      await seedReporting(harness.store, { count: 9 });
      const { state, cookie } = await begin();
      expect(state).toMatch(/^admin\./);
      hubspotAnswers(777);
      const back = await harness.request(`/oauth/callback?code=abc&state=${encodeURIComponent(state)}`, {
        cookie,
      });
      expect(back.status).toBe(303);
      expect(back.headers.get('location')).toBe('/admin');
      const session = cookiesOf(back)
        .split('; ')
        .filter((part) => part.startsWith('handoff_admin='))
        .join('; ');
      const json = await metricsOf(
        await harness.request('/admin/api/metrics?by=all&from=2026-10-01', { cookie: session }),
      );
      expect(json.portalId).toBe(777);
      expect(json.rows[0]?.handoffs).toBe(7);
      // The sign-in's tokens are not stored: the install's tokens are untouched.
      expect((await harness.store.portals.get(777))?.accessTokenCipher).toBe('x');
      expect(nock.isDone()).toBe(true);
    });

    it('ends the session when the portal uninstalls Handoff', async () => {
      const installed = {
        portalId: 777,
        status: 'installed' as const,
        accessTokenCipher: 'x',
        refreshTokenCipher: 'y',
        accessTokenExpiresAt: SEED_NOW,
        scopes: [],
        installedAt: SEED_NOW,
        updatedAt: SEED_NOW,
      };
      await harness.store.portals.upsert(installed);
      const { state, cookie } = await begin();
      hubspotAnswers(777);
      const back = await harness.request(`/oauth/callback?code=abc&state=${encodeURIComponent(state)}`, {
        cookie,
      });
      const session = cookiesOf(back)
        .split('; ')
        .filter((part) => part.startsWith('handoff_admin='))
        .join('; ');
      expect((await harness.request('/admin/api/metrics?by=all', { cookie: session })).status).toBe(200);

      await harness.store.portals.upsert({ ...installed, status: 'uninstalled', accessTokenCipher: null });
      const api = await harness.request('/admin/api/metrics?by=all', { cookie: session });
      expect(api.status).toBe(401);
      const pageAfter = await harness.request('/admin', { cookie: session, redirect: 'manual' });
      expect(pageAfter.status).toBe(303);
      expect(pageAfter.headers.get('location')).toBe('/admin/login');
    });

    it('refuses a portal where Handoff is not installed, and a state from another browser', async () => {
      const { state, cookie } = await begin();
      hubspotAnswers(555);
      const back = await harness.request(`/oauth/callback?code=abc&state=${encodeURIComponent(state)}`, {
        cookie,
      });
      expect(decodeURIComponent(back.headers.get('location') ?? '')).toContain(
        'not installed in HubSpot account 555',
      );
      expect(back.headers.getSetCookie().some((line) => line.startsWith('handoff_admin='))).toBe(false);

      const second = await begin();
      const stolen = await harness.request(
        `/oauth/callback?code=abc&state=${encodeURIComponent(second.state)}`,
      );
      expect(decodeURIComponent(stolen.headers.get('location') ?? '')).toContain('another browser');
    });
  });
});
