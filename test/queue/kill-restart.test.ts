import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/open-store';
import { newEvent } from '../store/store-battery';
import { waitFor } from '../support/wait';

/**
 * A worker killed with SIGKILL in the middle of a batch loses nothing and applies nothing twice: a
 * restarted worker takes the dead one's events once their lease runs out, and because each event's
 * effect is committed in the same transaction as its completion, every event ends with exactly one.
 */

const TSX = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const CHILD = path.resolve(__dirname, '../fixtures/worker-child.ts');
const EVENTS = 200;
const PORTALS = [101, 202, 303];

interface Child {
  process: ChildProcess;
  handled: string[];
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];

function startChild(file: string): Child {
  const child = spawn(TSX, [CHILD], {
    env: { ...process.env, STORE_FILE: file, LEASE_MS: '1500', PER_EVENT_MS: '10', BATCH_SIZE: '20' },
    stdio: ['ignore', 'pipe', 'inherit'],
    // tsx runs the script in a node process of its own; a process group lets SIGKILL reach that one.
    detached: true,
  });
  children.push(child);
  const handled: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('handling ')) handled.push(line.slice('handling '.length));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, handled, exited };
}

function effectCount(file: string): number {
  const db = new Database(file);
  try {
    return (db.prepare('select count(*) as n from test_effects').get() as { n: number }).n;
  } catch {
    return 0; // the child has not created its table yet
  } finally {
    db.close();
  }
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-kill-'));
});
afterAll(() => {
  // A failed assertion must not leave a worker running.
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

it('a worker killed mid-batch is finished by its successor, every effect exactly once', async () => {
  const started = Date.now();
  const file = path.join(dir, 'queue.db');
  const setup = await openStore(`sqlite:${file}`);
  const events = Array.from({ length: EVENTS }, (_, i) =>
    newEvent(`kill-${i}`, PORTALS[i % PORTALS.length]!),
  );
  expect(await setup.events.insert(events, Date.now())).toEqual({ inserted: EVENTS, duplicates: 0 });
  await setup.close();

  const first = startChild(file);
  // Kill once two batches are committed and the third is half handled.
  await waitFor(() => first.handled.length >= 50 && effectCount(file) >= 40, {
    timeoutMs: 15_000,
    what: 'the first worker to be halfway through its third batch',
  });
  process.kill(-first.process.pid!, 'SIGKILL');
  await first.exited;
  const effectsAtKill = effectCount(file);
  expect(effectsAtKill).toBeLessThan(EVENTS);

  const second = startChild(file);
  expect(await second.exited).toBe(0);

  const store = await openStore(`sqlite:${file}`);
  const stored = await store.events.list({ limit: EVENTS * 2 });
  await store.close();
  expect(stored).toHaveLength(EVENTS);
  expect(stored.filter((event) => event.status !== 'done')).toEqual([]);

  const db = new Database(file, { readonly: true });
  const effects = db
    .prepare('select event_key as key, count(*) as n from test_effects group by event_key')
    .all() as {
    key: string;
    n: number;
  }[];
  db.close();
  expect(effects).toHaveLength(EVENTS);
  expect(effects.filter((effect) => effect.n !== 1)).toEqual([]);

  const reattempted = stored.filter((event) => event.attempts > 1);
  const handledTwice = first.handled.filter((key) => second.handled.includes(key));
  expect(reattempted.length).toBeGreaterThan(0);
  expect(handledTwice.length).toBeGreaterThan(0);
  const invocations = first.handled.length + second.handled.length;
  console.log(
    `kill-restart: ${EVENTS} events, ${effectsAtKill} effects at the kill, ${reattempted.length} re-attempted, ` +
      `${handledTwice.length} handled twice, ${invocations} handler invocations, ${Date.now() - started} ms`,
  );
}, 25_000);
