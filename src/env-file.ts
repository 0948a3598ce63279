import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Reads `.env` from the working folder with Node's own loader, as `npm start` and the CLIs do.
 * Variables already in the environment win, so a deployment's settings are never overridden by a
 * forgotten file. Returns the file read, if any.
 */
export function loadEnvFile(folder = process.cwd()): string | undefined {
  const file = resolve(folder, '.env');
  if (!existsSync(file)) return undefined;
  process.loadEnvFile(file);
  return file;
}
