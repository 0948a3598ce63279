import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { claimGroupOf } from '../store/claim-groups';
import type { PortalLeaseScope, Store, StoredEvent } from '../store/store';
import { exponentialBackoff, type Backoff } from './backoff';
import type { EventHandler, EventResult } from './event-handler';
import { circuitAfterBatch, type FailureKind, type PortalGate } from './failure-kind';
import { ResultRecorder, type ResultMetrics } from './result-recorder';

/** How long a claim holds by default before another worker may take the events. */
export const DEFAULT_LEASE_MS = 60_000;

/** A new lead waits at most this long for others to share its decision batch. */
export const DEFAULT_LINGER_MS = 200;

type WorkerMetrics = ResultMetrics & Pick<Metrics, 'queueDepth' | 'queueOldestAgeSeconds'>;

export interface EventWorkerOptions {
  store: Store;
  handler: EventHandler;
  logger: Logger;
  metrics?: WorkerMetrics;
  /** Unique per worker; defaults to host, pid and a random suffix. */
  owner?: string;
  /** Events per claim, all of one portal. */
  batchSize?: number;
  /**
   * How long the running loop holds a part-full batch of new contacts for more to arrive (HubSpot
   * spreads one import over many deliveries), measured from the batch's oldest event. A full batch
   * never waits; `drain()` never lingers.
   */
  lingerMs?: number;
  /** How long a claim holds before another worker may take the events (renewed while working). */
  leaseMs?: number;
  /** Sleep between claims when the queue is empty (`notify()` cuts it short). */
  pollIntervalMs?: number;
  /** Attempts before an event is dead-lettered. */
  maxAttempts?: number;
  backoff?: Backoff;
  /** What kind of failure a thrown error is (`hubspotErrorKind` from `src/hubspot/`). */
  classify?: (error: unknown) => FailureKind;
  /** The per-portal circuit: while open, a portal's events wait without spending attempts. */
  gate?: PortalGate;
  /** Called after each batch is recorded (the app wakes the write-back lane with it). */
  afterBatch?: () => void;
  /** Several processes on one store: claim only the portals this process leases. */
  leases?: { scope(): PortalLeaseScope };
  /** How often the queue gauges are refreshed while running. */
  gaugeIntervalMs?: number;
  now?: () => number;
}

/**
 * Claims batches of stored webhook events, hands them to the handler and records each result:
 * done (together with the handler's own writes), retried with backoff, or dead-lettered.
 */
export class EventWorker {
  readonly owner: string;
  private readonly store: Store;
  private readonly handler: EventHandler;
  private readonly log: Logger;
  private readonly metrics?: WorkerMetrics;
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly recorder: ResultRecorder;
  private readonly gaugeIntervalMs: number;
  private readonly now: () => number;
  private readonly gate?: PortalGate;
  private readonly afterBatch?: () => void;
  private readonly leases?: { scope(): PortalLeaseScope };
  /** The portal of the last batch: claims rotate across portals with work. */
  private lastPortal?: number;

  /** The running loop; each `start()` gets its own, so a loop abandoned by `stop()` never revives. */
  private run?: { stopping: boolean; done: Promise<void> };
  private wake?: () => void;
  private notified = false;
  private gaugeTimer?: NodeJS.Timeout;

  constructor(options: EventWorkerOptions) {
    this.store = options.store;
    this.handler = options.handler;
    this.metrics = options.metrics;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.log = options.logger.child({ worker: this.owner });
    this.batchSize = options.batchSize ?? 100;
    this.lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.gaugeIntervalMs = options.gaugeIntervalMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.gate = options.gate;
    this.afterBatch = options.afterBatch;
    this.leases = options.leases;
    this.recorder = new ResultRecorder({
      classify: options.classify,
      store: this.store,
      owner: this.owner,
      logger: this.log,
      maxAttempts: options.maxAttempts ?? 8,
      backoff: options.backoff ?? exponentialBackoff(),
      metrics: this.metrics,
      now: this.now,
    });
  }

  /** Starts the claim loop; it runs until `stop()`. */
  start(): void {
    if (this.run) return;
    const run = { stopping: false, done: Promise.resolve() };
    run.done = this.loop(run);
    this.run = run;
    this.gaugeTimer = setInterval(() => void this.updateQueueGauges(), this.gaugeIntervalMs);
    this.gaugeTimer.unref();
    void this.updateQueueGauges();
  }

  /** New events were stored: claim now rather than at the end of the idle sleep. */
  notify(): void {
    if (this.wake) this.wake();
    else this.notified = true;
  }

