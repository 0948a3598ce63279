import { Router, type Request } from 'express';
import { HandoffError } from '../errors';
import { installPortal, type InstallDeps } from '../install/install-portal';
import {
  OAUTH_STATE_COOKIE,
  OAUTH_STATE_TTL_MS,
  issueOAuthState,
  redeemOAuthState,
} from '../install/oauth-state';

export interface OAuthRouteOptions extends InstallDeps {
  appBaseUrl: string;
  /** Null in single-portal mode: there is nothing to install. */
  authorizeUrl: ((state: string) => string) | null;
}

export function oauthRoutes(options: OAuthRouteOptions): Router {
  const router = Router();
  const secure = options.appBaseUrl.startsWith('https://');

  router.get('/oauth/install', async (_req, res) => {
    const authorizeUrl = requireOAuth(options);
    const state = await issueOAuthState(options.store, options.now());
    res.cookie(OAUTH_STATE_COOKIE, state, {
      httpOnly: true,
      secure,
      sameSite: 'lax',
      maxAge: OAUTH_STATE_TTL_MS,
      path: '/oauth',
    });
    res.redirect(302, authorizeUrl(state));
  });

  router.get('/oauth/callback', async (req, res) => {
    requireOAuth(options);
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    await redeemOAuthState(options.store, state, readCookie(req, OAUTH_STATE_COOKIE), options.now());
    res.clearCookie(OAUTH_STATE_COOKIE, { path: '/oauth' });
    const code = typeof req.query.code === 'string' ? req.query.code : undefined;
    if (!code) {
      const denied = typeof req.query.error === 'string' ? ` (HubSpot said: ${req.query.error})` : '';
      throw new HandoffError(
        'oauth_exchange_failed',
        `HubSpot returned no authorization code${denied}: start again at /oauth/install`,
        400,
      );
    }
    const result = await installPortal(code, options);
    res.status(200).json({
      installed: true,
      portalId: result.portalId,
      properties: {
        created: result.properties.created.length,
        unchanged: result.properties.unchanged.length,
        conflicts: result.properties.conflicts,
      },
    });
  });
  return router;
}

function requireOAuth(options: OAuthRouteOptions): (state: string) => string {
  if (!options.authorizeUrl) {
    throw new HandoffError(
      'oauth_not_configured',
      'Handoff runs in single-portal mode (HUBSPOT_ACCESS_TOKEN is set): there is no install; unset it and set HUBSPOT_CLIENT_ID to use OAuth installs',
      404,
    );
  }
  return options.authorizeUrl;
}

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
