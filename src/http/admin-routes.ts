import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { AdminService, DRY_RUN_DEFAULT, DRY_RUN_MAX } from '../admin/admin-service';
import {
  ADMIN_SESSION_COOKIE,
  ADMIN_SESSION_TTL_MS,
  type AdminSession,
  type AdminSessions,
} from '../admin/admin-session';
import type { AdminHubSpotSignIn } from '../admin/admin-sign-in';
import { auditBody } from '../admin/audit-page';
import { parseDashboardOptions } from '../admin/dashboard-options';
import { deadLettersBody } from '../admin/dead-letters-page';
import { dashboardBody } from '../admin/dashboard-page';
import { page } from '../admin/layout';
import { loginBody } from '../admin/login-page';
import { playbookBody, type PlaybookView } from '../admin/playbook-page';
import { HandoffError, isHandoffError } from '../errors';
import { OAUTH_STATE_TTL_MS, issueOAuthState, redeemOAuthState } from '../install/oauth-state';
import type { Logger } from '../log';
import type { PortalPlaybooks } from '../portal-playbooks';
import { toCsv, type ReportTable } from '../reporting/metric-tables';
import { parseFunnelQuery } from '../reporting/funnel-report';
import { parseReportQuery } from '../reporting/quality-report';
import { parseRatingQuery } from '../reporting/rating-report';
import type { Store } from '../store/store';
import { EvidenceService } from '../evidence/evidence-service';
import { evidenceRoutes } from './evidence-routes';
import { readCookie } from './read-cookie';

/** What the JSON and CSV report routes serve: a named table of columns and rows. */
type CsvTable = Pick<ReportTable, 'columns' | 'rows'> & { name: string; by: string };

export interface AdminRouteOptions {
  store: Store;
  service: AdminService;
  playbooks: PortalPlaybooks;
  sessions: AdminSessions;
  log: Logger;
  now: () => number;
  appBaseUrl: string;
  /** Single-portal mode: ADMIN_TOKEN signs in to this portal. */
  token?: { value: string; portalId: number };
  /** OAuth mode: users of installed portals sign in with HubSpot. */
  hubspot?: AdminHubSpotSignIn;
  /** Where HubSpot sends the browser back (the app's one redirect URL, shared with installs). */
  callbackPath: string;
  /** The Evidence page's reads; by default from the store, without sales ratings. */
  evidence?: EvidenceService;
}

const LOGIN_CSRF_COOKIE = 'handoff_admin_login';
const STATE_COOKIE = 'handoff_admin_state';
/** Marks a sign-in's state in the shared callback URL; installs' states never start with it. */
const STATE_PREFIX = 'admin.';

/**
 * `/admin`: the quality dashboard, audit search and playbook editor, for the one portal the signed
 * session names. Every state-changing request carries the session's CSRF token.
 */
