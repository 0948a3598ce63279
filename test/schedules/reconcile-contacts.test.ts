import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { HANDOFF_PROPERTIES } from '../../src/hubspot/properties';
import { reconcileContacts } from '../../src/schedules/reconcile-contacts';
import { silentLogger } from '../../src/log';
import { startHandoff, type RunningHandoff } from '../../src/server';
import { freePort, waitFor as waitUntil } from '../support/wait';
import { generateLeads, startSimulator, type Simulator } from '../../simulator';

const PORTAL = 62515;
const TOKEN = 'pat-na1-reconcile-test';
const SECRET = 'reconcile-test-secret';
const LEADS = 80;

const waitFor = (check: () => boolean | Promise<boolean>) =>
  waitUntil(check, { timeoutMs: 60_000, pollMs: 50 });

describe('reconciliation: webhooks HubSpot never delivers', () => {
  let sim: Simulator;
  let app: RunningHandoff;
  afterAll(async () => {
    await app?.stop();
    await sim?.stop();
  });

  it('hands off every contact whose webhook was dropped within one run, and a second run does nothing', async () => {
    sim = await startSimulator({
      seed: 7,
      rateLimits: true,
      searchLagMs: [0, 0],
      webhooks: { retryScale: 0.002, dropRate: 0.3 },
      portals: [{ portalId: PORTAL, accessToken: TOKEN, seed: { seed: 7 } }],
    });
    const port = await freePort();
    const config = loadConfig({
      PORT: String(port),
      DATABASE_URL: `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'handoff-reconcile-')), 'h.db')}`,
      HUBSPOT_API_BASE_URL: sim.url,
      HUBSPOT_ACCESS_TOKEN: TOKEN,
      HUBSPOT_PORTAL_ID: String(PORTAL),
      HUBSPOT_CLIENT_SECRET: SECRET,
    });
    app = await startHandoff(config, silentLogger, { port, schedule: false });
    const portal = sim.portal(PORTAL);
    await waitFor(() =>
      HANDOFF_PROPERTIES.every((property) => portal.properties.contacts.has(property.name)),
    );
    const subscriptions = JSON.parse(
      readFileSync(path.join('webhooks', 'webhooks.json'), 'utf8'),
    ).subscriptions;
    sim.setWebhookTarget(PORTAL, {
      targetUrl: `${config.appBaseUrl}/webhooks/hubspot`,
      clientSecret: SECRET,
      appId: 1,
      subscriptions,
    });

    const ids = generateLeads(sim.catalogs.get(PORTAL)!, { count: LEADS, seed: 8 }).map(
      (lead) => portal.create('contacts', lead.properties, { changeSource: 'FORM' }).id,
    );
    await sim.webhooks.idle();
    await waitFor(async () => (await app.store.events.stats(Date.now())).depth === 0);
    const handled = async () => (await app.store.decisions.latest(PORTAL, ids)).size;
    const before = await handled();
    const droppedCreations = new Set(
      sim.webhooks.dropped
        .filter((event) => event.subscriptionType.endsWith('creation'))
        .map((e) => String(e.objectId)),
    );
    expect(droppedCreations.size).toBeGreaterThan(0);
    expect(before).toBe(LEADS - droppedCreations.size);

    const crm = new HubSpotCrm(await app.clients.forPortal(PORTAL));
    const started = Date.now();
    const first = await reconcileContacts({ store: app.store, crm, log: silentLogger }, PORTAL, Date.now(), {
      indexLagMs: 0,
    });
    expect(first.queued).toBe(droppedCreations.size);
    await waitFor(async () => {
      const decisions = await app.store.decisions.latest(PORTAL, ids);
      return [...decisions.values()].filter((decision) => decision.writtenAt !== null).length === LEADS;
    });
    const recoveredInMs = Date.now() - started;
    // Written where the rep sees it: on the HubSpot contact.
    for (const id of droppedCreations)
      expect(portal.get('contacts', id)?.properties.handoff_status).toBeTruthy();

    // Let the echoes of those writes (property-change webhooks) settle before counting writes.
    await sim.webhooks.idle();
    await waitFor(async () => (await app.store.events.stats(Date.now())).depth === 0);
    const writesBefore = sim.callLog.count({ endpoint: 'POST /crm/v3/objects/contacts/batch/update' });
    const second = await reconcileContacts({ store: app.store, crm, log: silentLogger }, PORTAL, Date.now(), {
      indexLagMs: 0,
    });
    await waitFor(async () => (await app.store.events.stats(Date.now())).depth === 0);
    expect(second.queued).toBe(0);
    expect(sim.callLog.count({ endpoint: 'POST /crm/v3/objects/contacts/batch/update' })).toBe(writesBefore);

    // A person makes an MQL an SQL in HubSpot. No webhook carries it (lifecyclestage is not
    // subscribed): the next run finds it in the same search, with no extra HubSpot call.
    const mql = ids.find((id) => portal.get('contacts', id)?.properties.handoff_stage === 'mql') as string;
    expect(mql).toBeDefined();
    portal.update('contacts', mql, { lifecyclestage: 'salesqualifiedlead' }, { changeSource: 'CRM_UI' });
    await sim.webhooks.idle();
    const searchesBefore = sim.callLog.count({ endpoint: 'POST /crm/v3/objects/contacts/search' });
    const third = await reconcileContacts({ store: app.store, crm, log: silentLogger }, PORTAL, Date.now(), {
      indexLagMs: 0,
    });
    expect(third).toMatchObject({ queued: 0, stagesQueued: 1 });
    expect(sim.callLog.count({ endpoint: 'POST /crm/v3/objects/contacts/search' })).toBe(searchesBefore + 1);
    await waitFor(async () => portal.get('contacts', mql)?.properties.handoff_stage === 'sql');
    const sqlRecorded = async () =>
      (await app.store.stages.list({ portalId: PORTAL, contactIds: [mql] })).some(
        (row) => row.stage === 'sql',
      );
    await waitFor(sqlRecorded);
    const stages = await app.store.stages.list({ portalId: PORTAL, contactIds: [mql] });
    expect(stages.map((row) => [row.stage, row.cause])).toEqual([
      ['mql', 'decision'],
      ['sal', 'skipped'],
      ['sql', 'lifecycle_stage'],
    ]);
    console.log(
      `reconciliation: ${LEADS} leads, ${droppedCreations.size} creation webhooks dropped for good, ` +
        `${first.queued} recovered in ${recoveredInMs} ms, second run queued ${second.queued}`,
    );
  }, 120_000);
});
