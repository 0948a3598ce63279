import { Writable } from 'node:stream';
import { hubspotErrorKind } from '../../src/hubspot/error-kind';
import {
  HubSpotRateLimitError,
  HubSpotUnavailableError,
  hubspotErrorFromResponse,
} from '../../src/hubspot/hubspot-errors';
import { PortalCircuits } from '../../src/hubspot/portal-circuit';
import { createLogger, silentLogger } from '../../src/log';
import { createMetrics, type Metrics } from '../../src/metrics';
import type { EventHandler, EventResult } from '../../src/queue/event-handler';
import { EventWorker, type EventWorkerOptions } from '../../src/queue/event-worker';
import { openStore } from '../../src/store/open-store';
import type { Store, StoredEvent } from '../../src/store/store';
import { newEvent, T0 } from '../store/store-battery';

let store: Store;
let now: number;
let metrics: Metrics;

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  now = T0;
  metrics = createMetrics();
});
afterEach(async () => {
  await store.close();
});

function worker(handler: EventHandler, options: Partial<EventWorkerOptions> = {}): EventWorker {
  return new EventWorker({
    store,
    handler,
    logger: silentLogger,
    metrics,
    owner: 'test-worker',
    backoff: (attempt) => attempt * 1_000,
    now: () => now,
    ...options,
  });
}

/** A handler answering every event with the same outcome, recording what it saw. */
function answering(outcome: EventResult, seen: StoredEvent[][] = []): EventHandler {
  return async (events) => {
    seen.push(events);
    return new Map(events.map((event) => [event.id, outcome]));
  };
}

async function counter(metric: { get(): Promise<{ values: { value: number }[] }> }): Promise<number> {
  return (await metric.get()).values[0]?.value ?? 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function only(): Promise<StoredEvent> {
  const [event] = await store.events.list({});
  return event!;
}

it('hands over one portal per batch and marks successes done', async () => {
  await store.events.insert([newEvent('a1', 1), newEvent('b1', 2), newEvent('a2', 1)], T0);
  const seen: StoredEvent[][] = [];
  expect(await worker(answering({ ok: true }, seen), { batchSize: 10 }).drain()).toBe(3);
  expect(seen.map((batch) => batch.map((event) => event.eventKey))).toEqual([['a1', 'a2'], ['b1']]);
  expect((await store.events.stats(now)).byStatus.done).toBe(3);
  expect(await counter(metrics.eventsProcessed)).toBe(3);
});

it('retries a retryable failure after the backoff, keeping the error', async () => {
  await store.events.insert([newEvent('e1', 1)], T0);
  const events = worker(answering({ ok: false, error: 'HubSpot 502', retryable: true }));
  await events.runOnce();
  expect(await only()).toMatchObject({
    status: 'queued',
    attempts: 1,
    availableAt: T0 + 1_000,
    lastError: 'HubSpot 502',
  });
  now = T0 + 999;
  expect(await events.runOnce()).toBe(0);
  now = T0 + 1_000;
  expect(await events.runOnce()).toBe(1);
  expect(await only()).toMatchObject({ status: 'queued', attempts: 2, availableAt: T0 + 3_000 });
  expect(await counter(metrics.eventsFailed)).toBe(2);
});

it("waits as long as HubSpot's Retry-After says", async () => {
  await store.events.insert([newEvent('e1', 1)], T0);
  await worker(answering({ ok: false, error: '429', retryable: true, retryAfterMs: 10_000 })).runOnce();
  expect((await only()).availableAt).toBe(T0 + 10_000);
});

it('dead-letters after maxAttempts with the last error', async () => {
  await store.events.insert([newEvent('e1', 1)], T0);
  let calls = 0;
  const failing: EventHandler = async (events) => {
    calls += 1;
    return new Map(
      events.map((event) => [event.id, { ok: false, error: `timeout #${calls}`, retryable: true }]),
    );
  };
  const events = worker(failing, { maxAttempts: 3 });
  for (let i = 0; i < 5; i += 1) {
    await events.runOnce();
    now += 60_000;
  }
  expect(calls).toBe(3);
  expect(await only()).toMatchObject({ status: 'dead', attempts: 3, lastError: 'timeout #3' });
  expect(await counter(metrics.eventsDeadLettered)).toBe(1);
});

it('dead-letters a non-retryable failure at once', async () => {
  await store.events.insert([newEvent('e1', 1)], T0);
  await worker(
    answering({ ok: false, error: 'property handoff_status missing', retryable: false }),
  ).runOnce();
  expect(await only()).toMatchObject({
    status: 'dead',
    attempts: 1,
    lastError: 'property handoff_status missing',
  });
});

it('retries events the handler gave no outcome for, and a whole batch when it throws', async () => {
  await store.events.insert([newEvent('a', 1), newEvent('b', 1)], T0);
  const partial: EventHandler = async (events) => new Map([[events[0]!.id, { ok: true }]]);
  await worker(partial).runOnce();
  expect((await store.events.list({})).map((event) => [event.status, event.lastError])).toEqual([
    ['done', null],
    ['queued', 'handler gave no outcome'],
  ]);
  now += 10_000;
  await worker(async () => {
    throw new Error('contacts batch read failed');
  }).runOnce();
  expect((await store.events.list({ status: 'queued' }))[0]).toMatchObject({
    attempts: 2,
    lastError: 'Error: contacts batch read failed',
  });
});

describe('commit', () => {
  const portal = { status: 'installed', accessTokenCipher: null, refreshTokenCipher: null } as const;
  const portalRecord = { ...portal, accessTokenExpiresAt: null, scopes: [], installedAt: T0, updatedAt: T0 };

  it('lands in the same transaction as the completion', async () => {
    await store.events.insert([newEvent('e1', 1)], T0);
    const commit = async (tx: Store) => tx.portals.upsert({ portalId: 77, ...portalRecord });
    await worker(answering({ ok: true, commit })).runOnce();
    expect(await only()).toMatchObject({ status: 'done' });
    expect(await store.portals.get(77)).not.toBeNull();
  });

  it('rolls back its writes and leaves the event to retry when it throws', async () => {
    await store.events.insert([newEvent('e1', 1)], T0);
    const commit = async (tx: Store) => {
      await tx.portals.upsert({ portalId: 77, ...portalRecord });
      throw new Error('round-robin row changed');
    };
    await worker(answering({ ok: true, commit })).runOnce();
    expect(await only()).toMatchObject({
      status: 'queued',
      lastError: 'commit failed: Error: round-robin row changed',
    });
    expect(await store.portals.get(77)).toBeNull();
  });

  it('rolls back its writes when the lease went to another worker meanwhile', async () => {
    await store.events.insert([newEvent('e1', 1)], T0);
    const commit = async (tx: Store) => tx.portals.upsert({ portalId: 77, ...portalRecord });
    const slow: EventHandler = async (events) => {
      // The lease runs out while the handler works, and another worker claims the event.
      expect(
        await store.events.claim({ owner: 'thief', limit: 10, leaseMs: 1_000, now: T0 + 5_000 }),
      ).toHaveLength(1);
      return new Map(events.map((event) => [event.id, { ok: true, commit }]));
    };
    await worker(slow, { leaseMs: 1_000 }).runOnce();
    expect(await only()).toMatchObject({ status: 'processing', leaseOwner: 'thief' });
    expect(await store.portals.get(77)).toBeNull();
    expect(await counter(metrics.eventsProcessed)).toBe(0);
  });
});

it('logs each event with its portal, HubSpot event id and object', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  await store.events.insert([newEvent('e1', 1, { objectId: 501, payload: { eventId: 9001 } })], T0);
  await worker(answering({ ok: false, error: 'bad', retryable: true }), {
    logger: createLogger('info', sink),
  }).runOnce();
  expect(lines.find((line) => line.msg === 'event failed; it will be retried')).toMatchObject({
    portalId: 1,
    eventId: 9001,
    objectId: 501,
    error: 'bad',
  });
});

