import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { reconcileContacts } from '../../src/schedules/reconcile-contacts';
import { silentLogger } from '../../src/log';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { generateLeads, startSimulator, type Simulator } from '../../simulator';

const PORTAL = 62515;
const TOKEN = 'pat-na1-reconcile-waiting';

describe('reconciliation during an import', () => {
  let sim: Simulator;
  let store: Store;
  afterAll(async () => {
    await store?.close();
    await sim?.stop();
  });

  it('leaves contacts whose creation waits in the queue to it, and queues only the lost ones', async () => {
    sim = await startSimulator({
      seed: 11,
      searchLagMs: [0, 0],
      portals: [{ portalId: PORTAL, accessToken: TOKEN, seed: { seed: 11 } }],
    });
    store = await openStore('sqlite::memory:');
    const portal = sim.portal(PORTAL);
    const ids = generateLeads(sim.catalogs.get(PORTAL)!, { count: 10, seed: 12 }).map(
      (lead) => portal.create('contacts', lead.properties, { changeSource: 'FORM' }).id,
    );
    const now = Date.now();
    // Eight creations arrived and wait behind a backlog; two webhooks were lost.
    await store.events.insert(
      ids.slice(0, 8).map((id) => ({
        portalId: PORTAL,
        eventKey: `${PORTAL}:creation:${id}`,
        subscriptionType: 'object.creation',
        objectTypeId: '0-1',
        objectId: Number(id),
        occurredAt: now,
        payload: {
          portalId: PORTAL,
          objectId: Number(id),
          objectTypeId: '0-1',
          subscriptionType: 'object.creation',
        },
      })),
      now,
    );
    const clients = new HubSpotClients({
      auth: { mode: 'static', accessToken: TOKEN, portalId: PORTAL },
      baseUrl: sim.url,
      maxRetries: 0,
    });
    const crm = new HubSpotCrm(await clients.forPortal(PORTAL));
    const report = await reconcileContacts({ store, crm, log: silentLogger }, PORTAL, now + 1_000, {
      initialLookbackMs: 60_000,
      indexLagMs: 0,
    });
    expect(report).toMatchObject({ found: 10, queued: 2 });
    const queued = await store.events.list({ portalId: PORTAL, status: 'queued' });
    expect(
      queued.filter((event) => event.eventKey.startsWith('reconcile:')).map((e) => String(e.objectId)),
    ).toEqual(ids.slice(8));
  });
});
