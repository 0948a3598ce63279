import type { ChangeEvent } from '../portal';
import { hubspotSignatureHeaders } from './sign-request';
import { subscribedType, toWebhookEvent, type WebhookEvent, type WebhookSubscription } from './subscriptions';

/** Where a portal's events go: the app's target URL, its client secret and its subscriptions. */
export interface WebhookTarget {
  targetUrl: string;
  clientSecret: string;
  appId: number;
  subscriptions: WebhookSubscription[];
}

export interface WebhookSenderOptions {
  /** HubSpot sends up to 100 events a request. */
  maxBatchSize: number;
  /** At most 10 requests in flight per installed account (HubSpot's webhooks guide). */
  maxConcurrent: number;
  /** How long events wait for company before a partial batch goes. */
  batchWindowMs: number;
  /** A delivery not answered within this is a failure (HubSpot waits 5 s). */
  timeoutMs: number;
  /** Delay before each retry; HubSpot retries up to 10 times, spread over about 24 hours. */
  retryDelaysMs: number[];
  /** Multiplies every retry delay: 0.001 compresses a day into about a minute and a half. */
  retryScale: number;
  /** Fraction of events never delivered at all (to prove reconciliation). */
  dropRate: number;
  /**
   * Each delivery is sent this many times at once, drawn per delivery from [min, max]: HubSpot
   * promises at-least-once, and a duplicate storm is its worst case. A batch counts as delivered
   * when any copy was answered 2xx.
   */
  copies: [number, number];
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookSenderOptions = {
  maxBatchSize: 100,
  maxConcurrent: 10,
  batchWindowMs: 50,
  timeoutMs: 5_000,
  retryDelaysMs: [60, 120, 300, 600, 1_800, 3_600, 7_200, 14_400, 28_800, 28_800].map((s) => s * 1000),
  retryScale: 1,
  dropRate: 0,
  copies: [1, 1],
};

export interface DeliveryRecord {
  portalId: number;
  at: number;
  events: number;
  attemptNumber: number;
  /** HTTP status, or `timeout` / `network`. */
  outcome: number | 'timeout' | 'network';
  durationMs: number;
}

interface PortalQueue {
  target: WebhookTarget;
  waiting: WebhookEvent[];
  retries: WebhookEvent[][];
  inFlight: number;
  scheduled: number;
  timer?: NodeJS.Timeout;
}

/** Delivers change events to each portal's app the way HubSpot does: batched, signed, retried. */
export class WebhookSender {
  readonly deliveries: DeliveryRecord[] = [];
  readonly dropped: WebhookEvent[] = [];
  readonly gaveUp: WebhookEvent[] = [];
  delivered = 0;
  /** Distinct events queued for delivery (each sent at least once, unless the portal gives up). */
  queued = 0;
  private readonly queues = new Map<number, PortalQueue>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private nextEventId = 1;
  private stopped = false;

  constructor(
    public options: WebhookSenderOptions,
    private readonly random: () => number,
    private readonly now: () => number,
  ) {}

  /** Sets (or with null, removes) where a portal's events go. */
  configure(portalId: number, target: WebhookTarget | null): void {
    if (!target) {
      this.queues.delete(portalId);
      return;
    }
    const queue = this.queues.get(portalId);
    if (queue) queue.target = target;
    else this.queues.set(portalId, { target, waiting: [], retries: [], inFlight: 0, scheduled: 0 });
  }

  target(portalId: number): WebhookTarget | undefined {
    return this.queues.get(portalId)?.target;
  }

  /** Queues one event per subscription that covers the change. */
  enqueue(change: ChangeEvent): void {
    const queue = this.queues.get(change.portalId);
    if (!queue || this.stopped) return;
    queue.target.subscriptions.forEach((subscription, index) => {
      const type = subscribedType(subscription, change);
      if (!type) return;
      const event = toWebhookEvent(change, type, {
        eventId: this.nextEventId++,
        subscriptionId: 1000 + index,
        appId: queue.target.appId,
      });
      if (this.random() < this.options.dropRate) this.dropped.push(event);
      else {
        queue.waiting.push(event);
        this.queued += 1;
      }
    });
    this.pump(queue, false);
  }

  /** Nothing waiting, in flight or scheduled for retry. */
  get busy(): boolean {
    return [...this.queues.values()].some(
      (queue) =>
        queue.waiting.length > 0 || queue.retries.length > 0 || queue.inFlight > 0 || queue.scheduled > 0,
    );
  }

  async idle(pollMs = 20): Promise<void> {
    while (this.busy && !this.stopped) await new Promise((resolve) => setTimeout(resolve, pollMs));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const queue of this.queues.values()) if (queue.timer) clearTimeout(queue.timer);
    for (const controller of this.controllers) controller.abort();
  }

  private pump(queue: PortalQueue, flushPartial: boolean): void {
    const { maxConcurrent, maxBatchSize } = this.options;
    while (queue.inFlight < maxConcurrent && queue.retries.length > 0)
      this.send(queue, queue.retries.shift()!);
    while (
      queue.inFlight < maxConcurrent &&
      (queue.waiting.length >= maxBatchSize || (flushPartial && queue.waiting.length > 0))
    ) {
      this.send(queue, queue.waiting.splice(0, maxBatchSize));
    }
    if (queue.waiting.length > 0 && !queue.timer && !this.stopped) {
      queue.timer = setTimeout(() => {
        queue.timer = undefined;
        this.pump(queue, true);
      }, this.options.batchWindowMs);
    }
  }

  private send(queue: PortalQueue, events: WebhookEvent[]): void {
    queue.inFlight += 1;
    const [fewest, most] = this.options.copies;
    const copies = fewest + Math.floor(this.random() * (most - fewest + 1));
    const sent = Array.from({ length: Math.max(1, copies) }, () => this.deliver(queue.target, events));
    void Promise.all(sent).then((answers) => {
      const ok = answers.some(Boolean);
      queue.inFlight -= 1;
      if (ok) this.delivered += events.length;
      else this.retry(queue, events);
      this.pump(queue, true);
    });
  }

  private retry(queue: PortalQueue, events: WebhookEvent[]): void {
    const attempt = events[0]?.attemptNumber ?? 0;
    const delay = this.options.retryDelaysMs[attempt];
    if (delay === undefined || this.stopped) {
      this.gaveUp.push(...events);
      return;
    }
    queue.scheduled += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      queue.scheduled -= 1;
      queue.retries.push(events.map((event) => ({ ...event, attemptNumber: attempt + 1 })));
      this.pump(queue, true);
    }, delay * this.options.retryScale);
    this.timers.add(timer);
  }

  /** One signed POST; true on a 2xx answer within the timeout. */
  private async deliver(target: WebhookTarget, events: WebhookEvent[]): Promise<boolean> {
    const body = JSON.stringify(events);
    const started = this.now();
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    let outcome: DeliveryRecord['outcome'];
    try {
      const response = await fetch(target.targetUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nio) - simulator',
          ...hubspotSignatureHeaders(target.clientSecret, {
            method: 'POST',
            uri: target.targetUrl,
            body,
            timestamp: this.now(),
          }),
        },
        body,
        signal: controller.signal,
      });
      await response.arrayBuffer();
      outcome = response.status;
    } catch {
      outcome = controller.signal.aborted ? 'timeout' : 'network';
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
    this.deliveries.push({
      portalId: events[0]?.portalId ?? 0,
      at: started,
      events: events.length,
      attemptNumber: events[0]?.attemptNumber ?? 0,
      outcome,
      durationMs: this.now() - started,
    });
    return typeof outcome === 'number' && outcome >= 200 && outcome < 300;
  }
}
