import { HandoffError } from '../errors';
import type { Metrics } from '../metrics';
import {
  HubSpotAuthError,
  HubSpotUnavailableError,
  hubspotErrorFromResponse,
  parseHubSpotErrorBody,
  type HubSpotErrorBody,
} from './hubspot-errors';
import { hubspotPaths } from './paths';

/**
 * HubSpot's OAuth 2 endpoints. The token endpoint takes a form-encoded POST with `grant_type`,
 * `client_id`, `client_secret`, `redirect_uri` and `code` or `refresh_token`; access tokens live
 * 30 minutes. These calls carry no bearer token and are not per-portal API calls, so they bypass
 * HubSpotClient and its limiter.
 */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  /** Present on newer token responses; tokenInfo() is the reliable source. */
  hubId?: number;
  scopes?: string[];
}

export interface AccessTokenInfo {
  hubId: number;
  scopes: string[];
  /** Email of the user who installed the app, when HubSpot gives one. */
  user?: string;
  userId?: number;
  appId?: number;
  hubDomain?: string;
  expiresInSeconds: number;
}

export interface HubSpotOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** HUBSPOT_API_BASE_URL, `https://api.hubapi.com` in production. */
  baseUrl: string;
  timeoutMs?: number;
  metrics?: Metrics;
}

export interface AuthorizeUrlOptions {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  optionalScopes?: string[];
  state: string;
}

/** `https://app.hubspot.com/oauth/authorize?client_id&redirect_uri&scope&state` (scopes space-separated). */
export function authorizeUrl(options: AuthorizeUrlOptions): string {
  const url = new URL(hubspotPaths.oauthAuthorizeUrl);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('scope', options.scopes.join(' '));
  if (options.optionalScopes && options.optionalScopes.length > 0) {
    url.searchParams.set('optional_scope', options.optionalScopes.join(' '));
  }
  url.searchParams.set('state', options.state);
  return url.toString();
}

interface RawAnswer {
  status: number;
  body: unknown;
}

export class HubSpotOAuth {
  private readonly timeoutMs: number;

