import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ADMIN_SESSION_COOKIE, type AdminSession, type AdminSessions } from '../admin/admin-session';
import { HandoffError } from '../errors';
import type { Store } from '../store/store';
import { readCookie } from './read-cookie';

/**
 * The one gate in front of every `/admin` page and API but sign-in: `signedIn` for reads,
 * `changing` for state-changing posts (the session's CSRF token in the form or the
 * `x-csrf-token` header). The routers put it on each route, after the route's body parser, and
 * read the session back with `sessionOf(res)`.
 */
export interface AdminGuard {
  /** A signed-in session, else a redirect to the sign-in page (HTML) or a 401 (`/admin/api/`). */
  signedIn: RequestHandler;
  /** A signed-in session whose CSRF token the request carries, else a 401 or a 403. */
  changing: RequestHandler;
  /** The session `signedIn` or `changing` let through. */
  sessionOf: (res: Response) => AdminSession;
  csrfOf: (session: AdminSession) => string;
}

const SESSION_LOCAL = 'adminSession';

export function adminSessionMiddleware(options: {
  store: { portals: Pick<Store['portals'], 'get'> };
  sessions: AdminSessions;
  now: () => number;
}): AdminGuard {
  /**
   * The request's session, if its signature holds, it has not expired and, for a HubSpot sign-in,
   * its portal still has Handoff installed: an uninstall ends every session of that portal.
   */
  const readSession = async (req: Request): Promise<AdminSession | null> => {
    const session = options.sessions.read(readCookie(req, ADMIN_SESSION_COOKIE), options.now());
    if (!session || session.via !== 'hubspot') return session;
    return (await options.store.portals.get(session.portalId))?.status === 'installed' ? session : null;
  };

  return {
    signedIn: async (req: Request, res: Response, next: NextFunction) => {
      const session = await readSession(req);
      if (session) {
        res.locals[SESSION_LOCAL] = session;
        return next();
      }
      if (req.path.startsWith('/admin/api/')) throw unauthorized();
      res.redirect(303, '/admin/login');
    },
    changing: async (req: Request, res: Response, next: NextFunction) => {
      const session = await readSession(req);
      if (!session) throw unauthorized();
      const token = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
      if (!options.sessions.checkCsrf(session, token)) {
        throw new HandoffError(
          'admin_csrf',
          'The form is stale or came from another site: reload the page and try again',
          403,
        );
      }
      res.locals[SESSION_LOCAL] = session;
      next();
    },
    sessionOf: (res) => {
      const session = res.locals[SESSION_LOCAL] as AdminSession | undefined;
      if (!session) throw new Error('an admin route read its session without the session middleware');
      return session;
    },
    csrfOf: (session) => options.sessions.csrfToken(session),
  };
}

/** Who a playbook version says saved it. */
export function actorOf(session: AdminSession): string {
  return session.via === 'hubspot' ? `hubspot:${session.user}` : 'admin-token';
}

function unauthorized(): HandoffError {
  return new HandoffError('admin_unauthorized', 'Sign in at /admin/login first', 401);
}
