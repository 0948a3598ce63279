import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { routeNotFound, sendError, type ApiContext, type FaultOptions } from './http/api-context';
import { associationRoutes } from './http/association-routes';
import { batchRoutes } from './http/batch-routes';
import { CallLog } from './http/call-log';
import { guardApi, logCalls } from './http/guard';
import { oauthRoutes } from './http/oauth-routes';
import { objectRoutes } from './http/object-routes';
import { ownerRoutes } from './http/owner-routes';
import { pipelineRoutes } from './http/pipeline-routes';
import { propertyRoutes } from './http/property-routes';
import { RateLimits, type RateLimitOptions } from './http/rate-limits';
import { faultOptions, rateLimitOptions, type PortalSetup, type SimulatorOptions } from './options';
import { Portal } from './portal';
import { drawDelay, seededRandom } from './random';
import { seedPortal, type SeedCatalog } from './seed/seed-portal';
import { DEFAULT_SCOPES, TokenRegistry } from './tokens';
import { DEFAULT_WEBHOOK_OPTIONS, WebhookSender, type WebhookTarget } from './webhooks/webhook-sender';

export interface Simulator {
  url: string;
  portals: Map<number, Portal>;
  /** What each seeded portal holds, for generators and tests (accounts, their domains, contacts). */
  catalogs: Map<number, SeedCatalog>;
  callLog: CallLog;
  webhooks: WebhookSender;
  tokens: TokenRegistry;
  portal(portalId: number): Portal;
  addPortal(setup: PortalSetup): Portal;
  setWebhookTarget(portalId: number, target: WebhookTarget | null): void;
  /** What HubSpot's authorize page gives the redirect URI when a person installs the app. */
  issueAuthorizationCode(input: {
    portalId: number;
    clientId: string;
    redirectUri: string;
    scopes?: string[];
  }): string;
  setRateLimits(options: Partial<RateLimitOptions>): void;
  setFaults(options: number | Partial<FaultOptions>): void;
  /** HubSpot down (every API call 503, nothing applied) or back up; other faults are kept. */
  setOutage(down: boolean): void;
  stop(): Promise<void>;
}

/** A stateful HubSpot: the CRM API subset Handoff uses, its limits and its webhooks, on localhost. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const now = options.now ?? Date.now;
  const random = seededRandom(options.seed ?? 1);
  const searchLag = options.searchLagMs ?? [1_000, 3_000];
  const context: ApiContext = {
    portals: new Map(),
    tokens: new TokenRegistry(options.accessTokenTtlMs ?? 30 * 60_000),
    callLog: new CallLog(),
    rateLimits: new RateLimits(rateLimitOptions(options.rateLimits)),
    faults: faultOptions(options.faults),
    latencyMs: options.latencyMs ?? 0,
    oauthApps: options.oauthApps ?? [],
    associationPageSize: options.associationPageSize ?? 500,
    random,
    now,
  };
  const webhooks = new WebhookSender({ ...DEFAULT_WEBHOOK_OPTIONS, ...options.webhooks }, random, now);
  const catalogs = new Map<number, SeedCatalog>();

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '10mb' }));
  app.use(express.urlencoded({ extended: false }));
  app.use(logCalls(context));
  app.use(oauthRoutes(context));
  app.use(['/crm'], guardApi(context));
  app.use(objectRoutes());
  app.use(batchRoutes());
  app.use(associationRoutes(context));
  app.use(ownerRoutes());
  app.use(pipelineRoutes());
  app.use(propertyRoutes());
  app.use((req, res) => sendError(res, routeNotFound(req)));
  // A body that is not JSON: HubSpot's 400 for invalid input.
  app.use(
    (
      error: Error & { status?: number },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = error.status === 413 ? 413 : 400;
      res.status(status).json({
        status: 'error',
        message: `Invalid input JSON: ${error.message}`,
        correlationId: crypto.randomUUID(),
        category: 'VALIDATION_ERROR',
      });
    },
  );

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;

  const addPortal = (setup: PortalSetup): Portal => {
    const portal = new Portal({
      portalId: setup.portalId,
      now,
      searchLagMs: () => drawDelay(searchLag, random),
    });
    context.portals.set(portal.id, portal);
    if (setup.accessToken) context.tokens.addStatic(setup.accessToken, portal.id);
    // Existing records are older than the simulator's "now" (the demo's month starts in the past).
    if (setup.seed) catalogs.set(portal.id, seedPortal(portal, { now: now(), ...setup.seed }));
    portal.onChange((change) => webhooks.enqueue(change));
    if (setup.webhooks) webhooks.configure(portal.id, setup.webhooks);
    return portal;
  };
  for (const setup of options.portals ?? []) addPortal(setup);

  return {
    url,
    portals: context.portals,
    catalogs,
    callLog: context.callLog,
    webhooks,
    tokens: context.tokens,
    portal(portalId) {
      const portal = context.portals.get(portalId);
      if (!portal) throw new Error(`The simulator has no portal ${portalId}`);
      return portal;
    },
    addPortal,
    setWebhookTarget: (portalId, target) => webhooks.configure(portalId, target),
    issueAuthorizationCode: ({ portalId, clientId, redirectUri, scopes }) =>
      context.tokens.issueCode(
        { portalId, clientId, redirectUri, scopes: scopes ?? [...DEFAULT_SCOPES], userId: 1 },
        now(),
      ),
    setRateLimits(limits) {
      context.rateLimits.options = { ...context.rateLimits.options, ...limits };
    },
    setFaults(faults) {
      context.faults = faultOptions(faults);
    },
    setOutage(down) {
      context.faults = { ...context.faults, outage: down };
    },
    async stop() {
      webhooks.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
