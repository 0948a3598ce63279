import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { signedHeaders } from '../../src/intake/signature';
import { BenchWorld, CLIENT_SECRET } from './bench-world';

const RSS_PORTAL = 160_201;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RssFigures {
  queued: number;
  /** The app process's resident memory while the backlog waits, MiB (highest sample). */
  rssMiB: number;
  /** Before the backlog arrived, for comparison. */
  baselineMiB: number;
}

/**
 * The app's memory with a backlog: `events` new-contact events delivered as signed 100-event
 * webhook batches (as HubSpot sends them), then its resident set sampled while it works through them.
 */
export async function rssRun(size: { events: number; sampleMs: number }): Promise<RssFigures> {
  const world = await BenchWorld.start({
    name: 'rss',
    portals: [RSS_PORTAL],
    database: 'sqlite',
    processes: 1,
  });
  try {
    const pid = world.apps[0]?.pid;
    if (pid === undefined) throw new Error('the app process is not running');
    const baselineMiB = rssMiB(pid);
    const url = `${world.appUrl}/webhooks/hubspot`;
    const batches = Math.ceil(size.events / 100);
    let next = 0;
    const post = async (): Promise<void> => {
      for (let batch = next++; batch < batches; batch = next++) {
        const body = JSON.stringify(Array.from({ length: 100 }, (_, i) => newContactEvent(batch * 100 + i)));
        const headers = signedHeaders(CLIENT_SECRET, { method: 'POST', uri: url, body });
        const answer = await fetch(url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', ...headers },
        });
        if (answer.status !== 204 && answer.status !== 200) {
          throw new Error(`webhook batch refused: ${answer.status} ${await answer.text()}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, post));
    let highest = rssMiB(pid);
    const until = Date.now() + size.sampleMs;
    while (Date.now() < until) {
      await sleep(500);
      highest = Math.max(highest, rssMiB(pid));
    }
    return { queued: batches * 100, rssMiB: highest, baselineMiB };
  } finally {
    await world.stop();
  }
}

function newContactEvent(n: number) {
  return {
    eventId: 5_000_000 + n,
    subscriptionId: 25,
    portalId: RSS_PORTAL,
    appId: 4_242_016,
    occurredAt: Date.now(),
    subscriptionType: 'object.creation',
    objectTypeId: '0-1',
    attemptNumber: 0,
    objectId: 80_000_000 + n,
    changeFlag: 'CREATED',
    changeSource: 'IMPORT',
  };
}

/** Resident set of a process, MiB (Linux `/proc`, else `ps`). */
function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    if (Number.isFinite(kib)) return kib / 1024;
  } catch {
    // Not Linux: ask ps.
  }
  return (
    Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
        .toString()
        .trim(),
    ) / 1024
  );
}
