import { Router } from 'express';
import type { Metrics } from '../metrics';
import type { Store } from '../store/store';

export function healthRoutes(options: { store: Store; metrics: Metrics; now: () => number }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ready = await options.store.isReady().catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', store: ready });
  });
  router.get('/metrics', async (_req, res) => {
    const stats = await options.store.events.stats(options.now());
    options.metrics.queueDepth.set(stats.depth);
    options.metrics.queueOldestAgeSeconds.set(stats.oldestAgeMs === null ? 0 : stats.oldestAgeMs / 1000);
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
  return router;
}
