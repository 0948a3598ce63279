import { spawnSync } from 'node:child_process';

/**
 * The README's front door, run exactly as a user runs it: `npm run demo -- --once` (smaller, so the
 * suite stays quick). It must exit 0 only when every lead was handled, and print the summary.
 */
describe('npm run demo -- --once (the README command)', () => {
  it('runs the main job with no account and exits 0 after the summary', () => {
    const result = spawnSync(
      'npm',
      ['run', '--silent', 'demo', '--', '--once', '--size', '40', '--seed', '3', '--days', '10'],
      {
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
        timeout: 120_000,
      },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status).toBe(0);
    expect(output).toMatch(/Handled\s+40 of 40 leads decided and written/);
    // The month lived: reps worked the routed leads, and the funnel is printed with its rates.
    const funnel =
      /Funnel\s+MQL (\d+) → SAL (\d+) \(([\d.]+)%\) → SQL (\d+) \(([\d.–]+)%?\) → opportunity (\d+)/.exec(
        output,
      );
    expect(funnel).not.toBeNull();
    const [mql, sal, salRate] = [Number(funnel?.[1]), Number(funnel?.[2]), Number(funnel?.[3])];
    expect(mql).toBeGreaterThan(5);
    expect(sal).toBeGreaterThan(0);
    expect(salRate).toBeCloseTo((sal / mql) * 100, 0);
    expect(output).toMatch(/Time in stage\s+MQL /);
    expect(output).toMatch(
      /Reps\s+10 simulated days: \d+ accepted on the card, \d+ calls\/emails\/meetings logged/,
    );
    expect(output).toMatch(/Status\s+/);
    expect(output).toMatch(/HubSpot calls\s+\d+/);
  }, 150_000);
});
