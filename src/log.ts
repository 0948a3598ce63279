import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Anything that could hold a secret is redacted by path, so a careless
 * `log.info({ headers })` still prints no token or signature.
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'handoff' },
      redact: {
        paths: [
          '*.authorization',
          '*.Authorization',
          'headers.authorization',
          'headers["x-hubspot-signature-v3"]',
          'headers["x-hubspot-signature"]',
          '*.access_token',
          '*.refresh_token',
          '*.accessToken',
          '*.refreshToken',
          'accessToken',
          'refreshToken',
          '*.client_secret',
          '*.clientSecret',
          'clientSecret',
          '*.code',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** A logger that writes nothing, for tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
