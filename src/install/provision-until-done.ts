import { describeError } from '../errors';
import type { Logger } from '../log';

export interface ProvisionLoop {
  /** Resolves once the properties are in place (or the loop was stopped). */
  done: Promise<void>;
  stop(): void;
}

/**
 * Provisions the handoff properties at start-up and keeps trying, with backoff, until HubSpot
 * accepts: without them every write-back is refused, so a passing outage must not leave the app
 * half set up until someone runs `npm run setup`.
 */
export function provisionUntilDone(
  provision: () => Promise<{ created: string[]; conflicts: Array<{ name: string; message: string }> }>,
  log: Logger,
  options: { firstDelayMs?: number; maxDelayMs?: number } = {},
): ProvisionLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });
  const done = (async () => {
    let delay = options.firstDelayMs ?? 1_000;
    for (let attempt = 1; !stopped; attempt += 1) {
      try {
        const report = await provision();
        log.info(
          { created: report.created.length, conflicts: report.conflicts.length },
          'properties checked',
        );
        for (const conflict of report.conflicts) log.warn({ property: conflict.name }, conflict.message);
        return;
      } catch (error) {
        log.error(
          { err: describeError(error), attempt, retryInMs: delay },
          'property setup failed; retrying (`npm run setup` runs it by hand)',
        );
      }
      await pause(delay);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 5 * 60_000);
    }
  })();
  return {
    done,
    stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
    },
  };
}
