import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { generateLeads } from '../../simulator/seed/new-leads';
import { startSimulator, type Simulator } from '../../simulator/start-simulator';
import type { WebhookSubscription } from '../../simulator/webhooks/subscriptions';
import { loadConfig } from '../../src/config';
import { HANDOFF_PROPERTIES } from '../../src/hubspot/property-definitions';
import { createLogger } from '../../src/log';
import { startHandoff, type RunningHandoff } from '../../src/server';
import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { demoEvidence, type DemoEvidence } from './demo-evidence';
import { demoFunnel, type DemoFunnel } from './demo-funnel';
import { summarise, type DemoSummary, type StreamedLead } from './demo-summary';
import { liveMonth } from './live-month';
import { progressBar } from './progress-bar';
import { DAY_MS, dayStart, SimulatedClock } from './simulated-clock';

export interface DemoOptions {
  /** New contacts to stream (default 500). */
  size?: number;
  /** Same seed, same portal and leads (default 42). */
  seed?: number;
  /** Fraction of HubSpot API calls answered 500, 502 or never, once properties are set up. */
  faults?: number;
  /** New contacts per second (default 200). */
  speed?: number;
  /** App port (default: a free one). */
  port?: number;
  rateLimits?: boolean;
  /** Fraction of webhook events HubSpot never delivers (default 0). */
  dropRate?: number;
  /** Where the embedded database and the app log go (default: a new temporary folder). */
  dataDir?: string;
  progress?: boolean;
  /** Give up waiting for the leads after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Simulated days the leads arrive over and reps work them (default 30, ending today). */
  days?: number;
}

export interface DemoRun {
  summary: DemoSummary;
  /** The month's lead funnel, as the admin page shows it. */
  funnel: DemoFunnel;
  /** The month's evidence against the true effects it was drawn from (true-effects.ts). */
  evidence: DemoEvidence;
  streamed: StreamedLead[];
  sim: Simulator;
  app: RunningHandoff;
  portalId: number;
  seconds: number;
  streamSeconds: number;
  logFile: string;
  /** Signs in to the admin page (`/admin`) for the demo portal. */
  adminToken: string;
  /** Every lead decided and written, and its follow-up jobs (tasks) run. */
  complete: boolean;
  stop(): Promise<void>;
}

export const DEMO_PORTAL_ID = 62515;
const DEMO_TOKEN = 'pat-na1-simulated-demo-token';
const DEMO_SECRET = 'simulated-demo-client-secret';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The app's own webhook subscriptions (webhooks/webhooks.json), as HubSpot would hold them. */
function appSubscriptions(): WebhookSubscription[] {
  const file = path.join(__dirname, '..', '..', 'webhooks', 'webhooks.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { subscriptions: WebhookSubscription[] }).subscriptions;
}

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`demo: timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * The main job with no account: a seeded simulated portal, the app in single-portal mode against
 * it, new contacts streamed as signed webhooks, and a summary read from stored state.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoRun> {
  const started = Date.now();
  const size = options.size ?? 500;
  const seed = options.seed ?? 42;
  const portalId = DEMO_PORTAL_ID;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'handoff-demo-'));
  const ownsDataDir = options.dataDir === undefined;
  const logFile = path.join(dataDir, 'handoff-demo.log');

  const days = options.days ?? 30;
  // The simulated month ends today; app and simulator share its clock (see SimulatedClock).
  const monthStart = dayStart(Date.now()) - (days - 1) * DAY_MS;
  const clock = new SimulatedClock(monthStart);
  const sim = await startSimulator({
    seed,
    now: clock.now,
    rateLimits: options.rateLimits ?? true,
    // HubSpot's day of retries, compressed so a failed delivery is retried within seconds.
    webhooks: { retryScale: 0.002, dropRate: options.dropRate ?? 0 },
    portals: [{ portalId, accessToken: DEMO_TOKEN, seed: { seed } }],
  });
  const port = options.port ?? (await freePort());
  const adminToken = randomBytes(18).toString('base64url');
  const config = loadConfig({
    PORT: String(port),
    DATABASE_URL: `sqlite:${path.join(dataDir, 'handoff-demo.db')}`,
    HUBSPOT_API_BASE_URL: sim.url,
    HUBSPOT_ACCESS_TOKEN: DEMO_TOKEN,
    HUBSPOT_PORTAL_ID: String(portalId),
    HUBSPOT_CLIENT_SECRET: DEMO_SECRET,
    ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'warn',
  });
  const log = createLogger(config.logLevel, pino.destination({ dest: logFile, sync: false, mkdir: true }));
  const app = await startHandoff(config, log, { port, now: clock.now });
  const stop = async () => {
    await app.stop();
    await sim.stop();
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // Start-up provisions the properties; webhooks start once they exist, as after an install.
    const portal = sim.portal(portalId);
    await waitFor(
      () => HANDOFF_PROPERTIES.every((property) => portal.properties.contacts.has(property.name)),
      30_000,
      'property set-up',
    );
    // Issue 16: the CRM index is built at install, before the first lead (as in a real install,
    // leads that arrive during the build are matched with search instead).
    await waitFor(
      async () => (await app.store.crmIndex.state(portalId)).phase === 'ready',
      120_000,
      'CRM index sync',
    );
    sim.setWebhookTarget(portalId, {
      targetUrl: `${config.appBaseUrl}/webhooks/hubspot`,
      clientSecret: DEMO_SECRET,
      appId: 4_242_001,
      subscriptions: appSubscriptions(),
    });
    if (options.faults) sim.setFaults(options.faults);

    const leads = generateLeads(sim.catalogs.get(portalId)!, { count: size, seed: seed + 1 });
    const bar = options.progress === false ? null : progressBar(size);
    const month = await liveMonth({
      clock,
      sim,
      app,
      portalId,
      leads,
      start: monthStart,
      days,
      perSecond: options.speed ?? 200,
      desk: { portalId, appBaseUrl: config.appBaseUrl, clientSecret: DEMO_SECRET },
      reasons: DEFAULT_PLAYBOOK.disqualification.reasons
        .map((reason) => reason.id)
        .filter((id) => !['other', 'no_response', 'duplicate'].includes(id)),
      seed,
      timeoutMs: options.timeoutMs ?? 300_000,
      onProgress: (state) => bar?.update({ ...state, seconds: (Date.now() - started) / 1000 }),
    });
    bar?.done();
    const { streamed, streamSeconds, complete } = month;
    const summary = await summarise(app.store, sim, portalId, streamed, app.metrics);
    const funnel = await demoFunnel(app.store, portalId, {
      from: monthStart,
      to: clock.now() + 1,
      days,
      repSteps: month.repSteps,
    });
    const evidence = await demoEvidence(app.store, portalId, { from: monthStart, to: clock.now() + 1 });
    return {
      summary,
      funnel,
      evidence,
      streamed,
      sim,
      app,
      portalId,
      seconds: (Date.now() - started) / 1000,
      streamSeconds,
      logFile,
      adminToken,
      complete,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
