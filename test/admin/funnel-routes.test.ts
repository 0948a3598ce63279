import { startAdminHarness, type AdminHarness } from '../support/admin-harness';
import { seedFunnel } from '../support/seed-funnel';
import { SEED_PORTAL_ID, seedReporting } from '../support/seed-reporting';

interface FunnelJson {
  portalId: number;
  name: string;
  by: string;
  columns: string[];
  rows: Array<Record<string, string | number | null>>;
}

describe('/admin funnel: JSON, CSV and the dashboard section', () => {
  let harness: AdminHarness;
  let cookie: string;
  beforeAll(async () => {
    harness = await startAdminHarness();
    await seedReporting(harness.store, { count: 80 });
    await seedReporting(harness.store, { count: 6, portalId: 999 });
    await seedFunnel(harness.store);
    await seedFunnel(harness.store, 999);
    ({ cookie } = await harness.signIn());
  });
  afterAll(async () => harness.close());

  const json = async (path: string) => {
    const response = await harness.request(path, { cookie });
    expect(response.status).toBe(200);
    return (await response.json()) as FunnelJson;
  };

  it('answers 401 without a session', async () => {
    expect((await harness.request('/admin/api/funnel')).status).toBe(401);
  });

  it('serves the funnel of the signed-in portal, each rate over the stage before it, agreeing with every cut', async () => {
    const all = await json('/admin/api/funnel?by=all&from=2026-10-01&to=2026-11-20');
    expect(all).toMatchObject({ portalId: SEED_PORTAL_ID, name: 'funnel', by: 'all' });
    const [row] = all.rows;
    const mql = (await harness.store.stages.list({ portalId: SEED_PORTAL_ID })).filter(
      (transition) => transition.stage === 'mql',
    ).length;
    expect(mql).toBeGreaterThan(30);
    expect(row?.mql).toBe(mql);
    expect(row?.sal_rate).toBeCloseTo(Number(row?.sal) / Number(row?.mql), 4);
    expect(row?.sql_rate).toBeCloseTo(Number(row?.sql) / Number(row?.sal), 4);
    expect(row?.opportunity_rate).toBeCloseTo(Number(row?.opportunity) / Number(row?.sql), 4);
    const bySource = await json('/admin/api/funnel?by=source&from=2026-10-01&to=2026-11-20');
    const sum = (column: string) => bySource.rows.reduce((total, one) => total + Number(one[column]), 0);
    expect(['mql', 'sal', 'sql', 'opportunity'].map(sum)).toEqual([
      row?.mql,
      row?.sal,
      row?.sql,
      row?.opportunity,
    ]);
    // Asking for another portal changes nothing: the session names the portal.
    const other = await json('/admin/api/funnel?by=all&portalId=999&from=2026-10-01&to=2026-11-20');
    expect(other.rows[0]?.mql).toBe(mql);
  });

  it('serves cohorts and the chase list as CSV, and refuses a bad table with the list of good ones', async () => {
    const cohort = await harness.request('/admin/api/funnel.csv?table=cohort&from=2026-10-01', { cookie });
    expect(cohort.headers.get('content-disposition')).toContain('handoff-cohort-by-week.csv');
    const lines = (await cohort.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^key,age_days,mql,sal,sal_rate,sql,sql_rate/);
    expect(lines.length).toBeGreaterThan(2);
    const stalled = await json('/admin/api/funnel?table=stalled&from=2026-10-01');
    expect(stalled.rows.length).toBeGreaterThan(0);
    for (const lead of stalled.rows) {
      expect(['sla_breach', 'stalled_in_stage']).toContain(lead.reason);
      expect(['mql', 'sal', 'sql']).toContain(lead.stage);
    }
    const bad = await harness.request('/admin/api/funnel?table=pipeline', { cookie });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      'table must be one of funnel, cohort, stalled',
    );
  });

  it('shows the funnel chart with the same figures on the dashboard', async () => {
    const all = await json('/admin/api/funnel?by=all&from=2026-10-01&to=2026-11-20');
    const page = await (await harness.request('/admin?from=2026-10-01&to=2026-11-20', { cookie })).text();
    const [row] = all.rows;
    for (const stage of ['mql', 'sal', 'sql', 'opportunity']) {
      expect(page).toContain(`data-stage="${stage}" data-count="${row?.[stage]}"`);
    }
    expect(page).toContain('id="funnel-breakdown"');
    expect(page).toContain('id="funnel-cohorts"');
    expect(page).toContain('Who to chase');
  });
});
