import express, { Router } from 'express';
import { evidenceBody } from '../admin/evidence-page';
import { HandoffError } from '../errors';
import { parseEvidenceQuery, parseSuggestQuery } from '../evidence/evidence-query';
import type { EvidenceService } from '../evidence/evidence-service';
import { evidenceTable, suggestionJson } from '../evidence/evidence-view';
import type { Logger } from '../log';
import type { PortalPlaybooks } from '../playbooks/portal-playbooks';
import { toCsv } from '../reporting/metric-tables';
import { sendPage } from './admin-page';
import { actorOf, type AdminGuard } from './admin-session-middleware';

export interface EvidenceRouteOptions {
  evidence: EvidenceService;
  playbooks: Pick<PortalPlaybooks, 'active' | 'save'>;
  log: Logger;
  now: () => number;
}

/**
 * `/admin/evidence` (the page, with an optional suggestion), its JSON and CSV under
 * `/admin/api/evidence`, and `POST /admin/evidence/apply`, which saves the suggestion as a new
 * playbook version. The suggestion is computed again from the posted query, and refused when
 * the playbook changed since the page was shown, so what is saved is what was reviewed. Like the
 * other admin routers, every route is behind the session middleware (`guard`).
 */
export function evidenceRoutes(options: EvidenceRouteOptions, guard: AdminGuard): Router {
  const router = Router();
  const { signedIn, changing, sessionOf, csrfOf } = guard;
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.get('/admin/evidence', signedIn, async (req, res) => {
    const session = sessionOf(res);
    const now = options.now();
    const query = parseEvidenceQuery(req.query, now);
    const report = await options.evidence.evidence(session.portalId, query);
    const suggestion =
      req.query.suggest === '1'
        ? await options.evidence.suggest(session.portalId, parseSuggestQuery(req.query, now))
        : undefined;
    sendPage(res, 200, {
      title: 'Evidence',
      active: 'evidence',
      session,
      csrf: csrfOf(session),
      body: evidenceBody({ csrf: csrfOf(session), report, ...(suggestion ? { suggestion } : {}) }),
    });
  });

  router.get('/admin/api/evidence', signedIn, async (req, res) => {
    const session = sessionOf(res);
    const { rows, query, ...rest } = await options.evidence.evidence(
      session.portalId,
      parseEvidenceQuery(req.query, options.now()),
    );
    res.json({
      portalId: session.portalId,
      from: new Date(query.from).toISOString(),
      to: new Date(query.to).toISOString(),
      version: query.version ?? null,
      minSample: query.minSample,
      ...rest,
      ...evidenceTable(rows),
    });
  });

  router.get('/admin/api/evidence.csv', signedIn, async (req, res) => {
    const session = sessionOf(res);
    const report = await options.evidence.evidence(
      session.portalId,
      parseEvidenceQuery(req.query, options.now()),
    );
    res
      .type('text/csv; charset=utf-8')
      .attachment('handoff-evidence.csv')
      .send(toCsv(evidenceTable(report.rows)));
  });

  router.get('/admin/api/evidence/suggestion', signedIn, async (req, res) => {
    const session = sessionOf(res);
    const report = await options.evidence.suggest(
      session.portalId,
      parseSuggestQuery(req.query, options.now()),
    );
    res.json({ portalId: session.portalId, ...suggestionJson(report) });
  });

  router.post('/admin/evidence/apply', form, changing, async (req, res) => {
    const session = sessionOf(res);
    const body = req.body as Record<string, unknown>;
    const report = await options.evidence.suggest(session.portalId, parseSuggestQuery(body, options.now()));
    if (String(body.base ?? '') !== String(report.baseVersion)) {
      throw new HandoffError(
        'playbook_changed',
        `The playbook changed since this suggestion was shown (version ${report.baseVersion} runs now): open the Evidence page again and review the new suggestion`,
        409,
      );
    }
    if (report.suggestion.diff.same) {
      throw new HandoffError(
        'body_invalid',
        'The playbook already says what the suggestion says: nothing to save',
        400,
      );
    }
    const { text, format } = await options.evidence.suggestionText(session.portalId, report.suggestion);
    const { goal } = report.query;
    const version = await options.playbooks.save(session.portalId, {
      text,
      format,
      actor: actorOf(session),
      note: `evidence suggestion: keep ${Math.round(goal.keepOpportunities * 100)}% of opportunities, ${Math.round(goal.fewerMqls * 100)}% fewer MQLs, fitted on ${report.suggestion.trainedOn.mqls} MQLs`,
    });
    options.log.info(
      { portalId: session.portalId, version },
      'evidence suggestion saved as a playbook version',
    );
    res.redirect(303, `/admin/playbook?saved=${version}`);
  });

  return router;
}
