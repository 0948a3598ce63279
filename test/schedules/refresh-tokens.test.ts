import { randomBytes } from 'node:crypto';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotOAuth } from '../../src/hubspot/oauth';
import { hubspotPaths } from '../../src/hubspot/paths';
import { refreshTokens } from '../../src/schedules/refresh-tokens';
import { silentLogger } from '../../src/log';
import { TokenCrypto } from '../../src/security/token-crypto';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { classifyEvent } from '../../src/intake/events';
import { contactCreation } from '../fixtures/webhook-events';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';

const NOW = Date.parse('2026-11-02T09:00:00.000Z');
const crypto = new TokenCrypto(randomBytes(32));

describe('scheduled token refresh', () => {
  let store: Store;
  afterEach(async () => store.close());

  async function install(portalId: number, expiresAt: number): Promise<void> {
    await store.portals.upsert({
      portalId,
      status: 'installed',
      accessTokenCipher: crypto.encrypt(`access-${portalId}`, portalId),
      refreshTokenCipher: crypto.encrypt(`refresh-${portalId}`, portalId),
      accessTokenExpiresAt: expiresAt,
      scopes: ['oauth'],
      installedAt: NOW - 86_400_000,
      updatedAt: NOW - 86_400_000,
    });
  }

  it('refreshes tokens close to expiry, and cleans up a portal that removed the app', async () => {
    store = await openStore('sqlite::memory:');
    await install(111, NOW + 2 * 60_000); // expires in 2 minutes: refreshed ahead
    await install(222, NOW + 60_000); // HubSpot refuses its refresh token: uninstalled
    await install(333, NOW + 25 * 60_000); // fresh: no call
    const classified = classifyEvent(contactCreation(9, { portalId: 222 }));
    if (classified.kind === 'supported') await store.events.insert([classified.event], NOW);

    const oauth = new HubSpotOAuth({
      clientId: 'id',
      clientSecret: 'secret',
      baseUrl: HUBSPOT_TEST_BASE_URL,
    });
    const clients = new HubSpotClients({
      auth: { mode: 'oauth', store, crypto, oauth },
      baseUrl: HUBSPOT_TEST_BASE_URL,
      now: () => NOW,
    });
    const mock = new HubSpotMock()
      .reply('POST', hubspotPaths.oauthToken, 200, {
        token_type: 'bearer',
        token_use: 'access_token',
        hub_id: 111,
        access_token: 'access-111-new',
        refresh_token: 'refresh-111',
        expires_in: 1800,
      })
      .reply(
        'POST',
        hubspotPaths.oauthToken,
        400,
        { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token', correlationId: 'c-1' },
        {
          unchecked:
            'HubSpot OAuth errors carry status/message/correlationId, without the Error schema category',
        },
      );

    const report = await refreshTokens({ store, clients, log: silentLogger }, NOW);
    mock.done();
    expect(report).toEqual({ refreshed: 2, uninstalled: [222] });
    const refreshed = await store.portals.get(111);
    expect(crypto.decrypt(refreshed?.accessTokenCipher as string, 111)).toBe('access-111-new');
    expect(await store.portals.get(222)).toMatchObject({
      status: 'uninstalled',
      accessTokenCipher: null,
      refreshTokenCipher: null,
    });
    const [dropped] = await store.events.list({ portalId: 222, limit: 10 });
    expect(dropped).toMatchObject({
      status: 'dead',
      lastError: expect.stringContaining('portal uninstalled the app'),
    });
    await expect(clients.forPortal(222)).rejects.toMatchObject({ code: 'portal_not_installed' });
  });
});
