import express, { type Express } from 'express';
import type { CardService } from './card/card-service';
import { adminRoutes, type AdminRouteOptions } from './http/admin-routes';
import { cardRoutes } from './http/card-routes';
import { errorHandler } from './http/error-handler';
import { healthRoutes } from './http/health-routes';
import { oauthRoutes, type OAuthFlow } from './http/oauth-routes';
import { rootRoute } from './http/root-route';
import { webhookRoutes } from './http/webhook-routes';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import type { Store } from './store/store';
import type { PortalGate } from './intake/receive-webhook-batch';

export interface AppDeps {
  clientSecret: string;
  appBaseUrl: string;
  store: Store;
  log: Logger;
  metrics: Metrics;
  now: () => number;
  isPortalActive: PortalGate;
  /** Wakes the workers when new events are stored. */
  onEventsStored: () => void;
  /** The OAuth install flow; null in single-portal mode. */
  oauth: OAuthFlow | null;
  /** The CRM card's backend (`/api/card/…`); absent in tests that do not need it. */
  card?: CardService;
  /** `/admin`: sign-in, reports, audit and playbook; absent in tests that do not need it. */
  admin?: AdminRouteOptions;
}

/** The HTTP surface of CONTRACT §2. Thin: each route is one call into a module that does the work. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(rootRoute({ installs: deps.oauth !== null }));
  app.use(healthRoutes(deps));
  app.use(
    webhookRoutes({
      clientSecret: deps.clientSecret,
      appBaseUrl: deps.appBaseUrl,
      onStored: deps.onEventsStored,
      store: deps.store,
      isPortalActive: deps.isPortalActive,
      log: deps.log,
      metrics: deps.metrics,
      now: deps.now,
    }),
  );
  // Before the OAuth routes: admin sign-ins come back through the install's callback URL.
  if (deps.admin) app.use(adminRoutes(deps.admin));
  app.use(
    oauthRoutes({
      flow: deps.oauth,
      store: deps.store,
      log: deps.log,
      now: deps.now,
      appBaseUrl: deps.appBaseUrl,
    }),
  );
  if (deps.card) {
    app.use(
      cardRoutes({
        card: deps.card,
        clientSecret: deps.clientSecret,
        appBaseUrl: deps.appBaseUrl,
        now: deps.now,
      }),
    );
  }
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: `No route for ${req.method} ${req.path}` } });
  });
  app.use(errorHandler(deps.log));
  return app;
}