describe('running', () => {
  it('wakes on notify() and processes new events without waiting for the poll interval', async () => {
    const seen: StoredEvent[][] = [];
    const events = worker(answering({ ok: true }, seen), { pollIntervalMs: 60_000 });
    events.start();
    await sleep(20);
    await store.events.insert([newEvent('late', 1)], T0);
    events.notify();
    for (let waited = 0; seen.length === 0 && waited < 2_000; waited += 5) await sleep(5);
    await events.stop();
    expect(seen.flat().map((event) => event.eventKey)).toEqual(['late']);
    expect(await only()).toMatchObject({ status: 'done' });
  });

  it('stop() releases the batch it could not finish within the deadline', async () => {
    await store.events.insert([newEvent('a', 1), newEvent('b', 1)], T0);
    let handlerStarted!: () => void;
    const started = new Promise<void>((resolve) => (handlerStarted = resolve));
    let finishHandler!: () => void;
    const stuck: EventHandler = async (events) => {
      handlerStarted();
      await new Promise<void>((resolve) => (finishHandler = resolve));
      return new Map(events.map((event) => [event.id, { ok: true }]));
    };
    const events = worker(stuck, { pollIntervalMs: 5 });
    events.start();
    await started;
    await events.stop({ timeoutMs: 20 });
    expect((await store.events.list({})).map((event) => [event.status, event.attempts])).toEqual([
      ['queued', 0],
      ['queued', 0],
    ]);
    // The late handler's results are discarded: the events are no longer this worker's.
    finishHandler();
    await sleep(20);
    expect((await store.events.stats(now)).byStatus.queued).toBe(2);
  });

  it('holds a part-full batch of new contacts for the next delivery and decides them together', async () => {
    const seen: StoredEvent[][] = [];
    let batches = 0;
    const events = worker(answering({ ok: true }, seen), {
      lingerMs: 5_000,
      pollIntervalMs: 60_000,
      afterBatch: () => (batches += 1),
    });
    const contacts = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => newEvent(`c${from + i}`, 1, { objectId: from + i }));
    await store.events.insert(contacts(0, 30), T0);
    events.start();
    await sleep(30);
    await store.events.insert(contacts(30, 70), T0);
    events.notify();
    for (let waited = 0; seen.length === 0 && waited < 4_000; waited += 5) await sleep(5);
    await events.stop();
    // One decision batch of 100, not 30 then 70; the write-back lane was woken once for it.
    expect(seen.map((batch) => batch.length)).toEqual([100]);
    expect(batches).toBe(1);
  });

  it('never holds a full batch, nor property changes, for more to arrive', async () => {
    const seen: StoredEvent[][] = [];
    const events = worker(answering({ ok: true }, seen), { lingerMs: 60_000, batchSize: 2 });
    const change = { subscriptionType: 'object.propertyChange', payload: { propertyName: 'email' } };
    await store.events.insert(
      [
        newEvent('c1', 1, { objectId: 1 }),
        newEvent('c2', 1, { objectId: 2 }),
        newEvent('x9', 1, { ...change, objectId: 9, occurredAt: T0 + 1 }),
      ],
      T0,
    );
    events.start();
    for (let waited = 0; seen.length < 2 && waited < 4_000; waited += 5) await sleep(5);
    await events.stop();
    expect(seen.map((batch) => batch.map((event) => event.eventKey))).toEqual([['c1', 'c2'], ['x9']]);
  });

  it('refreshes the queue gauges', async () => {
    await store.events.insert([newEvent('a', 1), newEvent('b', 1)], T0 - 3_000);
    await worker(answering({ ok: true })).updateQueueGauges();
    expect(await counter(metrics.queueDepth)).toBe(2);
    expect(await counter(metrics.queueOldestAgeSeconds)).toBe(3);
  });
});

