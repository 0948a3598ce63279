import { Router } from 'express';
import type { AdminService } from '../admin/admin-service';
import type { AdminSessions } from '../admin/admin-session';
import type { AdminHubSpotSignIn } from '../admin/admin-sign-in';
import { EvidenceService } from '../evidence/evidence-service';
import type { Logger } from '../log';
import type { PortalPlaybooks } from '../playbooks/portal-playbooks';
import type { Store } from '../store/store';
import { adminPlaybookRoutes } from './admin-playbook-routes';
import { adminReportRoutes } from './admin-report-routes';
import { adminSessionMiddleware } from './admin-session-middleware';
import { adminSignInRoutes } from './admin-sign-in-routes';
import { evidenceRoutes } from './evidence-routes';

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

/**
 * `/admin`: the quality dashboard, audit search, evidence and playbook editor, for the one portal
 * the signed session names. Sign-in stands open; every other route is behind the session
 * middleware, and every state-changing request carries the session's CSRF token.
 */
export function adminRoutes(options: AdminRouteOptions): Router {
  const router = Router();
  const guard = adminSessionMiddleware(options);

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
  router.use(adminSignInRoutes(options, guard));
  router.use(adminReportRoutes(options, guard));
  router.use(
    evidenceRoutes({ ...options, evidence: options.evidence ?? new EvidenceService(options) }, guard),
  );
  router.use(adminPlaybookRoutes(options, guard));
  return router;
}