export function adminRoutes(options: AdminRouteOptions): Router {
  const router = Router();
  const secure = options.appBaseUrl.startsWith('https://');
  const form = express.urlencoded({ extended: false, limit: '512kb' });
  const cookie = { httpOnly: true, secure, sameSite: 'lax' as const };

  router.use(['/admin', options.callbackPath], (_req, res, next) => {
    res.set({
      'cache-control': 'no-store',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
    next();
  });

  /**
   * The request's session, if its signature holds, it has not expired and, for a HubSpot sign-in,
   * its portal still has Handoff installed: an uninstall ends every session of that portal.
   */
  const sessionOf = async (req: Request): Promise<AdminSession | null> => {
    const session = options.sessions.read(readCookie(req, ADMIN_SESSION_COOKIE), options.now());
    if (!session || session.via !== 'hubspot') return session;
    return (await options.store.getPortal(session.portalId))?.status === 'installed' ? session : null;
  };
  const startSession = (res: Response, fields: Pick<AdminSession, 'portalId' | 'user' | 'via'>) => {
    const { cookie: value } = options.sessions.issue(fields, options.now());
    res.cookie(ADMIN_SESSION_COOKIE, value, { ...cookie, path: '/admin', maxAge: ADMIN_SESSION_TTL_MS });
  };
  const sendPage = (res: Response, status: number, view: Parameters<typeof page>[0]) =>
    res.status(status).type('html').send(page(view));

  /** A signed-in session, else a redirect to the sign-in page (HTML) or a 401 (API). */
  const signedIn = async (req: Request, res: Response): Promise<AdminSession | null> => {
    const session = await sessionOf(req);
    if (session) return session;
    if (req.path.startsWith('/admin/api/')) {
      throw new HandoffError('admin_unauthorized', 'Sign in at /admin/login first', 401);
    }
    res.redirect(303, '/admin/login');
    return null;
  };
  /** A session whose CSRF token the form or header carries. */
  const changing = async (req: Request): Promise<AdminSession> => {
    const session = await sessionOf(req);
    if (!session) throw new HandoffError('admin_unauthorized', 'Sign in at /admin/login first', 401);
    const token = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
    if (!options.sessions.checkCsrf(session, token)) {
      throw new HandoffError(
        'admin_csrf',
        'The form is stale or came from another site: reload the page and try again',
        403,
      );
    }
    return session;
  };
  const csrfOf = (session: AdminSession) => options.sessions.csrfToken(session);

  // Sign-in and sign-out.
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
    if ((await options.store.getPortal(who.portalId))?.status !== 'installed') {
      options.log.warn({ portalId: who.portalId }, 'admin sign-in for a portal without Handoff installed');
      return refuse(
        `Handoff is not installed in HubSpot account ${who.portalId}: install it first at /oauth/install.`,
      );
    }
    startSession(res, { portalId: who.portalId, user: who.user, via: 'hubspot' });
    options.log.info({ portalId: who.portalId }, 'admin sign-in with HubSpot');
    res.redirect(303, '/admin');
  });

  router.post('/admin/logout', form, async (req, res) => {
    await changing(req);
    res.clearCookie(ADMIN_SESSION_COOKIE, { path: '/admin' });
    res.redirect(303, '/admin/login');
  });

  // Reports.
  router.get('/admin', async (req, res) => {
    const session = await signedIn(req, res);
    if (!session) return;
    const view = await options.service.dashboard(
      session.portalId,
      parseReportQuery(req.query, options.now()),
      parseDashboardOptions(req.query),
    );
    sendPage(res, 200, {
      title: 'Dashboard',
      active: 'dashboard',
      session,
      csrf: csrfOf(session),
      body: dashboardBody(view),
    });
  });

  /** A report table as JSON at `path` and as CSV at `path.csv`, for the signed-in portal only. */
  const reportRoutes = <Q extends { from: number; to: number }>(
    path: string,
    parse: (query: Request['query'], now: number) => Q,
    read: (portalId: number, query: Q) => Promise<{ table: CsvTable; truncated: boolean }>,
  ): void => {
    router.get(path, async (req, res) => {
      const session = (await signedIn(req, res)) as AdminSession;
      const query = parse(req.query, options.now());
      const { table, truncated } = await read(session.portalId, query);
      res.json({
        portalId: session.portalId,
        from: new Date(query.from).toISOString(),
        to: new Date(query.to).toISOString(),
        truncated,
        ...table,
      });
    });
    router.get(`${path}.csv`, async (req, res) => {
      const session = (await signedIn(req, res)) as AdminSession;
      const { table } = await read(session.portalId, parse(req.query, options.now()));
      res
        .type('text/csv; charset=utf-8')
        .attachment(`handoff-${table.name}-by-${table.by}.csv`)
        .send(toCsv(table));
    });
  };
  reportRoutes('/admin/api/metrics', parseReportQuery, (portalId, query) =>
    options.service.metrics(portalId, query),
  );
  reportRoutes('/admin/api/funnel', parseFunnelQuery, (portalId, query) =>
    options.service.funnel(portalId, query),
  );
  reportRoutes('/admin/api/ratings', parseRatingQuery, (portalId, query) =>
    options.service.ratings(portalId, query),
  );

  router.get('/admin/api/accountability', async (req, res) => {
    const session = (await signedIn(req, res)) as AdminSession;
    const view = await options.service.accountability(session.portalId);
    res.json({
      portalId: session.portalId,
      at: new Date(view.now).toISOString(),
      total: view.leads.length,
      truncated: view.leads.length >= view.limit,
      counts: view.counts,
      leads: view.leads.map(({ decision, gaps, age }) => ({
        contactId: decision.contactId,
        status: decision.status,
        ownerId: decision.ownerId,
        decidedAt: new Date(decision.decidedAt).toISOString(),
        missing: gaps,
        age,
        reason: decision.reason,
      })),
      fallbacks: view.fallbacks.map(({ decision, fallback }) => ({
        contactId: decision.contactId,
        decidedAt: new Date(decision.decidedAt).toISOString(),
        ownerId: decision.ownerId,
        ...fallback,
      })),
    });
  });

  // Audit.
  router.get('/admin/audit', async (req, res) => {
    const session = await signedIn(req, res);
    if (!session) return;
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    sendPage(res, 200, {
      title: 'Audit',
      active: 'audit',
      session,
      csrf: csrfOf(session),
      body: auditBody(await options.service.audit(session.portalId, q)),
    });
  });

  router.get('/admin/api/decisions', async (req, res) => {
    const session = (await signedIn(req, res)) as AdminSession;
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const view = await options.service.audit(session.portalId, q);
    res.json({ portalId: session.portalId, results: view.results ?? [] });
  });

  // Dead letters: jobs HubSpot refused, with its message and correlation id.
  const deadLetters = (portalId: number) => options.store.listJobs({ portalId, status: 'dead', limit: 200 });
  router.get('/admin/dead-letters', async (req, res) => {
    const session = await signedIn(req, res);
    if (!session) return;
    const body = deadLettersBody(await deadLetters(session.portalId));
    sendPage(res, 200, {
      title: 'Dead letters',
      active: 'dead-letters',
      session,
      csrf: csrfOf(session),
      body,
    });
  });
  router.get('/admin/api/dead-letters', async (req, res) => {
    const session = (await signedIn(req, res)) as AdminSession;
    res.json({ portalId: session.portalId, jobs: await deadLetters(session.portalId) });
  });

  router.use(
    evidenceRoutes({
      ...options,
      evidence: options.evidence ?? new EvidenceService(options),
      signedIn,
      changing,
      csrfOf,
      sendPage,
      actorOf,
    }),
  );

  // Playbook.
  const renderPlaybook = async (
    res: Response,
    session: AdminSession,
    status: number,
    extra: Partial<PlaybookView> & { version?: number; draft?: PlaybookView['draft']; last?: number } = {},
  ) => {
    const { version, draft, last, ...rest } = extra;
    const view = await options.service.playbookView(session.portalId, csrfOf(session), {
      version,
      draft,
      last,
    });
    sendPage(res, status, {
      title: 'Playbook',
      active: 'playbook',
      session,
      csrf: csrfOf(session),
      body: playbookBody({ ...view, ...rest }),
    });
  };

  router.get('/admin/playbook', async (req, res) => {
    const session = await signedIn(req, res);
    if (!session) return;
    const version = /^\d+$/.test(String(req.query.version ?? '')) ? Number(req.query.version) : undefined;
    const saved = /^\d+$/.test(String(req.query.saved ?? '')) ? Number(req.query.saved) : undefined;
    await renderPlaybook(res, session, 200, { version, saved });
  });

  router.get('/admin/playbook/diff', async (req, res) => {
    const session = await signedIn(req, res);
    if (!session) return;
    const diff = await options.service.playbookDiff(
      session.portalId,
      String(req.query.from ?? ''),
      String(req.query.to ?? ''),
    );
    await renderPlaybook(res, session, 'error' in diff ? 400 : 200, { diff });
  });

  router.post('/admin/playbook', form, async (req, res) => {
    const session = await changing(req);
    const draft = readDraft(req);
    try {
      const version = await options.playbooks.save(session.portalId, {
        ...draft,
        actor: actorOf(session),
        note: draft.note || null,
      });
      options.log.info({ portalId: session.portalId, version }, 'playbook version saved on the admin page');
      res.redirect(303, `/admin/playbook?saved=${version}`);
    } catch (error) {
      if (!isHandoffError(error) || error.code !== 'playbook_invalid') throw error;
      const problems = (error.details?.problems as string[] | undefined) ?? [error.message];
      await renderPlaybook(res, session, 422, { draft, problems });
    }
  });

  router.post('/admin/playbook/dry-run', form, async (req, res) => {
    const session = await changing(req);
    const draft = readDraft(req);
    const lastText = String((req.body as Record<string, unknown>).last ?? DRY_RUN_DEFAULT);
    const last = Math.min(
      DRY_RUN_MAX,
      Math.max(1, /^\d+$/.test(lastText) ? Number(lastText) : DRY_RUN_DEFAULT),
    );
    const outcome = await options.service.dryRun(session.portalId, draft, last);
    if ('problems' in outcome)
      return renderPlaybook(res, session, 422, { draft, last, problems: outcome.problems });
    await renderPlaybook(res, session, 200, {
      draft,
      last,
      dryRun: 'error' in outcome ? { last, error: outcome.error } : { last, result: outcome.result },
    });
  });

  router.post('/admin/playbook/restore', form, async (req, res) => {
    const session = await changing(req);
    const wanted = Number((req.body as Record<string, unknown>).version);
    const [old] = await options.store.listPlaybookVersions({
      portalId: session.portalId,
      limit: 1,
      version: wanted,
    });
    if (!old) throw new HandoffError('not_found', `This portal has no playbook version ${wanted}`, 404);
    const version = await options.playbooks.save(session.portalId, {
      text: old.text,
      format: old.fileName.endsWith('.json') ? 'json' : 'yaml',
      actor: actorOf(session),
      note: `back to version ${old.version}`,
    });
    res.redirect(303, `/admin/playbook?saved=${version}`);
  });

  return router;
}

function readDraft(req: Request): { text: string; format: 'yaml' | 'json'; note: string } {
  const body = req.body as Record<string, unknown>;
  return {
    text: typeof body.text === 'string' ? body.text.replace(/\r\n/g, '\n') : '',
    format: body.format === 'json' ? 'json' : 'yaml',
    note: typeof body.note === 'string' ? body.note.trim().slice(0, 500) : '',
  };
}

function actorOf(session: AdminSession): string {
  return session.via === 'hubspot' ? `hubspot:${session.user}` : 'admin-token';
}
