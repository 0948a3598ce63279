import { runDemo, type DemoRun } from '../../scripts/demo/run-demo';

describe('burst: 1,000 new contacts at once with HubSpot rate limits on', () => {
  let run: DemoRun;
  beforeAll(async () => {
    run = await runDemo({
      size: 1_000,
      seed: 1_000,
      speed: 5_000,
      days: 1,
      progress: false,
      timeoutMs: 100_000,
    });
  }, 120_000);
  afterAll(() => run?.stop());

  it('leaves no lead unprocessed and causes no 429 storm', () => {
    const { summary } = run;
    console.log(
      `burst: ${summary.leads} leads in ${run.seconds.toFixed(1)} s, ${summary.hubspotCalls} HubSpot calls, ` +
        `${summary.rateLimited.total} 429s (search ${summary.rateLimited.search}, standard ${summary.rateLimited.standard}), ` +
        `p95 ${(summary.latencyMs.p95 / 1000).toFixed(1)} s`,
    );
    expect(run.complete).toBe(true);
    expect(summary).toMatchObject({
      leads: 1_000,
      decided: 1_000,
      written: 1_000,
      verifiedOnContacts: 1_000,
    });
    // No storm: the app's limiter keeps 429s to a few percent of its calls, never a retry cascade.
    expect(summary.rateLimited.total).toBeLessThanOrEqual(Math.ceil(summary.hubspotCalls * 0.05));
    expect(summary.rateLimited.standard).toBe(0);
  });
});
