import { busiestWindow, leadFigures, perLead, queueFigures } from './measure';
import { atMost, equals, zero, type TestResult } from './result';
import { PORTAL_ID, World } from './world';

export interface StreamSize {
  leads: number;
  /** New contacts per second. */
  perSecond: number;
  /** Longest wait for the app to finish after the stream (what is unfinished then counts as lost). */
  settleMs: number;
}

/** Streams leads into a world and waits for the app to finish with them. */
async function streamAndSettle(world: World, size: StreamSize) {
  const ids = await world.streamLeads(size.leads, size.perSecond);
  const settled = await world.settle(ids, size.settleMs);
  return { ids, settled };
}

const seconds = (since: number) => (Date.now() - since) / 1000;
/** Queue and client retry delays in the faults test (QUEUE_TIME_SCALE). */
const FAULTS_TIME_SCALE = 0.1;

/**
 * Duplicate storm: every webhook delivery is sent 2 to 5 times at once. Each event must be stored
 * once, each lead decided once, its contact written once and given one task.
 */
export async function duplicateStorm(size: StreamSize): Promise<TestResult> {
  const started = Date.now();
  const world = await World.start({ name: 'storm', webhookCopies: [2, 5] });
  try {
    const { ids, settled } = await streamAndSettle(world, size);
    const figures = await leadFigures(world.portal, world.store, ids);
    const stored = (await world.store.events.list({ portalId: PORTAL_ID, limit: 1_000_000 })).filter(
      (event) => !event.subscriptionType.startsWith('handoff.'),
    ).length;
    const distinct = world.sim.webhooks.queued;
    const received = world.sim.webhooks.deliveries.reduce((sum, delivery) => sum + delivery.events, 0);
    return {
      test: 'duplicate storm (each delivery 2-5×)',
      checks: [
        equals('events stored − distinct', stored - distinct, 0),
        equals('decisions − leads', figures.decisions - figures.leads, 0),
        equals('contact writes − leads', figures.writes - figures.leads, 0),
        zero('tasks twice', figures.tasksTwice),
        zero('lost', figures.lost),
      ],
      detail:
        `${figures.leads} leads; ${received} events received, ${distinct} distinct, ${stored} stored; ` +
        `${figures.decisions} decisions, ${figures.writes} contact writes, tasks per lead ${perLead(figures)}` +
        (settled ? '' : '; did not settle in time'),
      seconds: seconds(started),
      counts: { ...figures },
    };
  } finally {
    await world.stop();
  }
}

/**
 * Lost answers: HubSpot applies 30% of creates but the app never hears back (502, timeout or
 * reset). Each lead must still get exactly one task.
 */
export async function lostAnswers(size: StreamSize): Promise<TestResult> {
  const started = Date.now();
  const world = await World.start({ name: 'lost-answers' });
  try {
    world.sim.setFaults({ lostCreates: 0.3, hangMs: 15_000 });
    const { ids, settled } = await streamAndSettle(world, size);
    const figures = await leadFigures(world.portal, world.store, ids);
    const lostCalls = world.sim.callLog.entries.filter((call) => call.fault?.startsWith('lost-')).length;
    const creates = world.sim.callLog.entries.filter((call) =>
      call.endpoint.startsWith('POST /crm/v3/objects/tasks'),
    ).length;
    const queue = await queueFigures(world.store);
    return {
      test: 'lost answers on 30% of creates',
      checks: [
        equals('tasks per lead', perLead(figures), '1.00'),
        zero('tasks twice', figures.tasksTwice),
        zero('lost', figures.lost),
      ],
      detail:
        `${figures.leads} leads, ${figures.leadsWithTasks} with a task, ${figures.tasks} tasks; ` +
        `${lostCalls} of ${creates} task creates answered 502/timeout/reset after being applied; ${queue.dead} dead-lettered` +
        (settled ? '' : '; did not settle in time'),
      seconds: seconds(started),
      counts: { ...figures },
    };
  } finally {
    await world.stop();
  }
}

/**
 * 20% faults (500, 502, hang) on every HubSpot call with HubSpot's rate limits on: nothing is lost,
 * and the app never asks more than HubSpot's 110 calls in any 10 seconds. Retry delays run at a
 * tenth (QUEUE_TIME_SCALE), so the run is bounded; retrying sooner only adds pressure on the limit.
 */
export async function faultsWithRateLimits(size: StreamSize): Promise<TestResult> {
  const started = Date.now();
  const world = await World.start({ name: 'faults', rateLimits: true, queueTimeScale: FAULTS_TIME_SCALE });
  try {
    world.sim.setFaults({ error500: 0.2 / 3, error502: 0.2 / 3, hang: 0.2 / 3, hangMs: 15_000 });
    const { ids, settled } = await streamAndSettle(world, size);
    const figures = await leadFigures(world.portal, world.store, ids);
    const calls = world.sim.callLog.entries;
    const limited = calls.filter((call) => call.status === 429).length;
    const faults = calls.filter((call) => call.fault).length;
    const queue = await queueFigures(world.store);
    return {
      test: '20% faults, rate limits on',
      checks: [
        zero('lost', figures.lost),
        atMost('busiest 10 s', busiestWindow(calls, PORTAL_ID), 110),
        zero('rewrites after task failure', figures.rewritesAfterTaskFailure),
        zero('tasks twice', figures.tasksTwice),
      ],
      detail:
        `${figures.leads} leads; ${calls.length} HubSpot calls, ${faults} faulted, ${limited} answered 429; ` +
        `${queue.dead} dead-lettered; ${figures.identicalRewrites} identical contact rewrites; retries ×${FAULTS_TIME_SCALE}` +
        (settled ? '' : '; did not settle in time'),
      seconds: seconds(started),
      counts: { ...figures },
    };
  } finally {
    await world.stop();
  }
}
