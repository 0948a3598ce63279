import { Router, type Request } from 'express';
import { auditBody } from '../admin/audit-page';
import { parseDashboardOptions } from '../admin/dashboard-options';
import { dashboardBody } from '../admin/dashboard-page';
import { deadLettersBody } from '../admin/dead-letters-page';
import { parseFunnelQuery } from '../reporting/funnel-report';
import { toCsv, type ReportTable } from '../reporting/metric-tables';
import { parseReportQuery } from '../reporting/quality-report';
import { parseRatingQuery } from '../reporting/rating-report';
import type { AdminRouteOptions } from './admin-routes';
import { sendPage } from './admin-page';
import type { AdminGuard } from './admin-session-middleware';

/** What the JSON and CSV report routes serve: a named table of columns and rows. */
type CsvTable = Pick<ReportTable, 'columns' | 'rows'> & { name: string; by: string };

/**
 * The signed-in portal's reports: the dashboard, metrics, funnel and ratings as JSON and CSV,
 * accountability, the audit search and the dead letters (jobs HubSpot refused).
 */
export function adminReportRoutes(
  options: Pick<AdminRouteOptions, 'service' | 'store' | 'now'>,
  guard: AdminGuard,
): Router {
  const router = Router();
  const { signedIn, sessionOf, csrfOf } = guard;

  router.get('/admin', signedIn, async (req, res) => {
    const session = sessionOf(res);
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
    router.get(path, signedIn, async (req, res) => {
      const session = sessionOf(res);
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
    router.get(`${path}.csv`, signedIn, async (req, res) => {
      const session = sessionOf(res);
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

  router.get('/admin/api/accountability', signedIn, async (_req, res) => {
    const session = sessionOf(res);
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

  router.get('/admin/audit', signedIn, async (req, res) => {
    const session = sessionOf(res);
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    sendPage(res, 200, {
      title: 'Audit',
      active: 'audit',
      session,
      csrf: csrfOf(session),
      body: auditBody(await options.service.audit(session.portalId, q)),
    });
  });

  router.get('/admin/api/decisions', signedIn, async (req, res) => {
    const session = sessionOf(res);
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const view = await options.service.audit(session.portalId, q);
    res.json({ portalId: session.portalId, results: view.results ?? [] });
  });

  // Dead letters: jobs HubSpot refused, with its message and correlation id.
  const deadLetters = (portalId: number) => options.store.jobs.list({ portalId, status: 'dead', limit: 200 });
  router.get('/admin/dead-letters', signedIn, async (_req, res) => {
    const session = sessionOf(res);
    const body = deadLettersBody(await deadLetters(session.portalId));
    sendPage(res, 200, {
      title: 'Dead letters',
      active: 'dead-letters',
      session,
      csrf: csrfOf(session),
      body,
    });
  });
  router.get('/admin/api/dead-letters', signedIn, async (_req, res) => {
    const session = sessionOf(res);
    res.json({ portalId: session.portalId, jobs: await deadLetters(session.portalId) });
  });

  return router;
}
