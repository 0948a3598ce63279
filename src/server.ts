import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminSetup } from './admin/admin-setup';
import { createApp } from './app';
import { CardService } from './card/card-service';
import { readAppManifest, scopesFor } from './app-manifest';
import type { Config } from './config';
import type { OAuthFlow } from './http/oauth-routes';
import { HubSpotClients } from './hubspot/client-registry';
import { DEFAULT_BACKOFF_BASE_MS } from './hubspot/hubspot-client';
import { HubSpotOAuth } from './hubspot/oauth';
import { ensureHandoffProperties } from './hubspot/properties';
import { describeError } from './errors';
import { fallbackOwnerProblems } from './hubspot/fallback-owner-check';
import { missingRuleProperties } from './hubspot/rule-properties';
import { handleEvents } from './jobs/handle-events';
import { handoffJobs } from './jobs/handoff-jobs';
import { scheduledJobs } from './jobs/scheduled-jobs';
import { BACKLOG_LANE, WRITE_BACK_LANE } from './jobs/job-lanes';
import { Scheduler } from './jobs/scheduler';
import { PortalPlaybooks } from './portal-playbooks';
import { readPlaybook } from './read-playbook';
import type { Logger } from './log';
import { registerAccountabilityGauge } from './accountability-metric';
import { createMetrics, type Metrics } from './metrics';
import { exponentialBackoff } from './queue/backoff';
import { DEFAULT_LEASE_MS, EventWorker } from './queue/event-worker';
import { DEFAULT_JOB_LEASE_MS, JobWorker } from './queue/job-worker';
import { DEFAULT_PORTAL_LEASE_MS, PortalLeaseKeeper } from './queue/portal-lease-keeper';
import { hubspotErrorKind } from './hubspot/error-kind';
import { PortalCircuits } from './hubspot/portal-circuit';
import { enqueueFirstSync } from './jobs/sync-crm-index-job';
import { provisionUntilDone, type ProvisionLoop } from './install/provision-until-done';
import { TokenCrypto } from './security/token-crypto';
import { openStore } from './store/open-store';
import type { Store } from './store/store';
import type { PortalGate } from './webhooks/receive-webhook-batch';

export interface RunningHandoff {
  url: string;
  store: Store;
  clients: HubSpotClients;
  worker: EventWorker;
  /** The job queue's backlog lane (every job but write-back). */
  jobWorker: JobWorker;
  /** The job queue's write-back lane (src/jobs/job-lanes.ts). */
  writeBackLane: JobWorker;
  metrics: Metrics;
  /** Runs one scheduled job now (its slot is claimed as the scheduler would): the demo's simulated days. */
  runJob(name: string): Promise<'ran' | 'skipped' | 'failed'>;
  /** Graceful: stop intake, finish or release claimed work, close the store. */
  stop(): Promise<void>;
}

