import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { startHandoff, type RunningHandoff } from '../../src/server';
import { signedHeaders } from '../../src/intake/signature';
import { contactDeletion } from '../fixtures/webhook-events';
import { waitFor } from '../support/wait';

/** Captures log lines so tests can read what an operator would see. */
function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).trim().split('\n'));
      done();
    },
  });
  return { lines, log: createLogger('debug', stream) };
}

describe('npm start in single-portal mode', () => {
  let running: RunningHandoff | undefined;
  afterEach(async () => running?.stop());

  it('starts with only the secret and a static token, answers /healthz and accepts a signed batch', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'handoff-start-'));
    const config = loadConfig({
      HUBSPOT_CLIENT_SECRET: 'the-secret',
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-static-token',
      DATABASE_URL: `sqlite:${join(folder, 'nested', 'handoff.db')}`,
    });
    const { lines, log } = logCapture();
    running = await startHandoff(config, log, { port: 0 });
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${running.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', store: true });

    // APP_BASE_URL defaults to http://localhost:$PORT; with port 0 the URL is only known now.
    const url = `http://localhost:${config.port}/webhooks/hubspot`;
    // A deletion: stored, claimed and completed without a HubSpot call (the handoff pipeline, which
    // reads HubSpot, has its own tests against HubSpot mocks).
    const body = JSON.stringify([contactDeletion(4242)]);
    const res = await fetch(`${running.url}/webhooks/hubspot`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signedHeaders('the-secret', { method: 'POST', uri: url, body }),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 1 });

    // The worker takes the event at once (notified by intake) and nothing is left queued.
    await waitFor(async () => (await running!.store.events.stats(Date.now())).depth === 0);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toMatch(
      /handoff_webhook_events_received_total\{subscription_type="contact.deletion"\} 1/,
    );
    expect(metrics).toMatch(/handoff_events_processed_total 1/);
    expect(metrics).toMatch(/handoff_queue_depth 0/);

    const joined = lines.join('\n');
    expect(joined).not.toContain('pat-na1-static-token');
    expect(joined).not.toContain('the-secret');
    const eventLine = lines.map((line) => JSON.parse(line)).find((line) => line.objectId === 4242);
    expect(eventLine).toMatchObject({ portalId: 62515, objectId: 4242, eventId: expect.any(Number) });
  });
});

describe('logs', () => {
  it('redact tokens, signatures and secrets wherever a careless line puts them', () => {
    const { lines, log } = logCapture();
    log.info(
      {
        headers: { authorization: 'Bearer abc', 'x-hubspot-signature-v3': 'sig' },
        tokens: { access_token: 'at', refresh_token: 'rt' },
        accessToken: 'at2',
        clientSecret: 'cs',
      },
      'request',
    );
    const line = lines[0] as string;
    for (const secret of ['Bearer abc', '"sig"', '"at"', '"rt"', 'at2', '"cs"'])
      expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
  });
});
