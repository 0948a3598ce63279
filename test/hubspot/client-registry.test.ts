import { randomBytes } from 'node:crypto';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotOAuth } from '../../src/hubspot/oauth';
import { hubspotPaths } from '../../src/hubspot/paths';
import { TokenCrypto } from '../../src/security/token-crypto';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';
import { FakeClock, PORTAL_ID, portalStore } from './fixtures';

const crypto = new TokenCrypto(randomBytes(32));
const oauth = new HubSpotOAuth({ clientId: 'id', clientSecret: 'secret', baseUrl: HUBSPOT_TEST_BASE_URL });

describe('HubSpotClients', () => {
  it('in static mode, serves the configured portal with one cached client and refuses others', async () => {
    const clients = new HubSpotClients({
      auth: { mode: 'static', accessToken: 'pat-na1-static', portalId: PORTAL_ID },
      baseUrl: HUBSPOT_TEST_BASE_URL,
    });
    const client = await clients.forPortal(PORTAL_ID);
    expect(await clients.forPortal(PORTAL_ID)).toBe(client);
    await expect(clients.forPortal(1)).rejects.toMatchObject({
      code: 'portal_not_installed',
      message: expect.stringContaining('single-portal mode for portal 62515'),
    });

    const mock = new HubSpotMock().reply('GET', hubspotPaths.owners, 200, { results: [] });
    await client.request({ method: 'GET', path: hubspotPaths.owners, endpoint: 'owners.list' });
    expect(mock.calls[0]?.authorization).toBe('Bearer pat-na1-static');
    mock.done();
  });

  it("gives the portal's typed CRM over its cached client, refused like the client", async () => {
    const clients = new HubSpotClients({
      auth: { mode: 'static', accessToken: 'pat-na1-static', portalId: PORTAL_ID },
      baseUrl: HUBSPOT_TEST_BASE_URL,
    });
    const { crmFor } = clients;
    expect((await crmFor(PORTAL_ID)).client).toBe(await clients.forPortal(PORTAL_ID));
    expect((await clients.crmForSignedRequest(PORTAL_ID)).client).toBe(await clients.forPortal(PORTAL_ID));
    await expect(crmFor(1)).rejects.toMatchObject({ code: 'portal_not_installed' });
  });

  it("passes the backoff between retries of one call to the portal's client", async () => {
    const waits: number[] = [];
    const clients = new HubSpotClients({
      auth: { mode: 'static', accessToken: 'pat-na1-static', portalId: PORTAL_ID },
      baseUrl: HUBSPOT_TEST_BASE_URL,
      backoffBaseMs: 8,
      sleep: async (ms) => void waits.push(ms),
    });
    const mock = new HubSpotMock()
      .reply('GET', hubspotPaths.owners, 503, {
        status: 'error',
        message: 'down',
        category: 'INTERNAL_ERROR',
      })
      .reply('GET', hubspotPaths.owners, 200, { results: [] });
    const client = await clients.forPortal(PORTAL_ID);
    await client.request({ method: 'GET', path: hubspotPaths.owners, endpoint: 'owners.list' });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(4);
    expect(waits[0]).toBeLessThanOrEqual(8);
    mock.done();
  });

  it('in OAuth mode, refuses unknown and uninstalled portals and uses the stored tokens otherwise', async () => {
    const clock = new FakeClock();
    const { store } = portalStore([
      {
        portalId: PORTAL_ID,
        status: 'installed',
        accessTokenCipher: crypto.encrypt('stored-access', PORTAL_ID),
        refreshTokenCipher: crypto.encrypt('stored-refresh', PORTAL_ID),
        accessTokenExpiresAt: clock.time + 25 * 60_000,
        scopes: [],
        installedAt: clock.time,
        updatedAt: clock.time,
      },
      {
        portalId: 7,
        status: 'uninstalled',
        accessTokenCipher: null,
        refreshTokenCipher: null,
        accessTokenExpiresAt: null,
        scopes: [],
        installedAt: clock.time,
        updatedAt: clock.time,
      },
    ]);
    const clients = new HubSpotClients({
      auth: { mode: 'oauth', store, crypto, oauth },
      baseUrl: HUBSPOT_TEST_BASE_URL,
      now: clock.now,
      sleep: clock.sleep,
    });
    await expect(clients.forPortal(404)).rejects.toMatchObject({ code: 'portal_not_installed' });
    await expect(clients.forPortal(7)).rejects.toThrow(/uninstalled the app/);

    const client = await clients.forPortal(PORTAL_ID);
    expect(client.portalId).toBe(PORTAL_ID);
    const mock = new HubSpotMock().reply('GET', hubspotPaths.owners, 200, { results: [] });
    await client.request({ method: 'GET', path: hubspotPaths.owners, endpoint: 'owners.list' });
    expect(mock.calls[0]?.authorization).toBe('Bearer stored-access');
    mock.done();
  });
});
