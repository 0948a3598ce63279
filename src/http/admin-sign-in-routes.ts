import { randomBytes } from 'node:crypto';
import express, { Router, type Response } from 'express';
import { ADMIN_SESSION_COOKIE, ADMIN_SESSION_TTL_MS, type AdminSession } from '../admin/admin-session';
import { loginBody } from '../admin/login-page';
import { HandoffError } from '../errors';
import { OAUTH_STATE_TTL_MS, issueOAuthState, redeemOAuthState } from '../install/oauth-state';
import type { AdminRouteOptions } from './admin-routes';
import { sendPage } from './admin-page';
import type { AdminGuard } from './admin-session-middleware';
import { readCookie } from './read-cookie';

const LOGIN_CSRF_COOKIE = 'handoff_admin_login';
const STATE_COOKIE = 'handoff_admin_state';
/** Marks a sign-in's state in the shared callback URL; installs' states never start with it. */
const STATE_PREFIX = 'admin.';

/**
 * Sign-in with the admin token (single-portal mode) or with HubSpot (OAuth mode), and sign-out.
 * A HubSpot sign-in comes back through the install's callback URL, told apart by its state.
 */
export function adminSignInRoutes(options: AdminRouteOptions, guard: AdminGuard): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '512kb' });
  const cookie = {
    httpOnly: true,
    secure: options.appBaseUrl.startsWith('https://'),
    sameSite: 'lax' as const,
  };

  const startSession = (res: Response, fields: Pick<AdminSession, 'portalId' | 'user' | 'via'>) => {
    const { cookie: value } = options.sessions.issue(fields, options.now());
    res.cookie(ADMIN_SESSION_COOKIE, value, { ...cookie, path: '/admin', maxAge: ADMIN_SESSION_TTL_MS });
  };

  router.get('/admin/login', (req, res) => {
    const csrf = randomBytes(16).toString('base64url');
    res.cookie(LOGIN_CSRF_COOKIE, csrf, { ...cookie, sameSite: 'strict', path: '/admin' });
    const error = typeof req.query.error === 'string' ? req.query.error : undefined;
    sendPage(res, 200, {
      title: 'Sign in',
      active: 'login',
      session: null,
      body: loginBody({ csrf, tokenSignIn: !!options.token, hubspotSignIn: !!options.hubspot, error }),
    });
  });

  router.post('/admin/login', form, (req, res) => {
    const body = req.body as Record<string, unknown>;
    const expected = readCookie(req, LOGIN_CSRF_COOKIE);
    if (!expected || typeof body._csrf !== 'string' || !options.sessions.equal(body._csrf, expected)) {
      throw new HandoffError(
        'admin_csrf',
        'The sign-in form is stale: reload /admin/login and try again',
        403,
      );
    }
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    if (!options.token || token === '' || !options.sessions.equal(token, options.token.value)) {
      options.log.warn({ path: req.path }, 'admin sign-in with a wrong token');
      res.redirect(
        303,
        '/admin/login?error=' + encodeURIComponent('That is not the admin token (ADMIN_TOKEN).'),
      );
      return;
    }
    res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/admin' });
    startSession(res, { portalId: options.token.portalId, user: 'admin token', via: 'token' });
    res.redirect(303, '/admin');
  });

  router.get('/admin/sign-in/hubspot', async (_req, res) => {
    if (!options.hubspot)
      throw new HandoffError(
        'oauth_not_configured',
        'HubSpot sign-in needs OAuth installs (HUBSPOT_CLIENT_ID)',
        404,
      );
    const state = await issueOAuthState(options.store, options.now(), 'admin');
    res.cookie(STATE_COOKIE, state, { ...cookie, path: options.callbackPath, maxAge: OAUTH_STATE_TTL_MS });
    res.redirect(302, options.hubspot.authorizeUrl(STATE_PREFIX + state));
  });

  // HubSpot returns sign-ins to the install's callback; anything else is an install and passes on.
  router.get(options.callbackPath, async (req, res, next) => {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    if (!options.hubspot || !state.startsWith(STATE_PREFIX)) return next();
    res.clearCookie(STATE_COOKIE, { path: options.callbackPath });
    const refuse = (message: string) =>
      res.redirect(303, `/admin/login?error=${encodeURIComponent(message)}`);
    try {
      await redeemOAuthState(
        options.store,
        state.slice(STATE_PREFIX.length),
        readCookie(req, STATE_COOKIE),
        options.now(),
        'admin',
      );
    } catch {
      return refuse('The sign-in link expired or belongs to another browser: sign in again.');
    }
    const code = typeof req.query.code === 'string' ? req.query.code : undefined;
    if (!code) return refuse('HubSpot did not sign you in (no authorization code): try again.');
    const who = await options.hubspot.identify(code);
    if ((await options.store.portals.get(who.portalId))?.status !== 'installed') {
      options.log.warn({ portalId: who.portalId }, 'admin sign-in for a portal without Handoff installed');
      return refuse(
        `Handoff is not installed in HubSpot account ${who.portalId}: install it first at /oauth/install.`,
      );
    }
    startSession(res, { portalId: who.portalId, user: who.user, via: 'hubspot' });
    options.log.info({ portalId: who.portalId }, 'admin sign-in with HubSpot');
    res.redirect(303, '/admin');
  });

  router.post('/admin/logout', form, guard.changing, (_req, res) => {
    res.clearCookie(ADMIN_SESSION_COOKIE, { path: '/admin' });
    res.redirect(303, '/admin/login');
  });

  return router;
}
