import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { startAdminHarness, type AdminHarness } from '../support/admin-harness';
import { seedEvidence } from '../support/seed-evidence';
import { SEED_PORTAL_ID } from '../support/seed-reporting';
import { simulatedMqls } from '../support/simulated-evidence';

const PERIOD = 'from=2026-09-20&to=2026-10-10';
const GOAL = { from: '2026-09-20', to: '2026-10-10', min: '20', keep: '0.75', fewer: '0.2' };

describe('admin: the Evidence page', () => {
  let harness: AdminHarness;
  let session: { cookie: string; csrf: string };

  beforeAll(async () => {
    harness = await startAdminHarness();
    await seedEvidence(harness.store, SEED_PORTAL_ID, simulatedMqls(1500, 3));
    session = await harness.signIn();
  });
  afterAll(() => harness.close());

  it('shows the tables with counts, the guard and links to JSON and CSV', async () => {
    const answer = await harness.request(`/admin/evidence?${PERIOD}`, { cookie: session.cookie });
    expect(answer.status).toBe(200);
    const page = await answer.text();
    expect(page).toMatch(/1500 decided leads, 1500 MQLs from 2026-09-20 to\s+2026-10-10/);
    expect(page).toMatch(/<td class="group">fit\.seniority: Director or VP<\/td>\s*<td class="num">35<\/td>/);
    expect(page).toContain('no ratings yet');
    expect(page).toMatch(/too few \(n=\d+\)/);
    expect(page).toContain('href="/admin/api/evidence.csv?from=2026-09-20&#38;to=2026-10-10&#38;min=20"');
    expect(page).toContain('class="active">Evidence</a>');
  });

  it('serves JSON and CSV for the signed-in portal only', async () => {
    const json = await harness.request(`/admin/api/evidence?${PERIOD}`, { cookie: session.cookie });
    const body = (await json.json()) as {
      portalId: number;
      leads: number;
      columns: string[];
      rows: unknown[];
    };
    expect(body).toMatchObject({ portalId: SEED_PORTAL_ID, leads: 1500 });
    expect(body.columns).toContain('lift_low');
    const csv = await harness.request(`/admin/api/evidence.csv?${PERIOD}`, { cookie: session.cookie });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toMatch(/^dimension,group,points,leads,/);
    const suggestion = await harness.request(
      `/admin/api/evidence/suggestion?${new URLSearchParams(GOAL).toString()}`,
      { cookie: session.cookie },
    );
    const suggested = (await suggestion.json()) as {
      baseVersion: number;
      suggestion: Record<string, unknown>;
    };
    expect(suggested.baseVersion).toBe(0);
    expect(suggested.suggestion).toMatchObject({ goalMet: true, diff: { same: false } });
    expect(suggested.suggestion).not.toHaveProperty('playbook');
    const anonymous = await harness.request(`/admin/api/evidence?${PERIOD}`);
    expect(anonymous.status).toBe(401);
    const page = await harness.request('/admin/evidence');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/admin/login');
  });

  it('answers a bad query with 400 naming the fix', async () => {
    const answer = await harness.request('/admin/api/evidence?min=2', { cookie: session.cookie });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('min must be at least 5');
  });

  it('shows a suggestion with its diff, backtest and an apply form', async () => {
    const query = new URLSearchParams({ ...GOAL, suggest: '1' }).toString();
    const page = await (await harness.request(`/admin/evidence?${query}`, { cookie: session.cookie })).text();
    expect(page).toContain('met in the backtest');
    expect(page).toContain('fit.companySize.2.points: 20 → 0');
    expect(page).toMatch(/<form method="post" action="\/admin\/evidence\/apply" id="apply-suggestion">/);
    expect(page).toContain('<input type="hidden" name="base" value="0" />');
  });

  it('refuses to apply without the CSRF token, and saves nothing', async () => {
    const refused = await harness.request('/admin/evidence/apply', {
      cookie: session.cookie,
      form: { ...GOAL, base: '0', _csrf: 'forged' },
    });
    expect(refused.status).toBe(403);
    expect(await harness.store.playbooks.list({ portalId: SEED_PORTAL_ID, limit: 5 })).toHaveLength(0);
  });

  it('applies the suggestion as a new playbook version, once, and refuses a stale one', async () => {
    const applied = await harness.request('/admin/evidence/apply', {
      cookie: session.cookie,
      form: { ...GOAL, base: '0', _csrf: session.csrf },
    });
    expect(applied.status).toBe(303);
    expect(applied.headers.get('location')).toBe('/admin/playbook?saved=1');
    const [saved] = await harness.store.playbooks.list({ portalId: SEED_PORTAL_ID, limit: 5 });
    expect(saved?.note).toMatch(/^evidence suggestion: keep 75% of opportunities, 20% fewer MQLs/);
    const running = await harness.playbooks.forPortal(SEED_PORTAL_ID);
    expect(running.fit.companySize[2]?.points).toBe(0);
    expect(running.fit.seniority).toHaveLength(DEFAULT_PLAYBOOK.fit.seniority.length);
    // The same form again names a version that no longer runs.
    const stale = await harness.request('/admin/evidence/apply', {
      cookie: session.cookie,
      form: { ...GOAL, base: '0', _csrf: session.csrf },
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('The playbook changed since this suggestion was shown');
    expect(await harness.store.playbooks.list({ portalId: SEED_PORTAL_ID, limit: 5 })).toHaveLength(1);
  });

  it('shows the sales ratings the card stored for the leads of the period', async () => {
    const leads = simulatedMqls(1500, 3).slice(0, 60);
    for (const [index, lead] of leads.entries()) {
      await harness.store.feedback.saveRating({
        portalId: SEED_PORTAL_ID,
        contactId: lead.contactId,
        round: lead.round,
        rating: index % 2 === 0 ? 5 : 3,
        reasonId: null,
        note: null,
        ratedBy: '9001',
        ratedAt: lead.decidedAt + 3_600_000,
        requestId: `rating-${lead.contactId}`,
      });
    }
    const json = await harness.request(`/admin/api/evidence?${PERIOD}`, { cookie: session.cookie });
    const body = (await json.json()) as { rows: Array<Record<string, unknown>> };
    const averages = body.rows.map((row) => row.average_rating).filter((value) => typeof value === 'number');
    expect(averages.length).toBeGreaterThan(0);
    for (const average of averages as number[]) {
      expect(average).toBeGreaterThanOrEqual(3);
      expect(average).toBeLessThanOrEqual(5);
    }
    const page = await harness.request(`/admin/evidence?${PERIOD}`, { cookie: session.cookie });
    expect(await page.text()).not.toContain('no ratings yet');
  });
});
