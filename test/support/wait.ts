import { createServer } from 'node:net';

export interface WaitOptions {
  timeoutMs?: number;
  pollMs?: number;
  /** Names the condition in the timeout error. */
  what?: string;
  /** Count a check that throws (a server not listening yet) as not met, instead of failing. */
  retryOnError?: boolean;
}

/** Polls `check` until it holds; fails the test with a named error when it does not in time. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  options: WaitOptions = {},
): Promise<void> {
  const until = Date.now() + (options.timeoutMs ?? 5_000);
  const holds = async () => {
    if (!options.retryOnError) return check();
    return Promise.resolve()
      .then(check)
      .catch(() => false);
  };
  while (!(await holds())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${options.what ?? 'a condition'}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 20));
  }
}

/** A loopback port nothing listens on right now (for apps that must know their URL before starting). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
