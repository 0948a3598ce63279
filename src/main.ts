import { loadConfig, type Config } from './config';
import { loadEnvFile } from './env-file';
import { describeError } from './errors';
import { createLogger } from './log';
import { startHandoff } from './server';
import { explainStartupError } from './startup-errors';

/** `npm start`: configuration from `.env` and the environment, receiver and workers in this process. */
async function main(): Promise<void> {
  let config: Config;
  try {
    loadEnvFile();
    config = loadConfig(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  let running;
  try {
    running = await startHandoff(config, log);
  } catch (error) {
    const line = explainStartupError(error, { port: config.port, databaseUrl: config.databaseUrl });
    console.error(`Handoff cannot start: ${line ?? describeError(error)}`);
    process.exit(1);
  }
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
