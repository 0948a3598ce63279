import { configError, decodeEncryptionKey, envSchema, type OAuthConfig, type StaticConfig } from '../config';

type CliCommon = Pick<StaticConfig, 'databaseUrl' | 'hubspotApiBaseUrl' | 'handoffConfigPath'>;

/** What a command-line tool reads: the store, the playbook and a way into HubSpot. No port, no URL. */
export type CliConfig =
  | (CliCommon & Pick<StaticConfig, 'mode' | 'hubspotAccessToken' | 'hubspotPortalId'>)
  | (CliCommon &
      Pick<OAuthConfig, 'mode' | 'hubspotClientId' | 'hubspotClientSecret' | 'tokenEncryptionKey'>);

const cliSchema = envSchema.pick({
  DATABASE_URL: true,
  HUBSPOT_API_BASE_URL: true,
  HUBSPOT_CLIENT_ID: true,
  HUBSPOT_CLIENT_SECRET: true,
  HUBSPOT_ACCESS_TOKEN: true,
  HUBSPOT_PORTAL_ID: true,
  TOKEN_ENCRYPTION_KEY: true,
  HANDOFF_CONFIG: true,
});

/**
 * The environment of `explain`, `replay` and `setup`: only the variables they use. A static token
 * alone is enough; without one, the OAuth install stored for the portal is read, which needs the
 * app's credentials (to refresh) and the key its tokens are encrypted with. The webhook secret, the
 * port and the admin token belong to the server and are never asked for here.
 */
export function loadCliConfig(env: NodeJS.ProcessEnv, tool: string): CliConfig {
  const who = `${tool} cannot run`;
  const parsed = cliSchema.safeParse(env);
  if (!parsed.success) {
    throw configError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      who,
    );
  }
  const vars = parsed.data;
  const mode = vars.HUBSPOT_ACCESS_TOKEN ? 'static' : 'oauth';
  const problems: string[] = [];
  const key = vars.TOKEN_ENCRYPTION_KEY ? decodeEncryptionKey(vars.TOKEN_ENCRYPTION_KEY) : undefined;
  if (mode === 'oauth') {
    const missing = [
      ['HUBSPOT_CLIENT_ID', vars.HUBSPOT_CLIENT_ID],
      ['HUBSPOT_CLIENT_SECRET', vars.HUBSPOT_CLIENT_SECRET],
      ['TOKEN_ENCRYPTION_KEY', vars.TOKEN_ENCRYPTION_KEY],
    ].filter(([, value]) => !value);
    for (const [name] of missing) {
      problems.push(
        `${name}: needed to use the portal's stored OAuth install (the same value as the server's), or set HUBSPOT_ACCESS_TOKEN to use a static token instead`,
      );
    }
    if (vars.TOKEN_ENCRYPTION_KEY && !key) {
      problems.push(
        'TOKEN_ENCRYPTION_KEY: must be 32 random bytes as 64 hex characters, the same value the server uses',
      );
    }
  }
  if (problems.length > 0) throw configError(problems, who);
  const common: CliCommon = {
    databaseUrl: vars.DATABASE_URL ?? 'sqlite:./data/handoff.db',
    hubspotApiBaseUrl: vars.HUBSPOT_API_BASE_URL ?? 'https://api.hubapi.com',
    handoffConfigPath: vars.HANDOFF_CONFIG,
  };
  if (vars.HUBSPOT_ACCESS_TOKEN) {
    return {
      ...common,
      mode: 'static',
      hubspotAccessToken: vars.HUBSPOT_ACCESS_TOKEN,
      hubspotPortalId: vars.HUBSPOT_PORTAL_ID,
    };
  }
  const { HUBSPOT_CLIENT_ID: clientId, HUBSPOT_CLIENT_SECRET: clientSecret } = vars;
  // Each missing value was reported above: this only tells the type checker so.
  if (!clientId || !clientSecret || !key) throw configError(problems, who);
  return {
    ...common,
    mode: 'oauth',
    hubspotClientId: clientId,
    hubspotClientSecret: clientSecret,
    tokenEncryptionKey: key,
  };
}
