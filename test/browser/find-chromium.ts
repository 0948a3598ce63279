import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * Debian's chromium for the browser suite: CHROMIUM_PATH if set, else `chromium` (or
 * `chromium-browser`) on PATH. Playwright never downloads a browser here.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.CHROMIUM_PATH
    ? [env.CHROMIUM_PATH]
    : (env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .flatMap((dir) => ['chromium', 'chromium-browser'].map((name) => path.join(dir, name)));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Headless with networking features off: the machine's network is closed, and tests need none. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
