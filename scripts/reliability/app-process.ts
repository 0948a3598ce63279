import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The app as `npm start` runs it, in a process of its own on a loopback port: it can be killed
 * with SIGKILL mid-work like a crashed container, and started again on the same store.
 */
export class AppProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  /** How many times this process was started (the first start included). */
  starts = 0;
  kills = 0;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The app's process id while it runs (the bench reads its memory). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the app and waits until it answers `/readyz` (store reachable, migrations applied). */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) return;
    // tsx as a loader of this node process (not its wrapper CLI), so SIGKILL hits the app itself.
    const log = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.child = child;
    this.starts += 1;
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        if (this.child === child) this.child = null;
        resolve();
      }),
    );
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.child) throw new Error(`the app exited during start-up: ${this.logTail()}`);
      const ready = await fetch(`${this.url}/readyz`)
        .then((response) => response.ok)
        .catch(() => false);
      if (ready) return;
      await sleep(100);
    }
    child.kill('SIGKILL');
    await this.exited;
    throw new Error(`the app was not ready within ${timeoutMs} ms: ${this.logTail()}`);
  }

  /** The end of the app's log, for an error message (the run's folder is removed afterwards). */
  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-3).join(' / ').slice(-600);
    } catch {
      return 'no log';
    }
  }

  /** SIGKILL: no shutdown hook runs, claimed work stays claimed until its lease runs out. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    this.kills += 1;
    await this.exited;
  }

  /** SIGTERM, as a deploy stops it; SIGKILL when it does not exit within `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
