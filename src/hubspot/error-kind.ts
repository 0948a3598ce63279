import { describeError } from '../errors';
import {
  HubSpotApiError,
  HubSpotAuthError,
  HubSpotConflictError,
  HubSpotNotFoundError,
  HubSpotRateLimitError,
  HubSpotUnavailableError,
  HubSpotValidationError,
} from './hubspot-errors';

/**
 * What a failed HubSpot call means for the work that made it: the one place that decides (the job
 * queue and the event worker only act on the kind).
 *
 * - `rate_limited`: wait `waitMs`, spend no attempt (nothing is wrong with the work).
 * - `unavailable`: 5xx, timeout, connection reset. Retry with backoff; a create may have been
 *   applied, so its job looks before it creates again. Counts toward opening the portal's circuit.
 * - `rejected`: 400/404/409/422 and other 4xx. Retrying unchanged fails again: dead-letter now,
 *   keeping HubSpot's message and correlation id.
 * - `unauthorized`: 401/403. The portal's install is revoked or lacks a scope: pause the portal
 *   until someone reinstalls; its work waits.
 * - `internal`: not HubSpot's answer (our bug, the store). Retry with backoff, then dead-letter.
 */
export type HubSpotErrorKind =
  | { kind: 'rate_limited'; waitMs: number; message: string }
  | { kind: 'unavailable'; message: string; correlationId?: string }
  | { kind: 'rejected'; message: string; correlationId?: string }
  | { kind: 'unauthorized'; message: string; correlationId?: string }
  | { kind: 'internal'; message: string };

/** HubSpot's daily limit names no wait; its windows reset within the hour in practice, so look again then. */
const DAILY_LIMIT_WAIT_MS = 60 * 60_000;

export function hubspotErrorKind(error: unknown): HubSpotErrorKind {
  const message = describeError(error);
  if (error instanceof HubSpotRateLimitError) {
    return { kind: 'rate_limited', waitMs: error.retryAfterMs ?? DAILY_LIMIT_WAIT_MS, message };
  }
  if (error instanceof HubSpotUnavailableError) {
    return { kind: 'unavailable', message, correlationId: error.correlationId };
  }
  if (error instanceof HubSpotAuthError) {
    return { kind: 'unauthorized', message, correlationId: error.correlationId };
  }
  if (
    error instanceof HubSpotValidationError ||
    error instanceof HubSpotNotFoundError ||
    error instanceof HubSpotConflictError ||
    error instanceof HubSpotApiError
  ) {
    return { kind: 'rejected', message, correlationId: error.correlationId };
  }
  return { kind: 'internal', message };
}

/**
 * The records a refused batch names (`errors[].context.id`): HubSpot refuses the whole batch for
 * one bad input and says which, so the caller can set those aside and send the rest again. Empty
 * when the refusal names none (then the whole batch is at fault).
 */
export function refusedRecordIds(error: unknown): string[] {
  if (!(error instanceof HubSpotValidationError)) return [];
  return [...new Set(error.errors.flatMap((problem) => problem.context?.id ?? []))];
}
