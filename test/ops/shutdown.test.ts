import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedHeaders } from '../../src/intake/signature';
import { contactDeletion } from '../fixtures/webhook-events';
import { freePort, waitFor } from '../support/wait';

describe('npm start, then SIGTERM', () => {
  it('serves, processes a signed batch, and on SIGTERM stops intake and exits 0', async () => {
    const port = await freePort();
    const folder = mkdtempSync(join(tmpdir(), 'handoff-shutdown-'));
    const child = spawn(join('node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HUBSPOT_CLIENT_SECRET: 'shutdown-secret',
        HUBSPOT_ACCESS_TOKEN: 'pat-na1-shutdown',
        DATABASE_URL: `sqlite:${join(folder, 'handoff.db')}`,
        HUBSPOT_API_BASE_URL: 'http://127.0.0.1:9',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const base = `http://localhost:${port}`;
      await waitFor(async () => (await fetch(`${base}/healthz`)).ok, {
        timeoutMs: 15_000,
        pollMs: 50,
        retryOnError: true,
      });
      const url = `${base}/webhooks/hubspot`;
      const body = JSON.stringify([contactDeletion(77)]);
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signedHeaders('shutdown-secret', { method: 'POST', uri: url, body }),
        },
        body,
      });
      expect(res.status).toBe(200);
      await waitFor(async () =>
        /handoff_events_processed_total 1/.test(await (await fetch(`${base}/metrics`)).text()),
      );

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('shutting down');
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
      expect(output).not.toContain('pat-na1-shutdown');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
