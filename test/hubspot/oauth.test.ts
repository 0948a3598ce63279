import { HubSpotUnavailableError } from '../../src/hubspot/hubspot-errors';
import { HubSpotOAuth, authorizeUrl } from '../../src/hubspot/oauth';
import { hubspotPaths } from '../../src/hubspot/paths';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';
import { CORRELATION_ID, PORTAL_ID, hubspotError } from './fixtures';

const oauth = new HubSpotOAuth({
  clientId: 'client-id',
  clientSecret: 'client-secret',
  baseUrl: HUBSPOT_TEST_BASE_URL,
});
const redirectUri = 'https://handoff.example.com/oauth/callback';

describe('authorizeUrl', () => {
  it('builds HubSpot’s authorize URL with space-separated scopes and the state', () => {
    const url = new URL(
      authorizeUrl({
        clientId: 'client-id',
        redirectUri,
        scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write'],
        optionalScopes: ['crm.objects.deals.read'],
        state: 'st4te',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://app.hubspot.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-id',
      redirect_uri: redirectUri,
      scope: 'crm.objects.contacts.read crm.objects.contacts.write',
      optional_scope: 'crm.objects.deals.read',
      state: 'st4te',
    });
  });
});

describe('HubSpotOAuth', () => {
  it('exchanges a code with a form-encoded POST', async () => {
    const answer = {
      token_type: 'bearer',
      token_use: 'access_token',
      access_token: 'access',
      refresh_token: 'refresh',
      expires_in: 1800,
      hub_id: PORTAL_ID,
    };
    const mock = new HubSpotMock().reply('POST', hubspotPaths.oauthToken, 200, answer);
    await expect(oauth.exchangeCode({ code: 'the-code', redirectUri })).resolves.toEqual({
      accessToken: 'access',
      refreshToken: 'refresh',
      expiresInSeconds: 1800,
      hubId: PORTAL_ID,
      scopes: undefined,
    });
    expect(Object.fromEntries(new URLSearchParams(mock.calls[0]?.body as string))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client-id',
      client_secret: 'client-secret',
      redirect_uri: redirectUri,
      code: 'the-code',
    });
    mock.done();
  });

  it('explains a refused code without echoing it', async () => {
    const mock = new HubSpotMock().reply(
      'POST',
      hubspotPaths.oauthToken,
      400,
      hubspotError('BAD_AUTH_CODE', 'missing or unknown auth code'),
    );
    const error = await oauth
      .exchangeCode({ code: 'the-code', redirectUri })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'oauth_exchange_failed' });
    expect((error as Error).message).toContain('missing or unknown auth code');
    expect((error as Error).message).toContain(CORRELATION_ID);
    expect((error as Error).message).not.toContain('the-code');
    mock.done();
  });

  it('reads hub_id, scopes and user from token info', async () => {
    const info = {
      token: 'access',
      user: 'revops@example.com',
      hub_domain: 'example.com',
      scopes: ['oauth', 'crm.objects.contacts.read'],
      hub_id: PORTAL_ID,
      app_id: 456789,
      expires_in: 1754,
      user_id: 123,
      token_type: 'access',
    };
    const mock = new HubSpotMock().reply('GET', hubspotPaths.oauthAccessToken('access'), 200, info);
    await expect(oauth.tokenInfo('access')).resolves.toMatchObject({
      hubId: PORTAL_ID,
      scopes: ['oauth', 'crm.objects.contacts.read'],
      user: 'revops@example.com',
    });
    mock.done();
  });

  it('reports HubSpot outages as HubSpotUnavailableError', async () => {
    const mock = new HubSpotMock().reply('POST', hubspotPaths.oauthToken, 503, { message: 'unavailable' });
    await expect(oauth.refreshToken({ refreshToken: 'r' })).rejects.toBeInstanceOf(HubSpotUnavailableError);
    mock.done();
  });
});
