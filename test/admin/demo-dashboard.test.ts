import { runDemo, type DemoRun } from '../../scripts/demo/run-demo';
import { cookiesOf, csrfIn } from '../support/admin-harness';

interface MetricsJson {
  rows: Array<Record<string, string | number | null>>;
}

describe('npm run demo: the admin page shows the run', () => {
  let run: DemoRun;
  let cookie: string;
  beforeAll(async () => {
    run = await runDemo({ size: 30, seed: 11, days: 3, progress: false, timeoutMs: 60_000 });
    const login = await fetch(`${run.app.url}/admin/login`);
    const answer = await fetch(`${run.app.url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookiesOf(login), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfIn(await login.text()), token: run.adminToken }).toString(),
    });
    expect(answer.status).toBe(303);
    cookie = cookiesOf(answer);
  }, 90_000);
  afterAll(() => run?.stop());

  const metrics = async (query: string) =>
    (await (
      await fetch(`${run.app.url}/admin/api/metrics?${query}`, { headers: { cookie } })
    ).json()) as MetricsJson;

  it('counts every handled lead, by status as the demo summary does', async () => {
    expect(run.complete).toBe(true);
    const byStatus = await metrics('by=status');
    expect(Object.fromEntries(byStatus.rows.map((row) => [row.key, row.handoffs]))).toEqual(
      run.summary.byStatus,
    );
    const [all] = (await metrics('by=all')).rows;
    expect(all?.handoffs).toBe(30);
    // Every routed lead came from a stored webhook: both assignment delays are measured for each.
    expect(all?.received_to_routed_n).toBe(all?.routed);
    expect(all?.created_to_routed_n).toBe(all?.routed);
  });

  it('renders the dashboard with the run’s numbers', async () => {
    const page = await (await fetch(`${run.app.url}/admin`, { headers: { cookie } })).text();
    expect(page).toContain('data-metric="handoffs" data-value="30"');
    expect(page).toContain(`Portal ${run.portalId}`);
  });
});
