import { spawnSync } from 'node:child_process';

/**
 * The README's front door, run exactly as a user runs it: `npm run demo -- --once` (smaller, so the
 * suite stays quick). It must exit 0 only when every lead was handled, and print the summary.
 */
describe('npm run demo -- --once (the README command)', () => {
  it('runs the main job with no account and exits 0 after the summary', () => {
    const result = spawnSync(
      'npm',
      ['run', '--silent', 'demo', '--', '--once', '--size', '30', '--seed', '3'],
      {
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
        timeout: 120_000,
      },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status).toBe(0);
    expect(output).toMatch(/Handled\s+30 of 30 leads decided and written/);
    expect(output).toMatch(/Status\s+/);
    expect(output).toMatch(/HubSpot calls\s+\d+/);
  }, 150_000);
});
