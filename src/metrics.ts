import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics, one registry per app instance so tests can build several apps in one
 * process without colliding.
 */
export interface Metrics {
  registry: Registry;
  eventsReceived: Counter<'subscription_type'>;
  eventsDeduplicated: Counter<never>;
  eventsIgnored: Counter<'reason'>;
  eventsProcessed: Counter<never>;
  eventsFailed: Counter<never>;
  eventsDeadLettered: Counter<never>;
  webhookRequests: Counter<'outcome'>;
  queueDepth: Gauge<never>;
  queueOldestAgeSeconds: Gauge<never>;
  hubspotCalls: Counter<'portal_id' | 'endpoint' | 'status'>;
  hubspotRateLimited: Counter<'portal_id' | 'policy'>;
  hubspotCallSeconds: Histogram<'endpoint'>;
  jobsDone: Counter<'name'>;
  jobsFailed: Counter<'name' | 'kind'>;
  jobsDeadLettered: Counter<'name' | 'kind'>;
  /** CONTRACT §6 alerts: leads a full or empty pool sent to a fallback owner or pool. */
  routingFallbacks: Counter<'portal_id' | 'kind' | 'pool'>;
  /** CONTRACT §7: parked leads decided again on new evidence, by what they became. */
  secondChances: Counter<'result'>;
  /** CONTRACT §7: re-decisions that handed the lead to sales as a new round, by the first signal. */
  rehandoffs: Counter<'signal'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    eventsReceived: new Counter({
      name: 'handoff_webhook_events_received_total',
      help: 'Webhook events received with a valid signature',
      labelNames: ['subscription_type'],
      registers,
    }),
    eventsDeduplicated: new Counter({
      name: 'handoff_webhook_events_deduplicated_total',
      help: 'Webhook events already stored (HubSpot redelivery)',
      registers,
    }),
    eventsIgnored: new Counter({
      name: 'handoff_webhook_events_ignored_total',
      help: 'Webhook events acknowledged but not processed',
      labelNames: ['reason'],
      registers,
    }),
    eventsProcessed: new Counter({
      name: 'handoff_events_processed_total',
      help: 'Queued events processed successfully',
      registers,
    }),
    eventsFailed: new Counter({
      name: 'handoff_events_failed_total',
      help: 'Event processing attempts that failed (retried or dead-lettered)',
      registers,
    }),
    eventsDeadLettered: new Counter({
      name: 'handoff_events_dead_lettered_total',
      help: 'Events that exhausted their attempts and were dead-lettered',
      registers,
    }),
    jobsDone: new Counter({
      name: 'handoff_jobs_done_total',
      help: 'Jobs (write-back, tasks, response clock) done, by job name',
      labelNames: ['name'],
      registers,
    }),
    jobsFailed: new Counter({
      name: 'handoff_jobs_failed_total',
      help: 'Job attempts that failed, by job name and error kind (retried or dead-lettered)',
      labelNames: ['name', 'kind'],
      registers,
    }),
    jobsDeadLettered: new Counter({
      name: 'handoff_jobs_dead_lettered_total',
      help: 'Jobs dead-lettered, by job name and error kind (the reason is kept on the job)',
      labelNames: ['name', 'kind'],
      registers,
    }),
    webhookRequests: new Counter({
      name: 'handoff_webhook_requests_total',
      help: 'Webhook requests by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'handoff_queue_depth',
      help: 'Events queued or in flight',
      registers,
    }),
    queueOldestAgeSeconds: new Gauge({
      name: 'handoff_queue_oldest_age_seconds',
      help: 'Age of the oldest queued or in-flight event',
      registers,
    }),
    hubspotCalls: new Counter({
      name: 'handoff_hubspot_calls_total',
      help: 'HubSpot API calls by portal, endpoint and status',
      labelNames: ['portal_id', 'endpoint', 'status'],
      registers,
    }),
    hubspotRateLimited: new Counter({
      name: 'handoff_hubspot_rate_limited_total',
      help: 'HubSpot 429 answers by portal and policy',
      labelNames: ['portal_id', 'policy'],
      registers,
    }),
    hubspotCallSeconds: new Histogram({
      name: 'handoff_hubspot_call_seconds',
      help: 'HubSpot API call latency',
      labelNames: ['endpoint'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    routingFallbacks: new Counter({
      name: 'handoff_routing_fallbacks_total',
      help: 'Leads whose pool had nobody available (pool_full) or no active members (no_members)',
      labelNames: ['portal_id', 'kind', 'pool'],
      registers,
    }),
    secondChances: new Counter({
      name: 'handoff_second_chances_total',
      help: 'Parked leads re-decided on new evidence, by result (new_round, raise_priority, recheck_only)',
      labelNames: ['result'],
      registers,
    }),
    rehandoffs: new Counter({
      name: 'handoff_rehandoffs_total',
      help: 'Parked leads handed to sales again by a new signal (conversion, role, company, company_size, score)',
      labelNames: ['signal'],
      registers,
    }),
  };
}
