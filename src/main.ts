import { loadConfig } from './config';
import { describeError } from './errors';
import { createLogger } from './log';
import { startHandoff } from './server';

/** `npm start`: configuration from the environment, receiver and workers in this process. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  const running = await startHandoff(config, log);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down: intake stopped, finishing claimed work');
      running
        .stop()
        .then(() => process.exit(0))
        .catch((error) => {
          log.error({ err: describeError(error) }, 'shutdown failed');
          process.exit(1);
        });
    });
  }
}

main().catch((error) => {
  console.error(`Handoff failed to start: ${describeError(error)}`);
  process.exit(1);
});
