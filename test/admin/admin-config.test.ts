import { loadConfig } from '../../src/config';

describe('ADMIN_TOKEN', () => {
  const single = {
    HUBSPOT_CLIENT_SECRET: 's',
    HUBSPOT_ACCESS_TOKEN: 'pat-na1-x',
    HUBSPOT_PORTAL_ID: '62515',
  };

  it('signs in to the single portal', () => {
    expect(loadConfig({ ...single, ADMIN_TOKEN: 'a'.repeat(24) })).toMatchObject({
      mode: 'static',
      adminToken: 'a'.repeat(24),
    });
    expect(loadConfig(single)).toMatchObject({ mode: 'static', adminToken: undefined });
  });

  it('must be long enough, and needs single-portal mode with HUBSPOT_PORTAL_ID', () => {
    expect(() => loadConfig({ ...single, ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN: must be at least 24/);
    expect(() => loadConfig({ ...single, HUBSPOT_PORTAL_ID: '', ADMIN_TOKEN: 'a'.repeat(24) })).toThrow(
      /ADMIN_TOKEN: only for single-portal mode/,
    );
    expect(() =>
      loadConfig({
        HUBSPOT_CLIENT_ID: 'id',
        HUBSPOT_CLIENT_SECRET: 's',
        TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
        ADMIN_TOKEN: 'a'.repeat(24),
      }),
    ).toThrow(/users sign in with HubSpot/);
  });
});
