import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store';
import { bareEnv, runScript, startScript } from '../support/run-command';
import { freePort, waitFor } from '../support/wait';

/** The README's simulator recipe, run as written: two commands, and leads come out decided. */
describe('README: npm run simulator with --leads, then npm start against it', () => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('close', resolve));
    }
  });

  it('creates the contacts, sends their webhooks and Handoff decides and writes every one', async () => {
    const [simPort, appPort] = [await freePort(), await freePort()];
    const folder = mkdtempSync(join(tmpdir(), 'handoff-recipe-'));
    const databaseUrl = `sqlite:${join(folder, 'handoff.db')}`;
    const sim = startScript(
      'simulator/cli.ts',
      [
        ...['--port', String(simPort), '--seed', '42', '--leads', '5', '--leads-per-second', '20'],
        ...[
          '--webhook-url',
          `http://localhost:${appPort}/webhooks/hubspot`,
          '--webhook-secret',
          'recipe-secret',
        ],
      ],
      { env: bareEnv({}) },
    );
    children.push(sim);
    let simOut = '';
    sim.stdout?.on('data', (chunk) => (simOut += String(chunk)));
    await waitFor(() => simOut.includes('Simulated HubSpot on'), {
      timeoutMs: 20_000,
      what: 'the simulator',
    });
    expect(simOut).toContain(
      `HUBSPOT_CLIENT_SECRET=recipe-secret APP_BASE_URL=http://localhost:${appPort} npm start`,
    );

    const app = startScript('src/main.ts', [], {
      cwd: folder,
      env: bareEnv({
        HUBSPOT_API_BASE_URL: `http://127.0.0.1:${simPort}`,
        HUBSPOT_ACCESS_TOKEN: 'pat-na1-simulated-token',
        HUBSPOT_PORTAL_ID: '62515',
        HUBSPOT_CLIENT_SECRET: 'recipe-secret',
        APP_BASE_URL: `http://localhost:${appPort}`,
        PORT: String(appPort),
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
      }),
    });
    children.push(app);
    await waitFor(() => simOut.includes('created 5 new contacts'), {
      timeoutMs: 40_000,
      what: `the simulator to create the leads (it printed: ${simOut})`,
    });
    const store = await openStore(databaseUrl);
    try {
      await waitFor(
        async () => {
          const decisions = await store.decisions.list({ portalId: 62515, limit: 10 });
          return decisions.length === 5 && decisions.every((decision) => decision.writtenAt !== null);
        },
        { timeoutMs: 40_000, pollMs: 500, retryOnError: true, what: 'five decisions written to HubSpot' },
      );
    } finally {
      await store.close();
    }
  }, 120_000);

  it('refuses --leads without a webhook target, saying what to add', async () => {
    const result = await runScript('simulator/cli.ts', ['--port', String(await freePort()), '--leads', '3'], {
      env: bareEnv({}),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--leads needs --webhook-url');
    expect(result.stderr).toContain('--webhook-secret');
  });
});
