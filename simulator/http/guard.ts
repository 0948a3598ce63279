import type { NextFunction, Request, Response } from 'express';
import { SimulatorError, unauthorized } from '../errors';
import { drawDelay } from '../random';
import { type ApiContext, sendError } from './api-context';
import { endpointOf } from './call-log';
import { loseAnswerAfterApplying } from './lost-answers';

/** Records every call in the call log when its answer is finished (or its client gave up). */
export function logCalls(context: ApiContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = context.now();
    // Taken now: inside a mounted router (the `/crm` guard) Express strips the mount from req.path.
    const { method, path } = req;
    let logged = false;
    const record = (status: number) => {
      if (logged) return;
      logged = true;
      const portal = res.locals.portal as { id: number } | undefined;
      context.callLog.record({
        at: started,
        portalId: portal?.id ?? null,
        method,
        path,
        endpoint: endpointOf(method, path),
        status,
        durationMs: context.now() - started,
        ...(res.locals.fault ? { fault: res.locals.fault } : {}),
      });
    };
    res.on('finish', () => record(res.statusCode));
    res.on('close', () => record(res.writableFinished ? res.statusCode : 0));
    next();
  };
}

/**
 * Bearer auth, then the account's rate limits, then injected latency and faults: the order HubSpot
 * answers in (a call without a valid token never counts against a limit).
 */
export function guardApi(context: ApiContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.get('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const info = token ? context.tokens.lookup(token) : undefined;
    if (!info) {
      sendError(
        res,
        unauthorized(
          'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
        ),
      );
      return;
    }
    const now = context.now();
    if (info.expiresAt !== null && info.expiresAt <= now) {
      const ago = Math.ceil((now - info.expiresAt) / 1000);
      sendError(
        res,
        unauthorized(
          `The OAuth token used to make this call expired ${ago} second(s) ago.`,
          'EXPIRED_AUTHENTICATION',
        ),
      );
      return;
    }
    const portal = context.portals.get(info.portalId);
    if (!portal) {
      sendError(res, unauthorized(`The account ${info.portalId} of this token no longer exists.`));
      return;
    }
    res.locals.portal = portal;
    if (context.faults.outage) {
      // HubSpot down: the edge answers, nothing behind it does, and no limit is counted.
      res.locals.fault = 'outage';
      sendError(res, new SimulatorError(503, 'SERVICE_UNAVAILABLE', 'Service Unavailable'));
      return;
    }
    const kind = req.method === 'POST' && req.path.endsWith('/search') ? 'search' : 'standard';
    const limited = context.rateLimits.check(portal.id, kind, now);
    if (kind === 'standard' && context.rateLimits.options.enabled) {
      res.set(context.rateLimits.headers(portal.id, now));
    }
    if (limited) {
      sendError(res, limited);
      return;
    }
    await injectLatencyAndFaults(context, res);
    if (res.headersSent || res.locals.fault) return;
    loseAnswerAfterApplying(context, req, res);
    next();
  };
}

async function injectLatencyAndFaults(context: ApiContext, res: Response): Promise<void> {
  const latency = drawDelay(context.latencyMs, context.random);
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  const { error500, error502, hang, hangMs } = context.faults;
  const roll = context.random();
  if (roll < error500) {
    res.locals.fault = 'error500';
    res.status(500).json({
      status: 'error',
      message: 'internal error',
      correlationId: crypto.randomUUID(),
      category: 'INTERNAL_ERROR',
    });
  } else if (roll < error500 + error502) {
    res.locals.fault = 'error502';
    res.status(502).type('text/html').send('<html><body><h1>502 Bad Gateway</h1></body></html>');
  } else if (roll < error500 + error502 + hang) {
    res.locals.fault = 'hang';
    const timer = setTimeout(() => res.socket?.destroy(), hangMs);
    res.on('close', () => clearTimeout(timer));
  }
}