  constructor(private readonly options: HubSpotOAuthOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  authorizeUrl(options: Omit<AuthorizeUrlOptions, 'clientId'>): string {
    return authorizeUrl({ ...options, clientId: this.options.clientId });
  }

  /** Trades the code from the install redirect for tokens. */
  async exchangeCode(input: { code: string; redirectUri: string }): Promise<OAuthTokens> {
    const answer = await this.postToken('oauth.token.exchange', {
      grant_type: 'authorization_code',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      redirect_uri: input.redirectUri,
      code: input.code,
    });
    if (answer.status >= 400) {
      const error = parseHubSpotErrorBody(answer.body);
      throw new HandoffError(
        'oauth_exchange_failed',
        `HubSpot refused the install code: ${describe(error)}. Codes are single-use and expire quickly: ` +
          'start the install again from /oauth/install, and check HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET ' +
          `and that the redirect URL matches the app's settings${correlation(error)}`,
        400,
        { status: answer.status, correlationId: error.correlationId },
      );
    }
    return toTokens(answer.body);
  }

  /** Gets a new access token. HubSpot keeps the same refresh token, so concurrent refreshes are harmless. */
  async refreshToken(input: {
    refreshToken: string;
    redirectUri?: string;
    portalId?: number;
  }): Promise<OAuthTokens> {
    const answer = await this.postToken('oauth.token.refresh', {
      grant_type: 'refresh_token',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      ...(input.redirectUri ? { redirect_uri: input.redirectUri } : {}),
      refresh_token: input.refreshToken,
    });
    if (answer.status >= 400) {
      const error = parseHubSpotErrorBody(answer.body);
      const context = { portalId: input.portalId, endpoint: 'oauth.token.refresh', status: answer.status };
      // A revoked or uninstalled grant answers 400 with BAD_REFRESH_TOKEN (or invalid_grant): only a
      // new install helps, so say so instead of retrying forever.
      if (error.status === 'BAD_REFRESH_TOKEN' || error.error === 'invalid_grant' || answer.status === 401) {
        throw new HubSpotAuthError({
          ...context,
          correlationId: error.correlationId,
          hubspotMessage: describe(error),
          reinstall: true,
        });
      }
      throw hubspotErrorFromResponse(answer.status, answer.body, context);
    }
    return toTokens(answer.body);
  }

  /** Who a token belongs to: `hub_id` is the portal, `user` the installing user's email. */
  async tokenInfo(accessToken: string): Promise<AccessTokenInfo> {
    // The token travels in the path; the endpoint label, never the URL, goes into errors and metrics.
    const answer = await this.send('oauth.access-token.info', hubspotPaths.oauthAccessToken(accessToken), {
      method: 'GET',
      headers: { accept: 'application/json' },
    });
    if (answer.status >= 400) {
      throw hubspotErrorFromResponse(answer.status, answer.body, { endpoint: 'oauth.access-token.info' });
    }
    const body = answer.body as Record<string, unknown>;
    if (typeof body.hub_id !== 'number') {
      throw new HandoffError(
        'hubspot_error',
        'HubSpot token info has no numeric hub_id; cannot tell the portal',
        502,
      );
    }
    return {
      hubId: body.hub_id,
      scopes: Array.isArray(body.scopes) ? (body.scopes as string[]) : [],
      user: typeof body.user === 'string' ? body.user : undefined,
      userId: typeof body.user_id === 'number' ? body.user_id : undefined,
      appId: typeof body.app_id === 'number' ? body.app_id : undefined,
      hubDomain: typeof body.hub_domain === 'string' ? body.hub_domain : undefined,
      expiresInSeconds: typeof body.expires_in === 'number' ? body.expires_in : 0,
    };
  }

  private postToken(endpoint: string, form: Record<string, string>): Promise<RawAnswer> {
    return this.send(endpoint, hubspotPaths.oauthToken, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
  }

  private async send(endpoint: string, path: string, init: RequestInit): Promise<RawAnswer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await fetch(`${this.options.baseUrl}${path}`, { ...init, signal: controller.signal });
      const text = await response.text();
      this.options.metrics?.hubspotCalls.inc({
        portal_id: 'none',
        endpoint,
        status: String(response.status),
      });
      if (response.status >= 500) {
        const error = parseHubSpotErrorBody(parseJson(text));
        throw new HubSpotUnavailableError({
          endpoint,
          status: response.status,
          correlationId: error.correlationId,
          cause: `HTTP ${response.status}`,
          attempts: 1,
        });
      }
      return { status: response.status, body: parseJson(text) };
    } catch (error) {
      if (error instanceof HandoffError) throw error;
      this.options.metrics?.hubspotCalls.inc({ portal_id: 'none', endpoint, status: 'network_error' });
      const cause = controller.signal.aborted ? `no answer within ${this.timeoutMs} ms` : 'network error';
      throw new HubSpotUnavailableError({ endpoint, cause, attempts: 1 });
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

function toTokens(body: unknown): OAuthTokens {
  const raw = (body ?? {}) as Record<string, unknown>;
  if (typeof raw.access_token !== 'string' || typeof raw.refresh_token !== 'string') {
    throw new HandoffError('hubspot_error', 'HubSpot token answer lacks access_token or refresh_token', 502);
  }
  return {
    accessToken: raw.access_token,
    refreshToken: raw.refresh_token,
    expiresInSeconds: typeof raw.expires_in === 'number' ? raw.expires_in : 1800,
    hubId: typeof raw.hub_id === 'number' ? raw.hub_id : undefined,
    scopes: Array.isArray(raw.scopes) ? (raw.scopes as string[]) : undefined,
  };
}

function describe(error: HubSpotErrorBody): string {
  return error.message ?? error.error_description ?? error.status ?? error.error ?? 'no message';
}

function correlation(error: HubSpotErrorBody): string {
  return error.correlationId ? ` (correlationId ${error.correlationId})` : '';
}
