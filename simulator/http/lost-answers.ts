import type { Request, Response } from 'express';
import type { ApiContext, LostAnswer } from './api-context';

/** The faults the call log can name: injected instead of an answer, or after a create was applied. */
export type InjectedFault = 'error500' | 'error502' | 'hang' | 'outage' | `lost-${LostAnswer}`;

/** Single and batch creates: the writes whose answer may be lost after HubSpot applied them. */
export function isCreate(req: Request): boolean {
  return (
    req.method === 'POST' && /^\/crm\/v3\/objects\/[^/]+(\/batch\/create)?\/?$/.test(req.baseUrl + req.path)
  );
}

/** Creates seen per simulator, so the chosen share is lost exactly, not just on average. */
const createsSeen = new WeakMap<ApiContext, number>();

/**
 * Lets a chosen share of creates run, then loses their answer: HubSpot applied the write, but the
 * client sees a 502 from the edge, waits until it times out, or has its connection reset. This is
 * the ambiguous failure a client must not answer by creating the same records again. The share is
 * exact (with 0.3, 3 of every 10 creates), so a short run exercises it as much as a long one.
 */
export function loseAnswerAfterApplying(context: ApiContext, req: Request, res: Response): void {
  const { lostCreates, lostAs } = context.faults;
  if (lostCreates <= 0 || !isCreate(req)) return;
  const seen = createsSeen.get(context) ?? 0;
  createsSeen.set(context, seen + 1);
  if (Math.floor((seen + 1) * lostCreates) === Math.floor(seen * lostCreates)) return;
  const how = lostAs[Math.floor(context.random() * lostAs.length)] ?? 'error502';
  const send = res.json.bind(res);
  res.json = (body: unknown) => {
    // Only an applied create loses its answer; a refused one (4xx) changed nothing.
    if (res.statusCode >= 300) return send(body);
    res.locals.fault = `lost-${how}` satisfies InjectedFault;
    if (how === 'error502') {
      res.status(502).type('text/html').send('<html><body><h1>502 Bad Gateway</h1></body></html>');
    } else if (how === 'reset') {
      res.socket?.destroy();
    } else {
      const timer = setTimeout(() => res.socket?.destroy(), context.faults.hangMs);
      res.on('close', () => clearTimeout(timer));
    }
    return res;
  };
}
