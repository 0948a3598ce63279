import { HandoffError } from '../errors';

/**
 * Typed HubSpot failures. Each keeps HubSpot's own message and `correlationId` (HubSpot support
 * asks for it) and says what to do next. No message ever contains a token: callers pass endpoint
 * labels, never URLs (the token-info URL carries the token in its path).
 */

/** What HubSpot puts in an error body (`Error` in its OpenAPI files, plus the 429 and OAuth fields). */
export interface HubSpotErrorBody {
  status?: string;
  message?: string;
  category?: string;
  subCategory?: string;
  correlationId?: string;
  errors?: Array<{ message: string; in?: string; code?: string; context?: Record<string, string[]> }>;
  context?: Record<string, string[]>;
  /** 429 bodies: `{"errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING",...}`. */
  errorType?: string;
  policyName?: string;
  /** OAuth token endpoint in its RFC 6749 form. */
  error?: string;
  error_description?: string;
}

export interface HubSpotErrorContext {
  portalId?: number;
  endpoint: string;
  status?: number;
  correlationId?: string;
}

function suffix(context: HubSpotErrorContext): string {
  const parts = [`endpoint ${context.endpoint}`];
  if (context.portalId !== undefined) parts.unshift(`portal ${context.portalId}`);
  if (context.status !== undefined) parts.push(`HTTP ${context.status}`);
  if (context.correlationId) parts.push(`correlationId ${context.correlationId}`);
  return ` (${parts.join(', ')})`;
}

function details(context: HubSpotErrorContext, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...context, ...extra };
}

export class HubSpotRateLimitError extends HandoffError {
  readonly retryAfterMs: number | null;
  readonly policyName: string;
  readonly correlationId?: string;

  constructor(context: HubSpotErrorContext & { retryAfterMs: number | null; policyName: string }) {
    const when =
      context.retryAfterMs === null
        ? 'The daily limit resets at midnight in the HubSpot account’s time zone; retry after that.'
        : `Retry in ${Math.ceil(context.retryAfterMs / 1000)} s.`;
    super(
      'hubspot_rate_limited',
      `HubSpot rate limit ${context.policyName} reached. ${when}${suffix(context)}`,
      503,
      details(context),
    );
    this.name = 'HubSpotRateLimitError';
    this.retryAfterMs = context.retryAfterMs;
    this.policyName = context.policyName;
    this.correlationId = context.correlationId;
  }
}

export class HubSpotAuthError extends HandoffError {
  readonly correlationId?: string;

  constructor(context: HubSpotErrorContext & { hubspotMessage?: string; reinstall?: boolean }) {
    const forbidden = context.status === 403;
    const next = context.reinstall
      ? 'HubSpot no longer accepts this install’s refresh token: the portal must reinstall the app (open /oauth/install).'
      : forbidden
        ? 'The token lacks a scope this call needs: add the scope to the app and reinstall it in this portal.'
        : 'Check the access token (HUBSPOT_ACCESS_TOKEN, or reinstall the app in this portal if it uses OAuth).';
    const said = context.hubspotMessage ? ` HubSpot said: ${context.hubspotMessage}.` : '';
    super(
      'hubspot_auth',
      `HubSpot refused the credentials.${said} ${next}${suffix(context)}`,
      502,
      details(context),
    );
    this.name = 'HubSpotAuthError';
    this.correlationId = context.correlationId;
  }
}

export class HubSpotValidationError extends HandoffError {
  readonly hubspotMessage: string;
  readonly category: string;
  readonly errors: NonNullable<HubSpotErrorBody['errors']>;
  readonly correlationId?: string;

  constructor(
    context: HubSpotErrorContext & {
      hubspotMessage: string;
      category?: string;
      errors?: HubSpotErrorBody['errors'];
    },
  ) {
    super(
      'hubspot_validation',
      `HubSpot rejected the request: ${context.hubspotMessage}. Fix the request data named above; ` +
        `retrying unchanged will fail again${suffix(context)}`,
      502,
      details(context),
    );
    this.name = 'HubSpotValidationError';
    this.hubspotMessage = context.hubspotMessage;
    this.category = context.category ?? 'VALIDATION_ERROR';
    this.errors = context.errors ?? [];
    this.correlationId = context.correlationId;
  }
}

export class HubSpotNotFoundError extends HandoffError {
  readonly correlationId?: string;

  constructor(context: HubSpotErrorContext & { hubspotMessage?: string }) {
    const said = context.hubspotMessage ? `: ${context.hubspotMessage}` : '';
    super(
      'hubspot_not_found',
      `HubSpot has no such record or resource${said}. It may have been deleted or merged; reload it by id${suffix(context)}`,
      404,
      details(context),
    );
    this.name = 'HubSpotNotFoundError';
    this.correlationId = context.correlationId;
  }
}

export class HubSpotConflictError extends HandoffError {
  readonly correlationId?: string;

  constructor(context: HubSpotErrorContext & { hubspotMessage?: string }) {
    const said = context.hubspotMessage ? `: ${context.hubspotMessage}` : '';
    super(
      'hubspot_conflict',
      `HubSpot reports a conflict${said}. Read the current record and apply the change again${suffix(context)}`,
      409,
      details(context),
    );
    this.name = 'HubSpotConflictError';
    this.correlationId = context.correlationId;
  }
}

export class HubSpotUnavailableError extends HandoffError {
  readonly correlationId?: string;

  constructor(context: HubSpotErrorContext & { cause: string; attempts: number; maybeApplied?: boolean }) {
    const applied = context.maybeApplied
      ? ' The write may or may not have been applied: check the records before sending it again.'
      : ' Retry later; HubSpot status: https://status.hubspot.com.';
    super(
      'hubspot_unavailable',
      `HubSpot did not answer successfully after ${context.attempts} attempt(s): ${context.cause}.${applied}${suffix(context)}`,
      503,
      details(context),
    );
    this.name = 'HubSpotUnavailableError';
    this.correlationId = context.correlationId;
  }
}

/** Any other 4xx: kept with HubSpot's message so the cause is not lost. */
export class HubSpotApiError extends HandoffError {
  readonly correlationId?: string;

  constructor(context: HubSpotErrorContext & { hubspotMessage?: string }) {
    const said = context.hubspotMessage ?? 'no message';
    super(
      'hubspot_error',
      `HubSpot answered with an error: ${said}${suffix(context)}`,
      502,
      details(context),
    );
    this.name = 'HubSpotApiError';
    this.correlationId = context.correlationId;
  }
}

/** Reads an error body defensively: HubSpot's bodies differ by endpoint and may not be JSON. */
export function parseHubSpotErrorBody(body: unknown): HubSpotErrorBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return typeof body === 'string' && body.trim() !== '' ? { message: body.slice(0, 500) } : {};
  }
  return body as HubSpotErrorBody;
}

/** Maps a non-retryable 4xx answer (not 401 handled by refresh, not 429) to its typed error. */
export function hubspotErrorFromResponse(
  status: number,
  body: unknown,
  context: HubSpotErrorContext,
): HandoffError {
  const parsed = parseHubSpotErrorBody(body);
  const full = { ...context, status, correlationId: parsed.correlationId, hubspotMessage: parsed.message };
  if (status === 401 || status === 403) return new HubSpotAuthError(full);
  if (status === 404) return new HubSpotNotFoundError(full);
  if (status === 409) return new HubSpotConflictError(full);
  if (status === 400 || status === 422) {
    return new HubSpotValidationError({
      ...full,
      hubspotMessage: parsed.message ?? 'no message',
      category: parsed.category,
      errors: parsed.errors,
    });
  }
  return new HubSpotApiError(full);
}
