import { describeError } from '../errors';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { Store, StoredEvent } from '../store/store';
import type { Backoff } from './backoff';
import type { EventResult } from './event-handler';
import { eventLogger } from './event-logger';
import type { FailureKind } from './failure-kind';

export type ResultMetrics = Pick<Metrics, 'eventsProcessed' | 'eventsFailed' | 'eventsDeadLettered'>;

export interface ResultRecorderOptions {
  store: Store;
  owner: string;
  logger: Logger;
  maxAttempts: number;
  backoff: Backoff;
  metrics?: ResultMetrics;
  now: () => number;
  /** What kind of failure a thrown error is (`hubspotErrorKind`); unknown errors are `internal`. */
  classify?: (error: unknown) => FailureKind;
}

/** The lease moved to another worker (ours expired), so this worker's result must not be recorded. */
class LeaseLostError extends Error {
  constructor(eventId: number) {
    super(`lease on event ${eventId} lost before completion`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Writes what the handler decided for each event of a batch: done (with the handler's own writes
 * in the same transaction), retried with backoff, or dead-lettered with its error. Every write is
 * conditional on this worker still holding the lease, so a worker that lost it records nothing.
 */
export class ResultRecorder {
  private circuit: { until?: number } = {};

  constructor(private readonly options: ResultRecorderOptions) {}

  /** The kind of a failed result: classified when it carries what was thrown. */
  kindOf(result: Extract<EventResult, { ok: false }>): FailureKind {
    if ('cause' in result) {
      return (
        this.options.classify?.(result.cause) ?? { kind: 'internal', message: describeError(result.cause) }
      );
    }
    return { kind: result.retryable ? 'internal' : 'rejected', message: result.error };
  }

  /**
   * @param circuit set when the batch's portal must wait (circuit open or install paused): its
   *   failed events wait until then without spending the attempt.
   */
  async record(
    events: StoredEvent[],
    results: Map<number, EventResult>,
    batchLog: Logger,
    circuit: { until?: number } = {},
  ): Promise<void> {
    this.circuit = circuit;
    await this.completePlain(events, results, batchLog);
    for (const event of events) {
      const result = results.get(event.id);
      if (result?.ok && !result.commit) continue;
      const log = eventLogger(this.options.logger, event);
      try {
        if (result?.ok) await this.complete(event, result.commit, log);
        else
          await this.fail(
            event,
            result ?? { ok: false, error: 'handler gave no outcome', retryable: true },
            log,
          );
      } catch (error) {
        log.error({ err: error }, 'could not record the result; the event is retried when its lease expires');
      }
    }
  }

  /** Events that succeeded with nothing to commit are marked done together, in one statement. */
  private async completePlain(events: StoredEvent[], results: Map<number, EventResult>, log: Logger) {
    const plain = events.filter((event) => {
      const result = results.get(event.id);
      return result?.ok === true && !result.commit;
    });
    if (plain.length === 0) return;
    try {
      const completed = await this.options.store.events.complete(
        plain.map((event) => event.id),
        this.options.owner,
        this.options.now(),
      );
      this.options.metrics?.eventsProcessed.inc(completed);
      if (completed < plain.length) {
        log.warn(
          { lost: plain.length - completed },
          'leases lost before completion; those events belong to another worker',
        );
      }
    } catch (error) {
      log.error({ err: error }, 'could not mark events done; they are retried when their leases expire');
    }
  }

  /** The handler's writes and the completion commit together, or neither does. */
  private async complete(
    event: StoredEvent,
    commit: ((tx: Store) => Promise<void>) | undefined,
    log: Logger,
  ) {
    try {
      await this.options.store.transaction(async (tx) => {
        await commit?.(tx);
        const completed = await tx.events.complete([event.id], this.options.owner, this.options.now());
        if (completed !== 1) throw new LeaseLostError(event.id);
      });
    } catch (error) {
      if (error instanceof LeaseLostError) {
        log.warn('lease lost before completion; another worker owns the event, this result is discarded');
        return;
      }
      await this.fail(
        event,
        { ok: false, error: `commit failed: ${describeError(error)}`, retryable: true },
        log,
      );
      return;
    }
    this.options.metrics?.eventsProcessed.inc();
    log.debug('event processed');
  }

  private async fail(event: StoredEvent, result: Extract<EventResult, { ok: false }>, log: Logger) {
    const now = this.options.now();
    const failure = this.kindOf(result);
    const waitUntil =
      failure.kind === 'rate_limited'
        ? now + failure.waitMs
        : failure.kind !== 'rejected'
          ? this.circuit.until
          : undefined;
    if (waitUntil !== undefined) {
      await this.options.store.events.defer([event.id], this.options.owner, waitUntil, failure.message);
      log.info({ kind: failure.kind, until: waitUntil }, 'event waits; its attempt is not counted');
      return;
    }
    const dead = failure.kind === 'rejected' || event.attempts >= this.options.maxAttempts;
    // A handler's own wait (a card action being written) counts as an attempt, so it cannot loop.
    const delayMs =
      ('retryAfterMs' in result ? result.retryAfterMs : undefined) ?? this.options.backoff(event.attempts);
    const recorded = await this.options.store.events.fail(
      event.id,
      this.options.owner,
      failure.message,
      dead ? null : now + delayMs,
      now,
    );
    if (!recorded) {
      log.warn(
        { error: failure.message },
        'lease lost before the failure was recorded; another worker owns the event',
      );
      return;
    }
    this.options.metrics?.eventsFailed.inc();
    if (dead) {
      this.options.metrics?.eventsDeadLettered.inc();
      log.error(
        { error: failure.message, kind: failure.kind },
        'event dead-lettered: no attempts left or refused; the error is kept on the event',
      );
    } else {
      log.warn(
        { error: failure.message, kind: failure.kind, retryInMs: delayMs },
        'event failed; it will be retried',
      );
    }
  }
}