describe('errors by kind, and the per-portal circuit', () => {
  const unavailable = () =>
    new HubSpotUnavailableError({
      portalId: 1,
      endpoint: 'objects.batch.read',
      cause: 'HTTP 503',
      attempts: 1,
    });

  it('dead-letters nothing while HubSpot is down for hours, spends few attempts, and resumes by itself', async () => {
    await store.events.insert([newEvent('a1', 1), newEvent('a2', 1), newEvent('b1', 2)], T0);
    let down = true;
    let calls = 0;
    const handler: EventHandler = async (events) => {
      calls += 1;
      if (down && events[0]?.portalId === 1) throw unavailable();
      return new Map(events.map((event) => [event.id, { ok: true }]));
    };
    const events = worker(handler, {
      classify: hubspotErrorKind,
      gate: new PortalCircuits({ threshold: 3, openMs: 30_000, now: () => now }),
      maxAttempts: 8,
    });
    for (let minute = 0; minute < 6 * 60; minute += 1) {
      await events.drain();
      now += 60_000;
    }
    const byKey = new Map((await store.events.list({})).map((event) => [event.eventKey, event]));
    // The other portal is not held up by the outage of portal 1.
    expect(byKey.get('b1')?.status).toBe('done');
    expect(byKey.get('a1')).toMatchObject({ status: 'queued' });
    expect(byKey.get('a1')?.attempts).toBeLessThan(8);
    // An open circuit probes at most every 10 minutes (its bound), not once per event per minute.
    expect(calls).toBeLessThan(60);

    down = false;
    now += 11 * 60_000;
    await events.drain();
    expect((await store.events.stats(now)).byStatus).toMatchObject({ done: 3, dead: 0 });
  });

  it('dead-letters a refusal at once, keeping HubSpot’s message', async () => {
    await store.events.insert([newEvent('e1', 1)], T0);
    const refusal = hubspotErrorFromResponse(
      400,
      { status: 'error', message: 'Property values were not valid', correlationId: 'corr-9' },
      { portalId: 1, endpoint: 'objects.batch.update' },
    );
    await worker(answering({ ok: false, cause: refusal }), { classify: hubspotErrorKind }).runOnce();
    expect(await only()).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: expect.stringMatching(/Property values were not valid.*corr-9/),
    });
  });

  it('waits out a rate limit without counting the attempt', async () => {
    await store.events.insert([newEvent('e1', 1)], T0);
    const limited = new HubSpotRateLimitError({
      portalId: 1,
      endpoint: 'objects.batch.read',
      retryAfterMs: 10_000,
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    await worker(answering({ ok: false, cause: limited }), { classify: hubspotErrorKind }).runOnce();
    expect(await only()).toMatchObject({ status: 'queued', attempts: 0, availableAt: T0 + 10_000 });
  });
});
