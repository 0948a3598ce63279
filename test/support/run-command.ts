import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

/** Only what a shell user would have: none of the test process's own HubSpot or database settings. */
export function bareEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...vars };
}

/** Starts one of the repo's entry points (`src/main.ts`, `src/cli/setup.ts`…) as `npm run` would. */
export function startScript(
  script: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): ChildProcess {
  return spawn(TSX, [join(REPO, script), ...args], {
    cwd: options.cwd ?? REPO,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a script to its end and returns its exit status and output. */
export async function runScript(
  script: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startScript(script, args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}