/** Receiver and workers in one process, as `npm start` runs them. */
export async function startHandoff(
  config: Config,
  log: Logger,
  options: {
    now?: () => number;
    /** Overrides PORT; 0 picks a free port (tests). */
    port?: number;
    /** False: no scheduled jobs (tests and the demo run them by hand). */
    schedule?: boolean;
  } = {},
): Promise<RunningHandoff> {
  const now = options.now ?? Date.now;
  const metrics = createMetrics({ defaultMetrics: true });
  const store = await openStore(config.databaseUrl);
  registerAccountabilityGauge(metrics.registry, store, now);
  const crypto = config.tokenEncryptionKey ? new TokenCrypto(config.tokenEncryptionKey) : null;
  const oauth = config.hubspotClientId
    ? new HubSpotOAuth({
        clientId: config.hubspotClientId,
        clientSecret: config.hubspotClientSecret as string,
        baseUrl: config.hubspotApiBaseUrl,
        metrics,
      })
    : null;
  const clients = new HubSpotClients({
    auth:
      config.mode === 'static'
        ? {
            mode: 'static',
            accessToken: config.hubspotAccessToken as string,
            portalId: config.hubspotPortalId,
          }
        : { mode: 'oauth', store, crypto: crypto as TokenCrypto, oauth: oauth as HubSpotOAuth },
    baseUrl: config.hubspotApiBaseUrl,
    metrics,
    logger: log,
    backoffBaseMs: DEFAULT_BACKOFF_BASE_MS * config.queueTimeScale,
  });

  const playbook = await readPlaybook(config.handoffConfigPath);
  // A portal's playbook saved on the admin page runs instead of this one.
  const playbooks = new PortalPlaybooks({
    store,
    fallback: playbook,
    fallbackText: config.handoffConfigPath
      ? { text: await readFile(config.handoffConfigPath, 'utf8'), fileName: config.handoffConfigPath }
      : undefined,
    now,
    // A saved playbook may add disqualification reasons: HubSpot's property needs them as options.
    onSaved: (portalId) => {
      provisionProperties(portalId).catch((error: Error) =>
        log.error({ portalId, err: error.message }, 'property options not updated; run `npm run setup`'),
      );
    },
    checkWithHubSpot: async (portalId, saved) => {
      try {
        return (await fallbackOwnerProblems(await clients.forPortal(portalId), saved)).map((p) => p.message);
      } catch (error) {
        // HubSpot unreachable: save anyway; provisioning reports the owner once it can read them.
        log.warn(
          { portalId, err: describeError(error) },
          'fallbackOwner not checked: HubSpot owners unreadable',
        );
        return [];
      }
    },
  });
  const playbookFor = (portalId: number) => playbooks.forPortal(portalId);
  const work = handoffJobs({ store, clients, playbook, playbookFor, log, now, metrics });
  // One circuit per portal, shared: an outage seen by either worker holds both queues' work.
  const circuits = new PortalCircuits({ now, timeScale: config.queueTimeScale });
  // Several processes may share PostgreSQL: each portal's work goes to one of them at a time, so its
  // limiter is the portal's only one. SQLite has one process, which works every portal.
  const leases = config.databaseUrl.startsWith('postgres')
    ? new PortalLeaseKeeper({
        store,
        logger: log,
        leaseMs: Math.max(3_000, DEFAULT_PORTAL_LEASE_MS * config.queueTimeScale),
        now,
      })
    : undefined;
  const worker = new EventWorker({
    store,
    handler: handleEvents({ clients, log, handlers: work.events }),
    logger: log,
    metrics,
    classify: hubspotErrorKind,
    gate: circuits,
    // QUEUE_TIME_SCALE (tests and the reliability suite only) compresses retries and leases.
    backoff: exponentialBackoff({ scale: config.queueTimeScale }),
    leaseMs: DEFAULT_LEASE_MS * config.queueTimeScale,
    leases,
    // The app's clock, as events are stamped with it (the demo's simulated month moves it).
    now,
    // A decided batch's write-back jobs are committed with it: the write-back lane starts at once.
    afterBatch: () => writeBackLane.notify(),
  });
  // Handoff's own work (write-back, tasks, response clock): waits per portal while HubSpot is out.
  // Two lanes (src/jobs/job-lanes.ts): write-back never queues behind the backlog of other jobs.
  const jobWorkerFor = (lane: 'write-back' | 'backlog') =>
    new JobWorker({
      store,
      jobs: work.jobs,
      classify: hubspotErrorKind,
      gate: circuits,
      logger: log.child({ lane }),
      metrics,
      pollIntervalMs: 500,
      backoff: exponentialBackoff({ scale: config.queueTimeScale }),
      leaseMs: DEFAULT_JOB_LEASE_MS * config.queueTimeScale,
      leases,
      now,
      lane: lane === 'write-back' ? WRITE_BACK_LANE : BACKLOG_LANE,
    });
  const writeBackLane = jobWorkerFor('write-back');
  const jobWorker = jobWorkerFor('backlog');
  const provisionProperties = async (portalId: number) => {
    const portalPlaybook = await playbookFor(portalId);
    const client = await clients.forPortal(portalId);
    const report = await ensureHandoffProperties(client, {
      disqualificationReasons: portalPlaybook.disqualification.reasons,
      ratingReasons: portalPlaybook.leadRating.reasons,
    });
    // A routing rule on a property the account lacks never matches: reported like a conflict.
    const missing = await missingRuleProperties(client, portalPlaybook.routingRules);
    // An archived or unknown fallback owner is the playbook's fault, reported the same way.
    const fallbackOwner = await fallbackOwnerProblems(client, portalPlaybook);
    // Issue 16: the portal's CRM index is built once the properties are in place (a job, so a
    // crash or an outage resumes it from its cursors).
    await enqueueFirstSync(store, portalId, now());
    return {
      created: report.created,
      unchanged: report.unchanged,
      conflicts: [...report.conflicts, ...missing, ...fallbackOwner],
    };
  };
  const app = createApp({
    clientSecret: config.hubspotClientSecret as string,
    appBaseUrl: config.appBaseUrl,
    store,
    log,
    metrics,
    now,
    isPortalActive: portalGate(config, store),
    onEventsStored: () => worker.notify(),
    oauth: oauth && crypto ? oauthFlow(config, oauth, crypto, provisionProperties, playbook) : null,
    card: new CardService({ store, clients, playbook, playbookFor, log, now }),
    admin: adminSetup({
      config,
      store,
      clients,
      playbooks,
      oauth,
      manifest: {
        redirectPath: readAppManifest().auth.redirectPath,
        scopes: scopesFor(readAppManifest(), playbook).map((s) => s.scope),
      },
      log,
      now,
    }),
  });

  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.port, config.host, () => resolve());
  });
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  leases?.start();
  worker.start();
  writeBackLane.start();
  jobWorker.start();
  // Response clock, reconciliation and token refresh; safe with several processes on one store.
  const jobs = scheduledJobs({
    store,
    clients,
    playbook,
    playbookFor,
    log,
    mode: config.mode,
    staticPortalId: config.hubspotPortalId,
  });
  const scheduler = new Scheduler({ store, log, now, jobs });
  if (options.schedule !== false) scheduler.start();
  log.info({ url, mode: config.mode, appBaseUrl: config.appBaseUrl }, 'Handoff is listening');

  let provisioning: ProvisionLoop | undefined;
  if (config.mode === 'static') {
    if (config.hubspotPortalId === undefined) {
      log.warn('HUBSPOT_PORTAL_ID is not set: events of any portal are processed with HUBSPOT_ACCESS_TOKEN');
    } else {
      // Single-portal mode provisions at start-up, retrying in the background; the app serves meanwhile.
      const portalId = config.hubspotPortalId;
      provisioning = provisionUntilDone(() => provisionProperties(portalId), log);
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    url,
    store,
    clients,
    worker,
    jobWorker,
    writeBackLane,
    metrics,
    runJob(name) {
      const job = jobs.find((candidate) => candidate.name === name);
      if (!job) throw new Error(`No scheduled job ${name}: ${jobs.map((one) => one.name).join(', ')}`);
      return scheduler.runSlot(job, now());
    },
    stop() {
      stopping ??= (async () => {
        provisioning?.stop();
        await scheduler.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all([worker, jobWorker, writeBackLane].map((loop) => loop.stop({ timeoutMs: 10_000 })));
        await leases?.stop();
        await store.close();
      })();
      return stopping;
    },
  };
}

