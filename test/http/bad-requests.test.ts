import { gzipSync } from 'node:zlib';
import { signedHeaders } from '../../src/intake/signature';
import { startAdminHarness, type AdminHarness } from '../support/admin-harness';
import { CLIENT_SECRET, startHarness, type Harness } from '../support/app-harness';

/** Requests no client of ours sends, that a scanner or a broken proxy does: each gets a 4xx. */
describe('malformed requests get a 4xx naming the problem, never a 500', () => {
  let harness: Harness | AdminHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function postEncoded(app: Harness, body: Buffer, encoding: string): Promise<Response> {
    const url = `${app.baseUrl}/webhooks/hubspot`;
    const headers = {
      'content-type': 'application/json',
      'content-encoding': encoding,
      ...signedHeaders(CLIENT_SECRET, { method: 'POST', uri: url, body: body.toString('latin1') }),
    };
    return fetch(url, { method: 'POST', headers, body });
  }

  it.each([
    ['a body that is not gzip under Content-Encoding: gzip', 'gzip', Buffer.from('not gzip at all')],
    ['an encoding HTTP does not define', 'x-unknown', Buffer.from('[]')],
    ['a truncated deflate body', 'deflate', gzipSync('[]').subarray(0, 5)],
  ])('webhooks: %s → 4xx', async (_name, encoding, body) => {
    const app = await startHarness();
    harness = app;
    const res = await postEncoded(app, body, encoding);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.message).toMatch(/Content-Encoding|encoding/i);
    expect(await app.store.events.list({})).toHaveLength(0);
  });

  it('admin: a cookie that is not valid percent-encoding is treated as no session', async () => {
    const admin = await startAdminHarness({ token: true });
    harness = admin;
    const res = await fetch(`${admin.baseUrl}/admin`, {
      headers: { cookie: 'handoff_admin=%E0%A4%A' },
      redirect: 'manual',
    });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(500);
  });
});
