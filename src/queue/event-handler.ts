import type { Logger } from '../log';
import type { Store, StoredEvent } from '../store/store';

/**
 * What became of one event.

 * `cause`: the error a call threw, as thrown; the worker asks `src/hubspot/` what kind it is (wait
 * for a rate limit, retry an outage, dead-letter a refusal, pause a revoked install).
 *
 * `ok`: the work is done. `commit`, when given, writes the handler's own state (for example the
 * durable round-robin position) in the same transaction that marks the event done, so a redelivered
 * event can never apply it twice: if the commit fails or the lease was lost, neither happens.
 *
 * Not `ok`: retried with backoff while `retryable` and attempts remain (after `retryAfterMs` when
 * HubSpot said how long to wait), otherwise dead-lettered. `error` is kept on the event.
 */
export type EventResult =
  | { ok: true; commit?: (tx: Store) => Promise<void> }
  | { ok: false; error: string; retryable: boolean; retryAfterMs?: number }
  | { ok: false; cause: unknown };

export interface EventHandlerContext {
  /** The batch's logger (worker and portal); see `eventLogger` for one per event. */
  log: Logger;
}

/**
 * Handles a batch of claimed events, all of one portal, oldest first, and answers with a result
 * per event id. An event left out of the map is retried; a throw retries the whole batch.
 */
export type EventHandler = (
  events: StoredEvent[],
  context: EventHandlerContext,
) => Promise<Map<number, EventResult>>;
