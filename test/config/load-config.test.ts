import { loadConfig } from '../../src/config';

const key = 'a'.repeat(64);

describe('loadConfig', () => {
  it('starts in single-portal mode with only the secret and a static token, defaults filled in', () => {
    const config = loadConfig({ HUBSPOT_CLIENT_SECRET: 's', HUBSPOT_ACCESS_TOKEN: 'pat-na1-x' });
    expect(config).toMatchObject({
      mode: 'static',
      port: 3000,
      appBaseUrl: 'http://localhost:3000',
      databaseUrl: 'sqlite:./data/handoff.db',
      hubspotApiBaseUrl: 'https://api.hubapi.com',
      hubspotPortalId: undefined,
    });
  });

  it('derives APP_BASE_URL from PORT and trims a trailing slash from URLs', () => {
    const config = loadConfig({
      HUBSPOT_CLIENT_SECRET: 's',
      HUBSPOT_ACCESS_TOKEN: 't',
      PORT: '8080',
      HUBSPOT_API_BASE_URL: 'http://127.0.0.1:4010/',
    });
    expect(config.appBaseUrl).toBe('http://localhost:8080');
    expect(config.hubspotApiBaseUrl).toBe('http://127.0.0.1:4010');
  });

  it('runs OAuth mode with client id, secret and a 32-byte key', () => {
    const config = loadConfig({
      HUBSPOT_CLIENT_ID: 'id',
      HUBSPOT_CLIENT_SECRET: 's',
      TOKEN_ENCRYPTION_KEY: key,
    });
    expect(config.mode).toBe('oauth');
    expect(config.tokenEncryptionKey).toHaveLength(32);
    // OAuth mode carries no single-portal settings at all.
    expect(config).not.toHaveProperty('hubspotAccessToken');
    expect(config).not.toHaveProperty('adminToken');
  });

  it('reports every bad variable at once, each with its name and the fix', () => {
    let message = '';
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        APP_BASE_URL: 'handoff.example.com',
        HUBSPOT_PORTAL_ID: 'acme',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('4 environment problem(s)');
    expect(message).toMatch(/PORT: .*whole number/);
    expect(message).toMatch(/DATABASE_URL: .*sqlite:PATH/);
    expect(message).toMatch(/APP_BASE_URL: .*https:\/\//);
    expect(message).toMatch(/HUBSPOT_PORTAL_ID: .*numeric/);
  });

  it('names the missing OAuth settings and how to make the key', () => {
    expect(() => loadConfig({})).toThrow(/HUBSPOT_CLIENT_SECRET: required/);
    expect(() => loadConfig({ HUBSPOT_CLIENT_SECRET: 's' })).toThrow(/HUBSPOT_CLIENT_ID: required/);
    expect(() => loadConfig({ HUBSPOT_CLIENT_SECRET: 's', HUBSPOT_CLIENT_ID: 'i' })).toThrow(
      /TOKEN_ENCRYPTION_KEY: .*openssl rand -hex 32/,
    );
    expect(() =>
      loadConfig({ HUBSPOT_CLIENT_SECRET: 's', HUBSPOT_CLIENT_ID: 'i', TOKEN_ENCRYPTION_KEY: 'short' }),
    ).toThrow(/TOKEN_ENCRYPTION_KEY: must be 32 random bytes/);
  });

  it('treats empty variables (as .env.example leaves them) as unset', () => {
    const config = loadConfig({
      HUBSPOT_CLIENT_SECRET: 's',
      HUBSPOT_ACCESS_TOKEN: 't',
      HUBSPOT_CLIENT_ID: '',
      HUBSPOT_PORTAL_ID: '',
      TOKEN_ENCRYPTION_KEY: '',
      HANDOFF_CONFIG: '',
    });
    expect(config).toMatchObject({
      mode: 'static',
      hubspotClientId: undefined,
      hubspotPortalId: undefined,
      tokenEncryptionKey: undefined,
    });
  });

  it('refuses an APP_BASE_URL with a path: HubSpot signs the URL it calls, and the routes are at the root', () => {
    const base = { HUBSPOT_CLIENT_SECRET: 's', HUBSPOT_ACCESS_TOKEN: 't' };
    expect(() => loadConfig({ ...base, APP_BASE_URL: 'https://example.com/handoff' })).toThrow(
      /APP_BASE_URL: must be the origin only, without a path/,
    );
    expect(loadConfig({ ...base, APP_BASE_URL: 'https://example.com/' }).appBaseUrl).toBe(
      'https://example.com',
    );
  });

  it('names LOG_LEVEL and its allowed values when it is not one of them', () => {
    const base = { HUBSPOT_CLIENT_SECRET: 's', HUBSPOT_ACCESS_TOKEN: 't' };
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'verbose' })).toThrow(
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (info is the default)',
    );
    expect(loadConfig({ ...base, LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
  });

  it('reads QUEUE_TIME_SCALE as a factor above 0 and at most 1, 1 when unset', () => {
    const base = { HUBSPOT_CLIENT_SECRET: 's', HUBSPOT_ACCESS_TOKEN: 't' };
    expect(loadConfig(base).queueTimeScale).toBe(1);
    expect(loadConfig({ ...base, QUEUE_TIME_SCALE: '' }).queueTimeScale).toBe(1);
    expect(loadConfig({ ...base, QUEUE_TIME_SCALE: '0.01' }).queueTimeScale).toBe(0.01);
    expect(() => loadConfig({ ...base, QUEUE_TIME_SCALE: '0' })).toThrow(
      /QUEUE_TIME_SCALE: must be above 0 and at most 1; leave it unset in production/,
    );
    expect(() => loadConfig({ ...base, QUEUE_TIME_SCALE: 'fast' })).toThrow(
      /QUEUE_TIME_SCALE: must be a number above 0 and at most 1/,
    );
  });

  it('listens on HOST when set, on all interfaces when unset', () => {
    const base = { HUBSPOT_CLIENT_SECRET: 's', HUBSPOT_ACCESS_TOKEN: 't' };
    expect(loadConfig(base).host).toBeUndefined();
    expect(loadConfig({ ...base, HOST: '' }).host).toBeUndefined();
    expect(loadConfig({ ...base, HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });
});
