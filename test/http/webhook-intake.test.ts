import { signedHeaders } from '../../src/intake/signature';
import { CLIENT_SECRET, startHarness, type Harness } from '../support/app-harness';
import {
  PORTAL_ID,
  contactCreation,
  contactDeletion,
  contactMerge,
  contactPropertyChange,
  objectCreation,
} from '../fixtures/webhook-events';

interface ErrorBody {
  error: { code: string; message: string };
}

async function errorOf(res: Response): Promise<ErrorBody['error']> {
  return ((await res.json()) as ErrorBody).error;
}

describe('POST /webhooks/hubspot', () => {
  let harness: Harness;
  afterEach(async () => harness.close());

  async function storedEvents() {
    return harness.store.events.list({ limit: 1000 });
  }

  it('stores a signed batch of legacy and generic events and answers 200 with counts', async () => {
    harness = await startHarness();
    const batch = [
      contactCreation(501),
      objectCreation(502),
      contactPropertyChange(501, 'jobtitle', 'VP Sales'),
      contactMerge(503, [504]),
      contactDeletion(505),
      objectCreation(9001, { objectTypeId: '0-3', subscriptionType: 'object.creation' }),
    ];
    const res = await harness.post('/webhooks/hubspot', JSON.stringify(batch));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 6, stored: 6, duplicates: 0, ignored: 0 });
    const events = await storedEvents();
    expect(events.map((event) => [event.subscriptionType, event.objectTypeId, event.objectId])).toEqual(
      expect.arrayContaining([
        ['contact.creation', '0-1', 501],
        ['object.creation', '0-1', 502],
        ['contact.propertyChange', '0-1', 501],
        ['contact.merge', '0-1', 503],
        ['contact.deletion', '0-1', 505],
        ['object.creation', '0-3', 9001],
      ]),
    );
    expect(events.every((event) => event.status === 'queued' && event.portalId === PORTAL_ID)).toBe(true);
    expect(harness.storedNotifications).toBe(1);
  });

  it('stores the same batch delivered twice once', async () => {
    harness = await startHarness();
    const body = JSON.stringify([contactCreation(601), contactCreation(602)]);
    const first = await harness.post('/webhooks/hubspot', body);
    const again = await harness.post('/webhooks/hubspot', body);
    expect(await first.json()).toMatchObject({ stored: 2, duplicates: 0 });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ stored: 0, duplicates: 2 });
    expect(await storedEvents()).toHaveLength(2);
  });

  it('answers 401 and stores nothing for a missing, wrong or stale signature', async () => {
    harness = await startHarness();
    const body = JSON.stringify([contactCreation(701)]);
    const unsigned = await harness.post('/webhooks/hubspot', body, { sign: false });
    const wrongSecret = await harness.post('/webhooks/hubspot', body, { secret: 'not-the-secret' });
    const stale = await harness.post('/webhooks/hubspot', body, { timestamp: Date.now() - 301_000 });
    const future = await harness.post('/webhooks/hubspot', body, { timestamp: Date.now() + 301_000 });
    expect([unsigned.status, wrongSecret.status, stale.status, future.status]).toEqual([401, 401, 401, 401]);
    expect(await errorOf(wrongSecret)).toMatchObject({
      code: 'signature_invalid',
      message: expect.stringContaining('HUBSPOT_CLIENT_SECRET'),
    });
    expect((await errorOf(stale)).code).toBe('signature_stale');
    expect(await storedEvents()).toHaveLength(0);
  });

  it('answers 400 naming the problem for a signed but malformed body, and stays healthy', async () => {
    harness = await startHarness();
    const notJson = await harness.post('/webhooks/hubspot', '{"eventId": 1,');
    expect(notJson.status).toBe(400);
    expect(await errorOf(notJson)).toMatchObject({
      code: 'body_invalid',
      message: expect.stringContaining('JSON'),
    });

    const missingPortal = await harness.post(
      '/webhooks/hubspot',
      JSON.stringify([{ ...contactCreation(1), portalId: 'x' }]),
    );
    expect(missingPortal.status).toBe(400);
    expect((await errorOf(missingPortal)).message).toContain('event[0].portalId');

    const notArray = await harness.post('/webhooks/hubspot', JSON.stringify(contactCreation(1)));
    expect(notArray.status).toBe(400);

    expect(await storedEvents()).toHaveLength(0);
    const health = await fetch(`${harness.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const ok = await harness.post('/webhooks/hubspot', JSON.stringify([contactCreation(801)]));
    expect(ok.status).toBe(200);
  });

  it('answers 413 for a body over the cap and stores nothing', async () => {
    harness = await startHarness();
    const huge = JSON.stringify([contactCreation(1, { padding: 'x'.repeat(600 * 1024) })]);
    const res = await harness.post('/webhooks/hubspot', huge);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('body_too_large');
    expect(await storedEvents()).toHaveLength(0);
  });

  it('acknowledges events of a portal Handoff is not installed in without storing them', async () => {
    harness = await startHarness({ isPortalActive: async (portalId) => portalId === PORTAL_ID });
    const res = await harness.post(
      '/webhooks/hubspot',
      JSON.stringify([contactCreation(901), contactCreation(902, { portalId: 999 })]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 2, stored: 1, duplicates: 0, ignored: 1 });
    expect((await storedEvents()).map((event) => event.portalId)).toEqual([PORTAL_ID]);
  });

  it('acknowledges subscription types Handoff does not use (so HubSpot does not retry) without storing them', async () => {
    harness = await startHarness();
    const res = await harness.post(
      '/webhooks/hubspot',
      JSON.stringify([contactCreation(1001, { subscriptionType: 'ticket.creation' })]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 0, ignored: 1 });
  });

  it('rebuilds the signed URI from APP_BASE_URL, so a proxy in front changes nothing', async () => {
    harness = await startHarness({ appBaseUrl: 'https://handoff.example.com' });
    const body = JSON.stringify([contactCreation(1101)]);
    const send = (signedUri: string) =>
      fetch(`${harness.baseUrl}/webhooks/hubspot`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...signedHeaders(CLIENT_SECRET, { method: 'POST', uri: signedUri, body }),
        },
        body,
      });
    // HubSpot signs the public URL; the app sees a loopback Host behind the proxy.
    expect((await send('https://handoff.example.com/webhooks/hubspot')).status).toBe(200);
    expect((await send(`${harness.baseUrl}/webhooks/hubspot`)).status).toBe(401);
  });
});

describe('POST /webhooks/hubspot with one unstorable event in a batch', () => {
  let harness: Harness;
  afterEach(async () => harness.close());

  it.each([
    ['an objectId beyond what a bigint holds', { objectId: 1e20 }, 'objectId'],
    ['an eventId beyond what a bigint holds', { eventId: 2 ** 64 }, 'eventId'],
    ['an occurredAt beyond what a bigint holds', { occurredAt: 9.3e18 }, 'occurredAt'],
  ])('stores the valid events, rejects the one with %s, and answers 200', async (_name, bad, field) => {
    harness = await startHarness();
    const batch = [contactCreation(901), { ...contactCreation(902), ...bad }, contactCreation(903)];
    const res = await harness.post('/webhooks/hubspot', JSON.stringify(batch));
    // 200: HubSpot redelivers a failed delivery for days; the bad event will never become storable.
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { stored: number; ignored: number; rejected: string[] };
    expect(answer).toMatchObject({ received: 3, stored: 2, ignored: 1 });
    expect(answer.rejected).toEqual([expect.stringContaining(`event[1].${field}`)]);
    const stored = await harness.store.events.list({ limit: 10 });
    expect(stored.map((event) => event.objectId).sort()).toEqual([901, 903]);
  });
});
