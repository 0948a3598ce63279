import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminSetup, type AdminSetupDeps } from './admin/admin-setup';
import type { Express } from 'express';
import { createApp } from './app';
import { CardService } from './card/card-service';
import { readAppManifest, scopesFor } from './app-manifest';
import type { Config } from './config';
import type { AdminRouteOptions } from './http/admin-routes';
import type { OAuthFlow } from './http/oauth-routes';
import type { Playbook } from './handoff';
import type { HubSpotClients } from './hubspot/client-registry';
import { hubspotAccess, type HubSpotAccess } from './hubspot/hubspot-access';
import { ensureHandoffProperties } from './hubspot/properties';
import { describeError } from './errors';
import { fallbackOwnerProblems } from './hubspot/fallback-owner-check';
import { missingRuleProperties } from './hubspot/rule-properties';
import { scheduledJobs, type ScheduledJobsDeps } from './schedules/scheduled-jobs';
import { Scheduler } from './schedules/scheduler';
import type { EventWorker } from './queue/event-worker';
import type { JobWorker } from './queue/job-worker';
import { queueWorkers, startQueues, stopQueues } from './queue-workers';
import { PortalPlaybooks } from './playbooks/portal-playbooks';
import { readPlaybook } from './playbooks/read-playbook';
import type { Logger } from './log';
import { registerAccountabilityGauge } from './reporting/accountability-metric';
import { createMetrics, type Metrics } from './metrics';
import { enqueueFirstSync } from './crm-index/sync-crm-index-job';
import { oauthFlow } from './install/oauth-flow';
import { provisionUntilDone, type ProvisionLoop } from './install/provision-until-done';
import { openStore } from './store/open-store';
import type { Store } from './store/store';
import type { PortalGate } from './intake/receive-webhook-batch';

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

interface StartOptions {
  now?: () => number;
  /** Overrides PORT; 0 picks a free port (tests). */
  port?: number;
  /** False: no scheduled jobs (tests and the demo run them by hand). */
  schedule?: boolean;
}

/**
 * Receiver and workers in one process, as `npm start` runs them. The composition root: each step
 * below builds one part from the parts before it, in the order they start and stop.
 */
export async function startHandoff(
  config: Config,
  log: Logger,
  options: StartOptions = {},
): Promise<RunningHandoff> {
  const now = options.now ?? Date.now;
  const metrics = createMetrics({ defaultMetrics: true });
  const store = await openStore(config.databaseUrl);
  registerAccountabilityGauge(metrics.registry, store, now);
  const hubspot = hubspotAccess(config, store, metrics, log);
  const { clients } = hubspot;
  const playbook = await readPlaybook(config.handoffConfigPath);
  const playbooks = await portalPlaybooks(config, playbook, {
    store,
    clients,
    log,
    now,
    // A saved playbook may add disqualification reasons: HubSpot's property needs them as options.
    onSaved: (portalId) => {
      provision(portalId).catch((error: Error) =>
        log.error({ portalId, err: error.message }, 'property options not updated; run `npm run setup`'),
      );
    },
  });
  const playbookFor = (portalId: number) => playbooks.forPortal(portalId);
  const queues = queueWorkers(config, { store, clients, playbook, playbookFor, log, now, metrics });
  const provision = propertyProvisioner({ store, clients, playbookFor, now });
  const onEventsStored = () => queues.worker.notify();
  const parts = { store, hubspot, playbook, playbooks, playbookFor, provision, log, metrics, now };
  const app = httpApp(config, { ...parts, onEventsStored });
  const { server, url } = await listen(app, options.port ?? config.port, config.host);
  startQueues(queues);
  // Response clock, reconciliation and token refresh; safe with several processes on one store.
  const jobs = scheduledJobs({ store, clients, playbook, playbookFor, log, ...scheduledPortals(config) });
  const scheduler = new Scheduler({ store, log, now, jobs });
  if (options.schedule !== false) scheduler.start();
  log.info({ url, mode: config.mode, appBaseUrl: config.appBaseUrl }, 'Handoff is listening');
  const provisioning = provisionAtStart(config, provision, log);

  return {
    url,
    store,
    clients,
    worker: queues.worker,
    jobWorker: queues.jobWorker,
    writeBackLane: queues.writeBackLane,
    metrics,
    runJob(name) {
      const job = jobs.find((candidate) => candidate.name === name);
      if (!job) throw new Error(`No scheduled job ${name}: ${jobs.map((one) => one.name).join(', ')}`);
      return scheduler.runSlot(job, now());
    },
    stop: once(async () => {
      provisioning?.stop();
      await scheduler.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stopQueues(queues);
      await store.close();
    }),
  };
}

