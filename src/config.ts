import { z } from 'zod';
import { HandoffError } from './errors';

/** What both modes read. */
interface CommonConfig {
  port: number;
  /** Interface to listen on (HOST); all interfaces when unset. */
  host: string | undefined;
  appBaseUrl: string;
  databaseUrl: string;
  hubspotApiBaseUrl: string;
  /** Verifies HubSpot's request signatures (webhooks, the card), so both modes need it. */
  hubspotClientSecret: string;
  handoffConfigPath: string | undefined;
  logLevel: string;
  /**
   * Multiplies the queue's retry delays and claim lease, and the HubSpot client's backoff between
   * retries of one call (QUEUE_TIME_SCALE, default 1). Only the reliability suite and tests set it:
   * they replay hours of retries in minutes of real time.
   */
  queueTimeScale: number;
}

/** Single-portal mode: one portal reached with HUBSPOT_ACCESS_TOKEN. */
export interface StaticConfig extends CommonConfig {
  mode: 'static';
  hubspotAccessToken: string;
  /** The token's portal; unset, events of any portal are processed with the token. */
  hubspotPortalId: number | undefined;
  /** The token that signs in to `/admin` (HubSpot sign-in needs OAuth installs). */
  adminToken: string | undefined;
  /** When also set, `/admin` offers HubSpot sign-in (and, with the key, the install routes answer). */
  hubspotClientId: string | undefined;
  /** 32 bytes, from TOKEN_ENCRYPTION_KEY (64 hex characters or base64), when set. */
  tokenEncryptionKey: Buffer | undefined;
}

/** Public-app mode: each installed portal's OAuth tokens, encrypted at rest. */
export interface OAuthConfig extends CommonConfig {
  mode: 'oauth';
  hubspotClientId: string;
  /** 32 bytes, from TOKEN_ENCRYPTION_KEY (64 hex characters or base64). */
  tokenEncryptionKey: Buffer;
}

/**
 * The environment of CONTRACT §1, read once. Every bad variable is reported together, each with
 * the variable's name and what to do about it. `mode` is `static` with HUBSPOT_ACCESS_TOKEN,
 * `oauth` (public app installs) without.
 */
export type Config = StaticConfig | OAuthConfig;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

function httpUrl(variable: string) {
  return z
    .string()
    .trim()
    .refine((value) => /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value), {
      message: `must be an http(s) URL such as https://handoff.example.com (got something else in ${variable})`,
    })
    .transform((value) => value.replace(/\/+$/, ''));
}

export const envSchema = z.object({
  PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number between 1 and 65535, for example 3000')
    .transform(Number)
    .refine((port) => port >= 1 && port <= 65535, 'must be between 1 and 65535, for example 3000')
    .optional(),
  HOST: optionalText,
  // HubSpot signs the full URL it calls and Handoff's routes sit at the root: with a path in
  // APP_BASE_URL every signature would be computed over a URL HubSpot never called.
  APP_BASE_URL: httpUrl('APP_BASE_URL')
    .refine((value) => !URL.canParse(value) || ['', '/'].includes(new URL(value).pathname), {
      message:
        'must be the origin only, without a path (for example https://handoff.example.com): the routes live at the root and HubSpot signatures cover the full URL. Route the whole host to Handoff in the proxy',
    })
    .optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .refine(
      (value) => /^sqlite:.+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value),
      'must be sqlite:PATH (for example sqlite:./data/handoff.db) or postgres://user@host:5432/db',
    )
    .optional(),
  HUBSPOT_API_BASE_URL: httpUrl('HUBSPOT_API_BASE_URL').optional(),
  HUBSPOT_CLIENT_ID: optionalText,
  HUBSPOT_CLIENT_SECRET: optionalText,
  HUBSPOT_ACCESS_TOKEN: optionalText,
  HUBSPOT_PORTAL_ID: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .string()
      .trim()
      .regex(/^\d+$/, 'must be the numeric HubSpot account id (Hub ID), for example 12345678')
      .transform(Number)
      .optional(),
  ),
  TOKEN_ENCRYPTION_KEY: optionalText,
  HANDOFF_CONFIG: optionalText,
  ADMIN_TOKEN: optionalText.refine((value) => value === undefined || value.length >= 24, {
    message: 'must be at least 24 random characters; make one with `openssl rand -hex 24`',
  }),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .refine((value): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value), {
      message: `must be one of ${LOG_LEVELS.join(', ')} (info is the default)`,
    })
    .optional(),
  QUEUE_TIME_SCALE: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .string()
      .trim()
      .regex(
        /^\d*\.?\d+$/,
        'must be a number above 0 and at most 1, for example 0.01; leave it unset in production',
      )
      .transform(Number)
      .refine(
        (scale) => scale > 0 && scale <= 1,
        'must be above 0 and at most 1; leave it unset in production',
      )
      .optional(),
  ),
});

