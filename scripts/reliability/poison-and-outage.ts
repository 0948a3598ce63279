import { leadFigures, queueFigures } from './measure';
import { equals, info, zero, type TestResult } from './result';
import { send, signedCall } from './signed-request';
import { CLIENT_SECRET, PORTAL_ID, World } from './world';

const seconds = (since: number) => (Date.now() - since) / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PoisonSize {
  leads: number;
  /** Leads whose contact HubSpot refuses to update (400), spread through the stream. */
  poison: number;
  perSecond: number;
  settleMs: number;
}

/**
 * The queue's timings in the poison and outage tests: 1/60, so each real second stands for a
 * minute of retry delays (the app's own retries inside one HubSpot call are not scaled).
 */
export const MINUTE_PER_SECOND = 1 / 60;

/** Signed deliveries that are not HubSpot webhook batches: each must be refused with a 400. */
const MALFORMED = [
  'not json',
  '[]',
  '{"eventId":1}',
  JSON.stringify([{ eventId: 1, subscriptionType: 'contact.creation', objectId: 5 }]),
  JSON.stringify([
    {
      eventId: -1,
      subscriptionId: 1,
      portalId: PORTAL_ID,
      appId: 1,
      occurredAt: 1,
      subscriptionType: 'contact.creation',
      objectId: 'abc',
      attemptNumber: 0,
    },
  ]),
];

/**
 * Poison: leads whose contact HubSpot refuses to update, and malformed deliveries. Exactly the
 * poison leads end in the dead letters; every other lead is handled as if nothing happened.
 */
export async function poisonEvents(size: PoisonSize): Promise<TestResult> {
  const started = Date.now();
  const world = await World.start({ name: 'poison', queueTimeScale: MINUTE_PER_SECOND });
  try {
    const every = Math.max(1, Math.floor(size.leads / size.poison));
    const poisoned = new Set<string>();
    let malformedAccepted = 0;
    for (const body of MALFORMED) {
      const answer = await send(
        signedCall('POST', `${world.appUrl}/webhooks/hubspot`, body, { secret: CLIENT_SECRET }),
      );
      if (answer.status !== 400) malformedAccepted += 1;
    }
    const ids = await world.streamLeads(size.leads, size.perSecond, {
      onLead: (contactId, index) => {
        if (index % every !== every - 1 || poisoned.size >= size.poison) return;
        // A property validation rule in the portal refuses any update of this contact.
        world.portal.refuseUpdates(
          'contacts',
          [contactId],
          `Property values were not valid for contact ${contactId}`,
        );
        poisoned.add(contactId);
      },
    });
    const others = ids.filter((id) => !poisoned.has(id));
    // Until the queue is empty: every event done or dead-lettered, whatever became of the leads.
    await world.quiet(size.settleMs);
    const figures = await leadFigures(world.portal, world.store, others);
    const dead = await world.store.events.list({ portalId: PORTAL_ID, status: 'dead', limit: 1_000_000 });
    const deadJobs = await world.store.jobs.list({ portalId: PORTAL_ID, status: 'dead', limit: 1_000_000 });
    const deadLeads = new Set([
      ...dead.map((event) => String(event.objectId)),
      ...deadJobs.map((job) => contactOf(job.payload)).filter((id): id is string => id !== null),
    ]);
    const deadPoison = [...deadLeads].filter((id) => poisoned.has(id)).length;
    const deadOthers = [...deadLeads].filter((id) => !poisoned.has(id)).length;
    return {
      test: 'poison events',
      checks: [
        equals('poison leads dead-lettered', deadPoison, poisoned.size),
        zero('other leads dead-lettered', deadOthers),
        zero('other leads lost', figures.lost),
        zero('malformed accepted', malformedAccepted),
      ],
      detail:
        `${poisoned.size} poison leads (HubSpot 400 on update) among ${ids.length}; ${MALFORMED.length} malformed ` +
        `deliveries; ${dead.length} events and ${deadJobs.length} jobs dead-lettered; retries ×${MINUTE_PER_SECOND.toFixed(4)}`,
      seconds: seconds(started),
      counts: { ...figures, poisoned: poisoned.size, deadPoison, deadOthers, malformedAccepted },
    };
  } finally {
    await world.stop();
  }
}

export interface OutageSize {
  leads: number;
  /** Simulated minutes HubSpot is down. */
  outageMinutes: number;
  /** Queue timings ×this: one real second is 1/scale simulated seconds of retry delays. */
  timeScale: number;
  settleMs: number;
}

/**
 * A 30-minute HubSpot outage, compressed: the queue's retry delays and lease run ×timeScale, and
 * HubSpot answers every call 503 for outageMinutes × 60 × timeScale real seconds while a burst of
 * leads arrives. Nothing may be dead-lettered, and every lead is handled once HubSpot is back.
 */
export async function compressedOutage(size: OutageSize): Promise<TestResult> {
  const started = Date.now();
  const world = await World.start({ name: 'outage', queueTimeScale: size.timeScale });
  try {
    const outageMs = size.outageMinutes * 60_000 * size.timeScale;
    world.sim.setOutage(true);
    const down = Date.now();
    const ids = await world.streamLeads(size.leads, 100);
    await sleep(Math.max(0, down + outageMs - Date.now()));
    const events = await world.store.events.list({ portalId: PORTAL_ID, limit: 1_000_000 });
    const jobs = await world.store.jobs.list({ portalId: PORTAL_ID, limit: 1_000_000 });
    const mostAttempts = Math.max(
      0,
      ...events.map((event) => event.attempts),
      ...jobs.map((job) => job.attempts),
    );
    const deadDuring = [...events, ...jobs].filter((item) => item.status === 'dead').length;
    world.sim.setOutage(false);
    const back = Date.now();
    const settled = await world.settle(ids, size.settleMs);
    const handledAfter = (Date.now() - back) / 1000;
    const figures = await leadFigures(world.portal, world.store, ids);
    const queue = await queueFigures(world.store);
    const outageCalls = world.sim.callLog.entries.filter((call) => call.fault === 'outage').length;
    return {
      test: `${size.outageMinutes}-minute HubSpot outage, compressed`,
      checks: [
        zero('dead-lettered', queue.dead),
        zero('lost after', figures.lost),
        info('handled after', `${figures.handled}/${figures.leads}`),
      ],
      detail:
        `${(outageMs / 1000).toFixed(0)} s real = ${size.outageMinutes} min at queue timings ×${size.timeScale.toFixed(4)}; ` +
        `${outageCalls} calls answered 503; by its end up to ${mostAttempts} attempts spent on one event or job, ${deadDuring} dead; ` +
        `all handled ${settled ? `${handledAfter.toFixed(0)} s after` : 'not within the wait'}`,
      seconds: seconds(started),
      counts: { ...figures, dead: queue.dead, outageCalls, mostAttempts },
    };
  } finally {
    await world.stop();
  }
}

/** The contact a job works on (every lead job's payload names it), or null. */
function contactOf(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null || !('contactId' in payload)) return null;
  return String(payload.contactId);
}
