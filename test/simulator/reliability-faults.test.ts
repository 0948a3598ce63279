import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator } from '../../simulator';
import { simClient } from './sim-client';

/**
 * The fault modes the reliability suite needs: creates HubSpot applies but whose answer is lost,
 * an outage switch, updates HubSpot refuses (poison), and webhook deliveries sent several times.
 */

const PORTAL = 7101;
let sim: Simulator;

beforeEach(async () => {
  sim = await startSimulator({
    searchLagMs: 0,
    rateLimits: false,
    portals: [{ portalId: PORTAL, accessToken: 'test-token' }],
  });
});
afterEach(() => sim.stop());

const taskInput = (subject: string) => ({
  properties: { hs_timestamp: '2026-11-30T12:00:00.000Z', hs_task_subject: subject },
});

describe('lost answers on creates', () => {
  it('applies every create but answers each with a 502, a timeout or a reset, as chosen', async () => {
    sim.setFaults({ lostCreates: 1, lostAs: ['error502'], hangMs: 100 });
    const lost = await fetch(`${sim.url}/crm/v3/objects/tasks/batch/create`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [taskInput('a'), taskInput('b')] }),
    });
    expect(lost.status).toBe(502);
    // HubSpot applied it: both tasks exist (read and checked against the OpenAPI file).
    const listed = await simClient(sim.url)('GET', '/crm/v3/objects/tasks?properties=hs_task_subject');
    expect(
      listed.body.results
        .map((task: { properties: { hs_task_subject: string } }) => task.properties.hs_task_subject)
        .sort(),
    ).toEqual(['a', 'b']);

    sim.setFaults({ lostCreates: 1, lostAs: ['reset'] });
    const reset = await fetch(`${sim.url}/crm/v3/objects/tasks`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
      body: JSON.stringify(taskInput('c')),
    }).catch((error: Error) => error.name);
    expect(reset).toBe('TypeError');

    sim.setFaults({ lostCreates: 1, lostAs: ['timeout'], hangMs: 60_000 });
    const timedOut = await fetch(`${sim.url}/crm/v3/objects/tasks`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
      body: JSON.stringify(taskInput('d')),
      signal: AbortSignal.timeout(200),
    }).catch((error: Error) => error.name);
    expect(timedOut).toBe('TimeoutError');
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(sim.portal(PORTAL).stores.tasks.live()).toHaveLength(4);
    expect(sim.callLog.entries.filter((entry) => entry.fault).map((entry) => entry.fault)).toEqual([
      'lost-error502',
      'lost-reset',
      'lost-timeout',
    ]);
  });

  it('loses no answer of a read, an update or a refused create', async () => {
    sim.setFaults({ lostCreates: 1 });
    const call = simClient(sim.url);
    const contact = sim.portal(PORTAL).create('contacts', { email: 'ada@example.com' });
    expect((await call('GET', `/crm/v3/objects/contacts/${contact.id}`)).status).toBe(200);
    expect(
      (
        await call('POST', '/crm/v3/objects/contacts/batch/update', {
          inputs: [{ id: contact.id, properties: { firstname: 'Ada' } }],
        })
      ).status,
    ).toBe(200);
    const refused = await call('POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [{ properties: { email: 'ada@example.com' }, associations: [] }],
    });
    expect(refused.status).toBe(409);
    expect(sim.callLog.entries.filter((entry) => entry.fault)).toEqual([]);
  });

  it('loses exactly the chosen share of creates', async () => {
    sim.setFaults({ lostCreates: 0.3, lostAs: ['error502'] });
    let lost = 0;
    for (let n = 0; n < 200; n += 1) {
      const answer = await fetch(`${sim.url}/crm/v3/objects/tasks`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
        body: JSON.stringify(taskInput(`t${n}`)),
      });
      await answer.arrayBuffer();
      if (answer.status === 502) lost += 1;
    }
    expect(sim.portal(PORTAL).stores.tasks.live()).toHaveLength(200);
    expect(lost).toBe(60);
  });
});

describe('outage switch', () => {
  it('answers every API call 503 while down and applies nothing, then serves again', async () => {
    const call = simClient(sim.url);
    sim.setOutage(true);
    const down = await call(
      'POST',
      '/crm/v3/objects/tasks/batch/create',
      { inputs: [{ ...taskInput('x'), associations: [] }] },
      { unchecked: 'response' },
    );
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'error', category: 'SERVICE_UNAVAILABLE' });
    expect(sim.portal(PORTAL).stores.tasks.live()).toHaveLength(0);
    sim.setOutage(false);
    expect((await call('GET', '/crm/v3/owners')).status).toBe(200);
    expect(sim.callLog.entries.map((entry) => [entry.status, entry.fault])).toEqual([
      [503, 'outage'],
      [200, undefined],
    ]);
  });
});

describe('refused updates (poison) and the write journal', () => {
  it('refuses a batch holding a refused contact with HubSpot 400, and journals every update sent', async () => {
    const call = simClient(sim.url);
    const portal = sim.portal(PORTAL);
    const good = portal.create('contacts', { email: 'good@example.com' });
    const bad = portal.create('contacts', { email: 'bad@example.com' });
    portal.refuseUpdates('contacts', [bad.id], 'Property values were not valid: handoff_status');
    const refused = await call('POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [
        { id: good.id, properties: { firstname: 'Good' } },
        { id: bad.id, properties: { firstname: 'Bad' } },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ category: 'VALIDATION_ERROR', context: { id: [bad.id] } });
    expect(portal.get('contacts', good.id)?.properties.firstname).toBeUndefined();

    // The same values twice: HubSpot changes nothing the second time, the journal still has both.
    for (let n = 0; n < 2; n += 1) {
      await call('POST', '/crm/v3/objects/contacts/batch/update', {
        inputs: [{ id: good.id, properties: { firstname: 'Good' } }],
      });
    }
    expect(portal.writes.map((write) => [write.id, write.properties])).toEqual([
      [good.id, { firstname: 'Good' }],
      [good.id, { firstname: 'Good' }],
    ]);
  });
});

describe('duplicate deliveries', () => {
  let server: Server;
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('sends each delivery between min and max times, at once', async () => {
    const seen: number[] = [];
    const app = express();
    app.post('/hook', express.json(), (req, res) => {
      for (const event of req.body as Array<{ eventId: number }>) seen.push(event.eventId);
      res.status(204).end();
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    sim.webhooks.options.copies = [2, 5];
    sim.setWebhookTarget(PORTAL, {
      targetUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      clientSecret: 'secret',
      appId: 1,
      subscriptions: [{ subscriptionType: 'object.creation', objectType: 'contact' }],
    });
    for (let n = 0; n < 30; n += 1) sim.portal(PORTAL).create('contacts', { email: `p${n}@example.com` });
    await sim.webhooks.idle();
    const copies = new Map<number, number>();
    for (const id of seen) copies.set(id, (copies.get(id) ?? 0) + 1);
    expect(copies.size).toBe(30);
    expect(Math.min(...copies.values())).toBeGreaterThanOrEqual(2);
    expect(Math.max(...copies.values())).toBeLessThanOrEqual(5);
    expect(sim.webhooks.queued).toBe(30);
    expect(sim.webhooks.delivered).toBe(30);
  });
});
