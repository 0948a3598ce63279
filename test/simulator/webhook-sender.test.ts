import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator, type WebhookEvent, type WebhookSubscription } from '../../simulator';
import { verifyV3 } from '../../src/intake/signature';
import { classifyEvent, webhookBatchSchema } from '../../src/intake/events';

const SECRET = 'webhook-secret';
const PORTAL = 7005;

interface Receiver {
  url: string;
  batches: WebhookEvent[][];
  maxInFlight: number;
  /** Status to answer for the n-th request (default 204). */
  answer: (n: number) => number;
  server: Server;
}

async function receiver(answer: (n: number) => number = () => 204, delayMs = 0): Promise<Receiver> {
  const app = express();
  const state = { batches: [] as WebhookEvent[][], maxInFlight: 0, inFlight: 0, n: 0 };
  let url = '';
  app.post('/webhooks', express.raw({ type: '*/*' }), async (req, res) => {
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    // The app's own verifier is the oracle for the simulator's signatures.
    verifyV3(SECRET, {
      method: 'POST',
      uri: url,
      body: req.body as Buffer,
      signature: req.get('x-hubspot-signature-v3'),
      timestamp: req.get('x-hubspot-request-timestamp'),
      now: Date.now(),
    });
    const events = webhookBatchSchema.parse(JSON.parse(String(req.body))) as WebhookEvent[];
    state.batches.push(events);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    state.inFlight -= 1;
    res.status(answer(state.n++)).end();
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  return {
    url,
    server,
    answer,
    get batches() {
      return state.batches;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
  };
}

let sim: Simulator;
let hook: Receiver;
afterEach(async () => {
  await sim.stop();
  await new Promise((resolve) => hook.server.close(resolve));
});

async function start(
  options: Parameters<typeof startSimulator>[0],
  subscriptions: WebhookSubscription[] = [{ subscriptionType: 'object.creation', objectType: 'contact' }],
) {
  sim = await startSimulator({
    ...options,
    portals: [
      {
        portalId: PORTAL,
        accessToken: 'test-token',
        webhooks: { targetUrl: hook.url, clientSecret: SECRET, appId: 77, subscriptions },
      },
    ],
  });
}

const createContacts = (count: number) => {
  for (let n = 0; n < count; n += 1)
    sim.portal(PORTAL).create('contacts', { email: `p${n}@example.org` }, { changeSource: 'FORM' });
};

describe('webhook sender', () => {
  it('sends signed generic object.* events in batches of at most 100, at most 10 in flight', async () => {
    hook = await receiver(() => 204, 30);
    await start({});
    createContacts(2_500);
    await sim.webhooks.idle();
    const events = hook.batches.flat();
    expect(events).toHaveLength(2_500);
    expect(Math.max(...hook.batches.map((batch) => batch.length))).toBe(100);
    expect(hook.maxInFlight).toBeLessThanOrEqual(10);
    expect(hook.maxInFlight).toBeGreaterThan(1);
    expect(events[0]).toMatchObject({
      subscriptionType: 'object.creation',
      objectTypeId: '0-1',
      portalId: PORTAL,
      appId: 77,
      attemptNumber: 0,
      changeFlag: 'CREATED',
      changeSource: 'FORM',
    });
    expect(
      events.every(
        (event) => classifyEvent(event as Parameters<typeof classifyEvent>[0]).kind === 'supported',
      ),
    ).toBe(true);
    expect(new Set(events.map((event) => event.eventId)).size).toBe(2_500);
  });

  it('sends legacy contact.* events and property changes of subscribed properties only', async () => {
    hook = await receiver();
    await start({}, [
      { subscriptionType: 'contact.creation' },
      { subscriptionType: 'contact.propertyChange', propertyName: 'jobtitle' },
    ]);
    const contact = sim.portal(PORTAL).create('contacts', { email: 'legacy@example.org' });
    sim.portal(PORTAL).update('contacts', contact.id, { jobtitle: 'VP Sales', firstname: 'Ann' });
    await sim.webhooks.idle();
    const events = hook.batches.flat();
    expect(events.map((event) => event.subscriptionType).sort()).toEqual([
      'contact.creation',
      'contact.propertyChange',
    ]);
    expect(events.find((event) => event.propertyName)).toMatchObject({
      propertyName: 'jobtitle',
      propertyValue: 'VP Sales',
      objectId: Number(contact.id),
    });
    expect(events[0]?.objectTypeId).toBeUndefined();
  });

  it('retries non-2xx answers with attemptNumber counting up, on a compressed schedule', async () => {
    hook = await receiver((n) => (n < 2 ? 503 : 200));
    await start({ webhooks: { retryScale: 0.0001 } });
    createContacts(1);
    await sim.webhooks.idle();
    expect(hook.batches.map((batch) => batch[0]?.attemptNumber)).toEqual([0, 1, 2]);
    expect(sim.webhooks.deliveries.map((delivery) => delivery.outcome)).toEqual([503, 503, 200]);
  });

  it('treats no answer within the timeout as a failure, and gives up after the last retry', async () => {
    hook = await receiver(() => 200, 300);
    await start({ webhooks: { timeoutMs: 50, retryScale: 0.00001, retryDelaysMs: [1_000, 1_000] } });
    createContacts(1);
    await sim.webhooks.idle();
    expect(sim.webhooks.deliveries.map((delivery) => delivery.outcome)).toEqual([
      'timeout',
      'timeout',
      'timeout',
    ]);
    expect(sim.webhooks.gaveUp).toHaveLength(1);
  });

  it('drops a fraction of events for good when asked', async () => {
    hook = await receiver();
    await start({ seed: 5, webhooks: { dropRate: 0.2 } });
    createContacts(500);
    await sim.webhooks.idle();
    expect(sim.webhooks.dropped.length).toBeGreaterThan(60);
    expect(sim.webhooks.dropped.length).toBeLessThan(140);
    expect(hook.batches.flat().length + sim.webhooks.dropped.length).toBe(500);
  });
});