function portalGate(config: Config, store: Store): PortalGate {
  if (config.mode === 'static') {
    return async (portalId) => config.hubspotPortalId === undefined || portalId === config.hubspotPortalId;
  }
  return async (portalId) => (await store.portals.get(portalId))?.status === 'installed';
}

export function oauthFlow(
  config: Config,
  oauth: HubSpotOAuth,
  crypto: TokenCrypto,
  provisionProperties: OAuthFlow['provisionProperties'],
  playbook: Parameters<typeof scopesFor>[1] = { stages: { leadsObject: { enabled: false } } },
): OAuthFlow {
  const manifest = readAppManifest();
  // The Leads scopes only when this deployment's playbook turns the Leads object on.
  const scopes = scopesFor(manifest, playbook).map((s) => s.scope);
  const redirectUri = config.appBaseUrl + manifest.auth.redirectPath;
  return {
    authorizeUrl: (state) => oauth.authorizeUrl({ redirectUri, scopes, state }),
    exchangeCode: (code) => oauth.exchangeCode({ code, redirectUri }),
    tokenInfo: async (accessToken) => {
      const info = await oauth.tokenInfo(accessToken);
      return { portalId: info.hubId, scopes: info.scopes };
    },
    encryptToken: (token, portalId) => crypto.encrypt(token, portalId),
    provisionProperties,
  };
}
