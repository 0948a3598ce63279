import { Router } from 'express';
import { HandoffError } from '../errors';
import { installPortal, type InstallDeps } from '../install/install-portal';
import {
  OAUTH_STATE_COOKIE,
  OAUTH_STATE_TTL_MS,
  issueOAuthState,
  redeemOAuthState,
} from '../install/oauth-state';
import { readCookie } from './read-cookie';

export interface OAuthFlow extends Omit<InstallDeps, 'store' | 'log' | 'now'> {
  authorizeUrl: (state: string) => string;
}

export interface OAuthRouteOptions extends Pick<InstallDeps, 'store' | 'log' | 'now'> {
  appBaseUrl: string;
  /** Null in single-portal mode: there is nothing to install. */
  flow: OAuthFlow | null;
}

export function oauthRoutes(options: OAuthRouteOptions): Router {
  const router = Router();
  const secure = options.appBaseUrl.startsWith('https://');

  router.get('/oauth/install', async (_req, res) => {
    const flow = requireOAuth(options);
    const state = await issueOAuthState(options.store, options.now());
    res.cookie(OAUTH_STATE_COOKIE, state, {
      httpOnly: true,
      secure,
      sameSite: 'lax',
      maxAge: OAUTH_STATE_TTL_MS,
      path: '/oauth',
    });
    res.redirect(302, flow.authorizeUrl(state));
  });

  router.get('/oauth/callback', async (req, res) => {
    const flow = requireOAuth(options);
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
    const result = await installPortal(code, {
      ...flow,
      store: options.store,
      log: options.log,
      now: options.now,
    });
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

function requireOAuth(options: OAuthRouteOptions): OAuthFlow {
  if (!options.flow) {
    throw new HandoffError(
      'oauth_not_configured',
      'Handoff runs in single-portal mode (HUBSPOT_ACCESS_TOKEN is set): there is no install; unset it and set HUBSPOT_CLIENT_ID to use OAuth installs',
      404,
    );
  }
  return options.flow;
}
