import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotOAuth } from '../../src/hubspot/oauth';
import { hubspotPaths } from '../../src/hubspot/paths';
import { HANDOFF_PROPERTIES, ensureHandoffProperties } from '../../src/hubspot/properties';
import { OAUTH_STATE_TTL_MS } from '../../src/install/oauth-state';
import { TokenCrypto } from '../../src/security/token-crypto';
import { oauthFlow } from '../../src/install/oauth-flow';
import { asHubSpotProperty } from '../hubspot/fixtures';
import { startHarness, type Harness } from '../support/app-harness';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';

const PORTAL_ID = 62515;
const key = randomBytes(32);

describe('OAuth install', () => {
  let harness: Harness;
  let clock: number;
  afterEach(async () => harness.close());

  async function start(): Promise<void> {
    clock = Date.now();
    harness = await startHarness(({ store, baseUrl }) => {
      const config = loadConfig({
        HUBSPOT_CLIENT_ID: 'client-id',
        HUBSPOT_CLIENT_SECRET: 'client-secret',
        TOKEN_ENCRYPTION_KEY: key.toString('hex'),
        HUBSPOT_API_BASE_URL: HUBSPOT_TEST_BASE_URL,
        APP_BASE_URL: baseUrl,
      });
      const oauth = new HubSpotOAuth({
        clientId: 'client-id',
        clientSecret: 'client-secret',
        baseUrl: HUBSPOT_TEST_BASE_URL,
      });
      const crypto = new TokenCrypto(key);
      const clients = new HubSpotClients({
        auth: { mode: 'oauth', store, crypto, oauth },
        baseUrl: HUBSPOT_TEST_BASE_URL,
      });
      return {
        now: () => clock,
        oauth: oauthFlow(config, oauth, crypto, async (portalId) =>
          ensureHandoffProperties(await clients.forPortal(portalId)),
        ),
      };
    });
  }

  async function beginInstall(): Promise<{ state: string; cookie: string }> {
    const res = await fetch(`${harness.baseUrl}/oauth/install`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') as string);
    expect(location.origin + location.pathname).toBe('https://app.hubspot.com/oauth/authorize');
    expect(location.searchParams.get('client_id')).toBe('client-id');
    expect(location.searchParams.get('redirect_uri')).toBe(`${harness.baseUrl}/oauth/callback`);
    expect(location.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['oauth', 'crm.objects.contacts.write', 'crm.schemas.contacts.write']),
    );
    const state = location.searchParams.get('state') as string;
    expect(Buffer.from(state, 'base64url')).toHaveLength(16);
    const cookie = (res.headers.get('set-cookie') as string).split(';')[0] as string;
    expect(cookie).toBe(`handoff_oauth_state=${state}`);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    return { state, cookie };
  }

  function callback(state: string, cookie: string | undefined, code = 'the-code') {
    return fetch(`${harness.baseUrl}/oauth/callback?code=${code}&state=${state}`, {
      headers: cookie ? { cookie } : {},
      redirect: 'manual',
    });
  }

  function hubspotInstallAnswers(): HubSpotMock {
    return new HubSpotMock()
      .reply('POST', hubspotPaths.oauthToken, 200, {
        token_type: 'bearer',
        token_use: 'access_token',
        hub_id: PORTAL_ID,
        access_token: 'access-token-1',
        refresh_token: 'refresh-token-1',
        expires_in: 1800,
      })
      .reply('GET', hubspotPaths.oauthAccessToken('access-token-1'), 200, {
        token: 'access-token-1',
        user: 'revops@example.com',
        hub_domain: 'example.com',
        scopes: ['oauth', 'crm.objects.contacts.read'],
        hub_id: PORTAL_ID,
        app_id: 1160452,
        expires_in: 1799,
        user_id: 7,
        token_type: 'access',
      })
      .reply('GET', hubspotPaths.propertyGroup('contacts', 'sales_handoff'), 200, {
        name: 'sales_handoff',
        label: 'Sales handoff',
        displayOrder: -1,
        archived: false,
      })
      .reply('GET', hubspotPaths.properties('contacts'), 200, {
        results: HANDOFF_PROPERTIES.map((property) => asHubSpotProperty(property)),
      });
  }

  it('installs: exchanges the code, takes the portal from token info, stores tokens encrypted, checks properties', async () => {
    await start();
    const { state, cookie } = await beginInstall();
    const hubspot = hubspotInstallAnswers();
    const res = await callback(state, cookie);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ installed: true, portalId: PORTAL_ID });
    hubspot.done();

    const portal = await harness.store.portals.get(PORTAL_ID);
    expect(portal).toMatchObject({ status: 'installed', scopes: ['oauth', 'crm.objects.contacts.read'] });
    expect(portal?.accessTokenCipher).not.toContain('access-token-1');
    expect(new TokenCrypto(key).decrypt(portal?.accessTokenCipher as string, PORTAL_ID)).toBe(
      'access-token-1',
    );
    expect(new TokenCrypto(key).decrypt(portal?.refreshTokenCipher as string, PORTAL_ID)).toBe(
      'refresh-token-1',
    );
  });

  it('refuses a reused state', async () => {
    await start();
    const { state, cookie } = await beginInstall();
    const hubspot = hubspotInstallAnswers();
    expect((await callback(state, cookie)).status).toBe(200);
    hubspot.done();
    const again = await callback(state, cookie);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({
      error: { code: 'oauth_state_invalid', message: expect.stringContaining('already used') },
    });
  });

  it('refuses an expired state and makes no HubSpot call', async () => {
    await start();
    const { state, cookie } = await beginInstall();
    clock += OAUTH_STATE_TTL_MS + 1;
    const res = await callback(state, cookie);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { message: expect.stringContaining('expired') } });
    expect(await harness.store.portals.get(PORTAL_ID)).toBeNull();
  });

  it('refuses a state without its cookie, or from another browser', async () => {
    await start();
    const { state } = await beginInstall();
    const other = await beginInstall();
    expect((await callback(state, undefined)).status).toBe(400);
    expect((await callback(state, other.cookie)).status).toBe(400);
    expect(await harness.store.portals.get(PORTAL_ID)).toBeNull();
  });

  it('says install is not available in single-portal mode', async () => {
    harness = await startHarness();
    const res = await fetch(`${harness.baseUrl}/oauth/install`, { redirect: 'manual' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'oauth_not_configured' } });
  });
});