/** Each portal's playbook: its version saved on the admin page, else HANDOFF_CONFIG's (`fallback`). */
async function portalPlaybooks(
  config: Config,
  fallback: Playbook,
  deps: {
    store: Store;
    clients: HubSpotClients;
    log: Logger;
    now: () => number;
    onSaved: (portalId: number) => void;
  },
): Promise<PortalPlaybooks> {
  const { log, clients } = deps;
  return new PortalPlaybooks({
    store: deps.store,
    fallback,
    fallbackText: config.handoffConfigPath
      ? { text: await readFile(config.handoffConfigPath, 'utf8'), fileName: config.handoffConfigPath }
      : undefined,
    now: deps.now,
    onSaved: deps.onSaved,
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
}

type Provision = OAuthFlow['provisionProperties'];

/** Puts a portal's handoff properties in place and reports what its playbook asks that HubSpot lacks. */
function propertyProvisioner(deps: {
  store: Store;
  clients: HubSpotClients;
  playbookFor: (portalId: number) => Promise<Playbook>;
  now: () => number;
}): Provision {
  return async (portalId) => {
    const portalPlaybook = await deps.playbookFor(portalId);
    const client = await deps.clients.forPortal(portalId);
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
    await enqueueFirstSync(deps.store, portalId, deps.now());
    return {
      created: report.created,
      unchanged: report.unchanged,
      conflicts: [...report.conflicts, ...missing, ...fallbackOwner],
    };
  };
}

/** The routes of CONTRACT §2: webhooks, OAuth installs (when the app has them), the card, `/admin`. */
function httpApp(
  config: Config,
  deps: {
    store: Store;
    hubspot: HubSpotAccess;
    playbook: Playbook;
    playbooks: PortalPlaybooks;
    playbookFor: (portalId: number) => Promise<Playbook>;
    provision: Provision;
    log: Logger;
    metrics: Metrics;
    now: () => number;
    onEventsStored: () => void;
  },
): Express {
  const { store, hubspot, playbook, playbooks, playbookFor, log, now } = deps;
  const { clients, oauth, crypto } = hubspot;
  return createApp({
    clientSecret: config.hubspotClientSecret,
    appBaseUrl: config.appBaseUrl,
    store,
    log,
    metrics: deps.metrics,
    now,
    isPortalActive: portalGate(config, store),
    onEventsStored: deps.onEventsStored,
    oauth: oauth && crypto ? oauthFlow(config, oauth, crypto, deps.provision, playbook) : null,
    card: new CardService({ store, clients, playbook, playbookFor, log, now }),
    admin: adminPage(config, { store, clients, playbooks, oauth, playbook, log, now }),
  });
}

function adminPage(
  config: Config,
  deps: Omit<AdminSetupDeps, 'config' | 'manifest'> & { playbook: Playbook },
): AdminRouteOptions {
  const manifest = readAppManifest();
  const { playbook, ...rest } = deps;
  return adminSetup({
    ...rest,
    config,
    manifest: {
      redirectPath: manifest.auth.redirectPath,
      scopes: scopesFor(manifest, playbook).map((s) => s.scope),
    },
  });
}

async function listen(app: Express, port: number, host: string | undefined) {
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}` };
}

/** Reconciliation and the index sweep work every installed portal, or the single one. */
function scheduledPortals(config: Config): Pick<ScheduledJobsDeps, 'mode' | 'staticPortalId'> {
  return config.mode === 'static'
    ? { mode: 'static', staticPortalId: config.hubspotPortalId }
    : { mode: 'oauth' };
}

function provisionAtStart(config: Config, provision: Provision, log: Logger): ProvisionLoop | undefined {
  if (config.mode !== 'static') return undefined;
  const portalId = config.hubspotPortalId;
  if (portalId === undefined) {
    log.warn('HUBSPOT_PORTAL_ID is not set: events of any portal are processed with HUBSPOT_ACCESS_TOKEN');
    return undefined;
  }
  // Single-portal mode provisions at start-up, retrying in the background; the app serves meanwhile.
  return provisionUntilDone(() => provision(portalId), log);
}

/** The first call runs `stop`; later calls wait for the same run. */
function once(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
}

function portalGate(config: Config, store: Store): PortalGate {
  if (config.mode === 'static') {
    return async (portalId) => config.hubspotPortalId === undefined || portalId === config.hubspotPortalId;
  }
  return async (portalId) => (await store.portals.get(portalId))?.status === 'installed';
}