/** Decodes TOKEN_ENCRYPTION_KEY: 64 hex characters, or base64 of 32 bytes. */
export function decodeEncryptionKey(raw: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(raw)) {
    const key = Buffer.from(raw, 'base64');
    if (key.length === 32) return key;
  }
  return undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
    throw configError(problems);
  }
  const vars = parsed.data;
  const port = vars.PORT ?? 3000;

  let tokenEncryptionKey: Buffer | undefined;
  if (vars.TOKEN_ENCRYPTION_KEY !== undefined) {
    tokenEncryptionKey = decodeEncryptionKey(vars.TOKEN_ENCRYPTION_KEY);
    if (!tokenEncryptionKey) {
      problems.push(
        'TOKEN_ENCRYPTION_KEY: must be 32 random bytes as 64 hex characters; make one with `openssl rand -hex 32`',
      );
    }
  }

  const mode = vars.HUBSPOT_ACCESS_TOKEN ? 'static' : 'oauth';
  if (!vars.HUBSPOT_CLIENT_SECRET) {
    problems.push(
      "HUBSPOT_CLIENT_SECRET: required; it verifies HubSpot's request signatures. Copy it from the app's Auth page in HubSpot",
    );
  }
  if (mode === 'oauth') {
    if (!vars.HUBSPOT_CLIENT_ID) {
      problems.push(
        "HUBSPOT_CLIENT_ID: required for OAuth installs; copy it from the app's Auth page, or set HUBSPOT_ACCESS_TOKEN for single-portal mode",
      );
    }
    if (vars.TOKEN_ENCRYPTION_KEY === undefined) {
      problems.push(
        'TOKEN_ENCRYPTION_KEY: required with OAuth installs (tokens are encrypted at rest); make one with `openssl rand -hex 32`',
      );
    }
  }
  if (vars.HUBSPOT_PORTAL_ID !== undefined && mode === 'oauth') {
    problems.push('HUBSPOT_PORTAL_ID: only meaningful with HUBSPOT_ACCESS_TOKEN; remove it or set the token');
  }
  if (vars.ADMIN_TOKEN !== undefined && (mode === 'oauth' || vars.HUBSPOT_PORTAL_ID === undefined)) {
    problems.push(
      'ADMIN_TOKEN: only for single-portal mode (with HUBSPOT_ACCESS_TOKEN and HUBSPOT_PORTAL_ID, the portal it signs in to); with OAuth installs, users sign in with HubSpot',
    );
  }
  const clientSecret = vars.HUBSPOT_CLIENT_SECRET;
  // A value missing here or in OAuth mode below is among the problems already: these checks only
  // tell the type checker so.
  if (problems.length > 0 || !clientSecret) throw configError(problems);

  const common: CommonConfig = {
    port,
    host: vars.HOST,
    appBaseUrl: vars.APP_BASE_URL ?? `http://localhost:${port}`,
    databaseUrl: vars.DATABASE_URL ?? 'sqlite:./data/handoff.db',
    hubspotApiBaseUrl: vars.HUBSPOT_API_BASE_URL ?? 'https://api.hubapi.com',
    hubspotClientSecret: clientSecret,
    handoffConfigPath: vars.HANDOFF_CONFIG,
    logLevel: vars.LOG_LEVEL ?? 'info',
    queueTimeScale: vars.QUEUE_TIME_SCALE ?? 1,
  };
  if (vars.HUBSPOT_ACCESS_TOKEN) {
    return {
      ...common,
      mode: 'static',
      hubspotAccessToken: vars.HUBSPOT_ACCESS_TOKEN,
      hubspotPortalId: vars.HUBSPOT_PORTAL_ID,
      adminToken: vars.ADMIN_TOKEN,
      hubspotClientId: vars.HUBSPOT_CLIENT_ID,
      tokenEncryptionKey,
    };
  }
  const clientId = vars.HUBSPOT_CLIENT_ID;
  if (!clientId || !tokenEncryptionKey) throw configError(problems);
  return { ...common, mode: 'oauth', hubspotClientId: clientId, tokenEncryptionKey };
}

export function configError(problems: string[], who = 'Handoff cannot start'): HandoffError {
  const lines = problems.map((problem) => `  - ${problem}`).join('\n');
  return new HandoffError(
    'config_invalid',
    `${who}: ${problems.length} environment problem(s):\n${lines}\nSee .env.example for every variable.`,
    500,
    { problems },
  );
}