  /**
   * Stops claiming and waits up to `timeoutMs` for the current batch. Whatever this worker still
   * holds afterwards is released, so another worker takes it at once instead of after the lease.
   */
  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.run = undefined;
    run.stopping = true;
    this.wake?.();
    clearInterval(this.gaugeTimer);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>(
      (resolve) => (timer = setTimeout(() => resolve(false), options.timeoutMs ?? 10_000)),
    );
    const finished = await Promise.race([run.done.then(() => true as const), deadline]);
    clearTimeout(timer);
    // Also after a finished loop: a batch whose result could not be written is still leased to us.
    const released = await this.store.events.release(this.owner, this.now());
    if (!finished) {
      this.log.warn({ released }, 'event worker stopped before its batch finished; its events were released');
    } else if (released > 0) {
      this.log.warn({ released }, 'event worker released events it still held at stop');
    }
  }

  /** Claims and processes one batch; returns how many events it claimed (0: nothing available). */
  async runOnce(options: { linger?: boolean } = {}): Promise<number> {
    let events = await this.store.events.claim({
      owner: this.owner,
      limit: this.batchSize,
      leaseMs: this.leaseMs,
      now: this.now(),
      skipPortals: this.gate?.waiting(),
      after: this.lastPortal,
      leases: this.leases?.scope(),
    });
    if (options.linger && this.lingerMs > 0) events = await this.topUp(events);
    if (events.length > 0) {
      this.lastPortal = (events[0] as StoredEvent).portalId;
      await this.processBatch(events);
    }
    return events.length;
  }

  /**
   * Holds a part-full batch of new contacts until it is full or its oldest event has waited
   * `lingerMs`, claiming the same portal's creations as they arrive (`notify()` wakes it early).
   */
  private async topUp(events: StoredEvent[]): Promise<StoredEvent[]> {
    const creations = (batch: StoredEvent[]) => batch.filter((event) => claimGroupOf(event) === 'create');
    const first = creations(events);
    if (first.length === 0 || first.length >= this.batchSize) return events;
    const portalId = (first[0] as StoredEvent).portalId;
    const deadline = Math.min(...first.map((event) => event.receivedAt)) + this.lingerMs;
    const started = Date.now();
    let held = events;
    let count = first.length;
    // Both clocks: the app's may be simulated (the demo), the wait is always real time.
    while (count < this.batchSize && this.now() < deadline && Date.now() - started < this.lingerMs) {
      await this.sleep(Math.min(deadline - this.now(), this.lingerMs - (Date.now() - started)));
      const more = await this.store.events.claim({
        owner: this.owner,
        limit: this.batchSize - count,
        leaseMs: this.leaseMs,
        now: this.now(),
        portalId,
        group: 'create',
      });
      held = [...held, ...more];
      count += creations(more).length;
    }
    return held;
  }

  /** Runs batches until none is available now; returns how many events were claimed in total. */
  async drain(): Promise<number> {
    let total = 0;
    for (let claimed = await this.runOnce(); claimed > 0; claimed = await this.runOnce()) total += claimed;
    return total;
  }

  async updateQueueGauges(): Promise<void> {
    if (!this.metrics) return;
    try {
      const stats = await this.store.events.stats(this.now());
      this.metrics.queueDepth.set(stats.depth);
      this.metrics.queueOldestAgeSeconds.set((stats.oldestAgeMs ?? 0) / 1000);
    } catch (error) {
      this.log.warn({ err: error }, 'could not read queue statistics; gauges keep their last value');
    }
  }

  private async loop(run: { stopping: boolean }): Promise<void> {
    while (!run.stopping) {
      let claimed = 0;
      try {
        claimed = await this.runOnce({ linger: true });
      } catch (error) {
        // Usually the store is unreachable; claims resume after the poll interval.
        this.log.error({ err: error }, 'event worker could not claim or settle a batch; retrying shortly');
      }
      if (claimed === 0 && !run.stopping) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return this.sleep(this.pollIntervalMs);
  }

  /** Sleeps up to `ms`; `notify()` (new events stored) or `stop()` cuts it short. */
  private sleep(ms: number): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wake = done;
    });
  }

  private async processBatch(events: StoredEvent[]): Promise<void> {
    const batchLog = this.log.child({ portalId: events[0]?.portalId, batchSize: events.length });
    const stopRenewing = this.keepLeases(events.map((event) => event.id));
    try {
      const portalId = (events[0] as StoredEvent).portalId;
      if (this.gate && !this.gate.allow(portalId)) {
        const ids = events.map((event) => event.id);
        await this.store.events.defer(ids, this.owner, this.now() + 1_000, 'HubSpot circuit open');
        return;
      }
      const results = await this.runHandler(events, batchLog);
      const failures = [...results.values()].flatMap((result) =>
        !result.ok && 'cause' in result ? [this.recorder.kindOf(result)] : [],
      );
      const circuit = circuitAfterBatch(this.gate, portalId, failures, batchLog);
      await this.recorder.record(events, results, batchLog, circuit);
      this.afterBatch?.();
    } finally {
      stopRenewing();
    }
  }

  private async runHandler(events: StoredEvent[], log: Logger): Promise<Map<number, EventResult>> {
    try {
      return await this.handler(events, { log });
    } catch (error) {
      log.error({ err: error }, 'event handler threw; the whole batch will be retried');
      const failure: EventResult = { ok: false, cause: error };
      return new Map(events.map((event) => [event.id, failure]));
    }
  }

  /** Renews the batch's leases every third of a lease while it is worked on; returns the stopper. */
  private keepLeases(ids: number[]): () => void {
    const timer = setInterval(
      () => {
        this.store.events.renew(ids, this.owner, this.now() + this.leaseMs).catch((error: unknown) => {
          this.log.warn({ err: error }, 'could not renew leases; another worker may take the batch');
        });
      },
      Math.max(1, Math.floor(this.leaseMs / 3)),
    );
    timer.unref();
    return () => clearInterval(timer);
  }
}
