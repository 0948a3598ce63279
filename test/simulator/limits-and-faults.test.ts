import { startSimulator, type Simulator } from '../../simulator';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { simClient } from './sim-client';

const PORTAL = 7003;
let sim: Simulator;
let clock = 1_800_000_000_000;

beforeEach(async () => {
  sim = await startSimulator({
    searchLagMs: 0,
    now: () => clock,
    portals: [
      { portalId: PORTAL, accessToken: 'test-token' },
      { portalId: 7004, accessToken: 'other-token' },
    ],
  });
});
afterEach(() => sim.stop());

const searchBody = { filterGroups: [], sorts: [], properties: [], limit: 1 };

describe('rate limits', () => {
  it('allows 110 calls per rolling 10 s per portal, then answers 429 TEN_SECONDLY_ROLLING', async () => {
    const call = simClient(sim.url);
    for (let n = 0; n < 110; n += 1) expect((await call('GET', '/crm/v3/owners')).status).toBe(200);
    const limited = await call('GET', '/crm/v3/owners', undefined, { unchecked: 'response' });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      status: 'error',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    // Another portal has its own window; this one's opens again as the window rolls.
    expect((await simClient(sim.url, 'other-token')('GET', '/crm/v3/owners')).status).toBe(200);
    clock += 10_000;
    expect((await call('GET', '/crm/v3/owners')).status).toBe(200);
  });

  it('allows 5 searches a second, separately, with policy SECONDLY', async () => {
    const call = simClient(sim.url);
    for (let n = 0; n < 5; n += 1)
      expect((await call('POST', '/crm/v3/objects/contacts/search', searchBody)).status).toBe(200);
    const limited = await call('POST', '/crm/v3/objects/contacts/search', searchBody, {
      unchecked: 'response',
    });
    expect(limited.body).toMatchObject({ errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
    expect((await call('GET', '/crm/v3/owners')).status).toBe(200);
    clock += 1_000;
    expect((await call('POST', '/crm/v3/objects/contacts/search', searchBody)).status).toBe(200);
  });

  it('can be switched off', async () => {
    sim.setRateLimits({ enabled: false });
    const call = simClient(sim.url);
    for (let n = 0; n < 8; n += 1)
      expect((await call('POST', '/crm/v3/objects/contacts/search', searchBody)).status).toBe(200);
  });

  it('counts calls per endpoint and status in the call log', async () => {
    const call = simClient(sim.url);
    await call('GET', '/crm/v3/owners');
    await call('GET', '/crm/v3/objects/contacts/42');
    expect(sim.callLog.counts({ portalId: PORTAL })).toEqual({
      'GET /crm/v3/owners': 1,
      'GET /crm/v3/objects/contacts/{id}': 1,
    });
    expect(sim.callLog.statusCounts()).toEqual({ 200: 1, 404: 1 });
  });
});

describe('injected faults', () => {
  it('answers 500 and 502 for the chosen fraction, and the app client retries through them', async () => {
    sim.setFaults({ error500: 0.25, error502: 0.25 });
    const clients = new HubSpotClients({
      auth: { mode: 'static', accessToken: 'test-token', portalId: PORTAL },
      baseUrl: sim.url,
      maxRetries: 10,
      sleep: async () => undefined,
    });
    const crm = new HubSpotCrm(await clients.forPortal(PORTAL));
    for (let n = 0; n < 20; n += 1) expect(await crm.listOwners()).toEqual([]);
    const statuses = sim.callLog.statusCounts();
    expect(statuses[500]! + statuses[502]!).toBeGreaterThan(5);
    expect(statuses[200]).toBe(20);
    expect(
      sim.callLog.entries
        .filter((entry) => entry.fault === 'error502')
        .every((entry) => entry.status === 502),
    ).toBe(true);
  });

  it('hangs a call until the client gives up', async () => {
    sim.setFaults({ hang: 1, hangMs: 60_000 });
    const aborted = await fetch(`${sim.url}/crm/v3/owners`, {
      headers: { authorization: 'Bearer test-token' },
      signal: AbortSignal.timeout(200),
    }).catch((error: Error) => error.name);
    expect(aborted).toBe('TimeoutError');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.callLog.entries[0]).toMatchObject({
      fault: 'hang',
      status: 0,
      endpoint: 'GET /crm/v3/owners',
    });
  });

  it('adds latency', async () => {
    await sim.stop();
    sim = await startSimulator({
      latencyMs: 120,
      portals: [{ portalId: PORTAL, accessToken: 'test-token' }],
    });
    const started = Date.now();
    await simClient(sim.url)('GET', '/crm/v3/owners');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});
