import { seededRandom } from '../../simulator/random';
import { leadFigures, queueFigures } from './measure';
import { info, zero, type TestResult } from './result';
import { PORTAL_ID, World } from './world';

export interface KillLoopSize {
  leads: number;
  perSecond: number;
  kills: number;
  settleMs: number;
}

/**
 * The queue's timings in the kill loops: a killed process's claims come free after the lease, 6 s
 * here instead of 60 s, and retries wait a tenth as long. It shortens the wait, not the work.
 */
export const KILL_LOOP_TIME_SCALE = 0.1;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * kill -9 loop: app processes are SIGKILLed at random moments across a stream of leads and started
 * again on the same store. No lead may be lost, decided twice, given two tasks, or written twice
 * with the same values.
 */
export async function killLoop(
  size: KillLoopSize,
  engine: { label: string; database?: string; processes: number },
): Promise<TestResult> {
  const started = Date.now();
  const world = await World.start({
    name: `kill-${engine.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    database: engine.database,
    processes: engine.processes,
    queueTimeScale: KILL_LOOP_TIME_SCALE,
  });
  const random = seededRandom(engine.processes * 1000 + size.kills);
  try {
    let streaming = true;
    const stream = world.streamLeads(size.leads, size.perSecond).finally(() => (streaming = false));
    let ids: string[] = [];
    // Kills run while leads arrive and while the app still works on them, until there were enough.
    const deadline = Date.now() + size.settleMs;
    let kills = 0;
    const killedAt: number[] = [];
    while (kills < size.kills && Date.now() < deadline) {
      await sleep(300 + random() * 1_500);
      const running = world.apps.filter((app) => app.running);
      const victim = running[Math.floor(random() * running.length)];
      if (!victim) continue;
      killedAt.push(world.portal.now());
      await victim.kill();
      kills += 1;
      await victim.start();
      if (!streaming && (await world.idle())) break;
    }
    ids = await stream;
    const settled = await world.settle(ids, Math.max(10_000, deadline - Date.now()));
    const figures = await leadFigures(world.portal, world.store, ids, killedAt);
    const queue = await queueFigures(world.store);
    const events = await world.store.events.list({ portalId: PORTAL_ID, limit: 1_000_000 });
    const reattempted = events.filter((event) => event.attempts > 1).length;
    return {
      test: `kill -9 loop, ${engine.label}`,
      checks: [
        zero('lost', figures.lost),
        zero('decided twice', figures.decidedTwice),
        zero('tasks twice', figures.tasksTwice),
        zero('rewrites after task failure', figures.rewritesAfterTaskFailure),
        info('kills', kills),
      ],
      detail:
        `${figures.leads} leads, ${engine.processes} process${engine.processes > 1 ? 'es' : ''}; ` +
        `${reattempted} events re-attempted, ${queue.dead} dead-lettered; ${figures.writes} contact writes ` +
        `(${figures.identicalRewrites} identical, after a kill or not), ` +
        `${figures.tasks} tasks for ${figures.leadsWithTasks} leads; lease and retries ×${KILL_LOOP_TIME_SCALE}` +
        (settled ? '' : '; did not settle in time') +
        (kills < size.kills ? `; only ${kills} of ${size.kills} kills before the work ran out` : ''),
      seconds: (Date.now() - started) / 1000,
      counts: { ...figures, kills },
    };
  } finally {
    await world.stop();
  }
}
