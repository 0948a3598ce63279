import express, { Router, type Request, type Response } from 'express';
import { DRY_RUN_DEFAULT, DRY_RUN_MAX } from '../admin/admin-service';
import type { AdminSession } from '../admin/admin-session';
import { playbookBody, type PlaybookView } from '../admin/playbook-page';
import { HandoffError, isHandoffError } from '../errors';
import type { AdminRouteOptions } from './admin-routes';
import { sendPage } from './admin-page';
import { actorOf, type AdminGuard } from './admin-session-middleware';

/**
 * The playbook editor: the running version and its history, a diff of two versions, saving a new
 * version, a dry run of a draft over recent decisions, and restoring an old version.
 */
export function adminPlaybookRoutes(
  options: Pick<AdminRouteOptions, 'service' | 'store' | 'playbooks' | 'log'>,
  guard: AdminGuard,
): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '512kb' });
  const { signedIn, changing, sessionOf, csrfOf } = guard;

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

  router.get('/admin/playbook', signedIn, async (req, res) => {
    const version = /^\d+$/.test(String(req.query.version ?? '')) ? Number(req.query.version) : undefined;
    const saved = /^\d+$/.test(String(req.query.saved ?? '')) ? Number(req.query.saved) : undefined;
    await renderPlaybook(res, sessionOf(res), 200, { version, saved });
  });

  router.get('/admin/playbook/diff', signedIn, async (req, res) => {
    const session = sessionOf(res);
    const diff = await options.service.playbookDiff(
      session.portalId,
      String(req.query.from ?? ''),
      String(req.query.to ?? ''),
    );
    await renderPlaybook(res, session, 'error' in diff ? 400 : 200, { diff });
  });

  router.post('/admin/playbook', form, changing, async (req, res) => {
    const session = sessionOf(res);
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

  router.post('/admin/playbook/dry-run', form, changing, async (req, res) => {
    const session = sessionOf(res);
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

  router.post('/admin/playbook/restore', form, changing, async (req, res) => {
    const session = sessionOf(res);
    const wanted = Number((req.body as Record<string, unknown>).version);
    const [old] = await options.store.playbooks.list({
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
