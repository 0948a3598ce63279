import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../simulator';
import { openStore } from '../../src/store/open-store';
import { bareEnv, runScript } from '../support/run-command';

const PORTAL = 62515;
const TOKEN = 'pat-na1-setup-sync';

describe('npm run setup -- --sync', () => {
  let sim: Simulator;
  afterAll(async () => sim?.stop());

  it('builds the CRM index from the list endpoints with a progress line, and reports what it holds', async () => {
    sim = await startSimulator({
      rateLimits: true,
      portals: [{ portalId: PORTAL, accessToken: TOKEN, seed: { seed: 5, companies: 150, contacts: 40 } }],
    });
    const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'handoff-sync-')), 'handoff.db')}`;
    const result = await runScript('src/cli/setup.ts', ['--sync'], {
      env: bareEnv({
        HUBSPOT_ACCESS_TOKEN: TOKEN,
        HUBSPOT_PORTAL_ID: String(PORTAL),
        HUBSPOT_API_BASE_URL: sim.url,
        DATABASE_URL: databaseUrl,
      }),
    });
    expect(result.stderr).toMatch(/CRM index \[companies 150 · deals \d+ · contacts 40\] \d+ calls/);
    const portal = sim.portal(PORTAL);
    const deals = portal.stores.deals.live().length;
    const pages = 2 + Math.ceil(deals / 100) + 1;
    // One version per stored page, and one for the finished build.
    expect(result.stdout).toContain(
      `CRM index of portal ${PORTAL}: ready, version ${pages + 1}; 150 companies, ${deals} deals, 40 contacts; ` +
        `${190 + deals} records in ${pages} list calls`,
    );
    expect(sim.callLog.count({ endpoint: 'POST /crm/v3/objects/companies/search' })).toBe(0);
    const store = await openStore(databaseUrl);
    expect(await store.crmIndex.state(PORTAL)).toMatchObject({ phase: 'ready' });
    await store.close();
  });
});
