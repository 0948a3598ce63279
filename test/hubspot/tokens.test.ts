import { randomBytes } from 'node:crypto';
import { HubSpotAuthError } from '../../src/hubspot/hubspot-errors';
import { HubSpotOAuth } from '../../src/hubspot/oauth';
import { hubspotPaths } from '../../src/hubspot/paths';
import { OAuthTokenProvider, StaticTokenProvider } from '../../src/hubspot/tokens';
import { TokenCrypto } from '../../src/security/token-crypto';
import type { PortalRecord } from '../../src/store/store';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';
import {
  CORRELATION_ID,
  FakeClock,
  PORTAL_ID,
  batchResponse,
  portalStore,
  record,
  testClient,
} from './fixtures';

const crypto = new TokenCrypto(randomBytes(32));
const oauth = new HubSpotOAuth({
  clientId: 'client-id',
  clientSecret: 'client-secret',
  baseUrl: HUBSPOT_TEST_BASE_URL,
});
/** AccessTokenResponse as HubSpot's OAuth spec describes it. */
const tokenAnswer = {
  token_type: 'bearer',
  token_use: 'access_token',
  access_token: 'new-access-token',
  refresh_token: 'refresh-token',
  expires_in: 1800,
  hub_id: PORTAL_ID,
};

function installed(clock: FakeClock, accessExpiresAt: number): PortalRecord {
  return {
    portalId: PORTAL_ID,
    status: 'installed',
    accessTokenCipher: crypto.encrypt('old-access-token', PORTAL_ID),
    refreshTokenCipher: crypto.encrypt('refresh-token', PORTAL_ID),
    accessTokenExpiresAt: accessExpiresAt,
    scopes: ['crm.objects.contacts.read'],
    installedAt: clock.time - 86_400_000,
    updatedAt: clock.time - 3_600_000,
  };
}

describe('OAuthTokenProvider', () => {
  it('uses the stored token while it has more than 5 minutes left', async () => {
    const clock = new FakeClock();
    const { store } = portalStore([installed(clock, clock.time + 6 * 60_000)]);
    const provider = new OAuthTokenProvider({ portalId: PORTAL_ID, store, crypto, oauth, now: clock.now });
    await expect(provider.getAccessToken()).resolves.toBe('old-access-token');
  });

  it('refreshes once for 50 concurrent calls with an expiring token, and all 50 succeed', async () => {
    const clock = new FakeClock();
    const { store, portals, writes } = portalStore([installed(clock, clock.time + 4 * 60_000)]);
    const provider = new OAuthTokenProvider({ portalId: PORTAL_ID, store, crypto, oauth, now: clock.now });
    const client = testClient({ clock, tokens: provider });
    const path = hubspotPaths.objectsBatchRead('contacts');
    const mock = new HubSpotMock()
      .reply('POST', hubspotPaths.oauthToken, 200, tokenAnswer)
      .reply('POST', path, 200, batchResponse([record('101')]), { times: 50 });

    const body = { inputs: [{ id: '101' }], properties: [], propertiesWithHistory: [] };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        client.request({ method: 'POST', path, body, endpoint: 'objects.batch.read' }),
      ),
    );

    expect(answers).toHaveLength(50);
    expect(mock.count('POST', hubspotPaths.oauthToken)).toBe(1);
    const used = mock.calls.filter((call) => call.path === path).map((call) => call.authorization);
    expect(new Set(used)).toEqual(new Set(['Bearer new-access-token']));
    expect(mock.calls[0]?.body).toBe(
      'grant_type=refresh_token&client_id=client-id&client_secret=client-secret&refresh_token=refresh-token',
    );
    // Stored encrypted, never in clear, with the new 30-minute expiry.
    expect(writes).toHaveLength(1);
    const saved = portals.get(PORTAL_ID)!;
    expect(saved.accessTokenCipher).not.toContain('new-access-token');
    expect(crypto.decrypt(saved.accessTokenCipher!, PORTAL_ID)).toBe('new-access-token');
    expect(saved.accessTokenExpiresAt).toBe(clock.time + 1_800_000);
    mock.done();
  });

  it('forces one refresh after a 401 even when the stored token looks fresh', async () => {
    const clock = new FakeClock();
    const { store } = portalStore([installed(clock, clock.time + 20 * 60_000)]);
    const provider = new OAuthTokenProvider({ portalId: PORTAL_ID, store, crypto, oauth, now: clock.now });
    const mock = new HubSpotMock().reply('POST', hubspotPaths.oauthToken, 200, tokenAnswer);
    const rejected = await provider.getAccessToken();
    const [first, second] = await Promise.all([provider.refresh(rejected), provider.refresh(rejected)]);
    expect([first, second]).toEqual(['new-access-token', 'new-access-token']);
    // A caller still holding the old token gets the new one without another refresh.
    await expect(provider.refresh(rejected)).resolves.toBe('new-access-token');
    mock.done();
  });

  it('says the portal must reinstall when HubSpot answers BAD_REFRESH_TOKEN', async () => {
    const clock = new FakeClock();
    const { store } = portalStore([installed(clock, clock.time - 1)]);
    const provider = new OAuthTokenProvider({ portalId: PORTAL_ID, store, crypto, oauth, now: clock.now });
    const answer = {
      status: 'BAD_REFRESH_TOKEN',
      message: 'missing or invalid refresh token',
      correlationId: CORRELATION_ID,
    };
    const mock = new HubSpotMock().reply('POST', hubspotPaths.oauthToken, 400, answer, {
      unchecked: 'HubSpot OAuth errors carry status/message/correlationId, without the Error schema category',
    });
    const error = await provider.getAccessToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubSpotAuthError);
    expect((error as Error).message).toMatch(/portal must reinstall the app/);
    expect((error as Error).message).toContain(CORRELATION_ID);
    expect((error as Error).message).not.toContain('refresh-token');
    mock.done();
  });

  it('refuses a portal that is not installed', async () => {
    const clock = new FakeClock();
    const { store } = portalStore([{ ...installed(clock, clock.time), status: 'uninstalled' }]);
    const provider = new OAuthTokenProvider({ portalId: PORTAL_ID, store, crypto, oauth, now: clock.now });
    await expect(provider.getAccessToken()).rejects.toMatchObject({ code: 'portal_not_installed' });
  });
});

describe('StaticTokenProvider', () => {
  it('returns its token and cannot refresh', async () => {
    const provider = new StaticTokenProvider('pat-na1-abc');
    await expect(provider.getAccessToken()).resolves.toBe('pat-na1-abc');
    expect(provider.kind).toBe('static');
    expect('refresh' in provider).toBe(false);
  });
});
