/**
 * Transport choice: Node's global fetch, not `@hubspot/api-client` 13's `Client.apiRequest`.
 * apiRequest does let us set headers, but it sends through node-fetch wrapped by the decorators of
 * `ApiDecoratorService`, a process-wide singleton that every `new Client()` overwrites: whichever
 * client was built last decides whether a shared Bottleneck limiter and the SDK's RetryDecorator
 * (10 s × attempt on 429, Retry-After ignored) apply to our calls. Its options also take no `signal`,
 * so a per-request timeout is impossible. Per-portal limiting, Retry-After and timeouts need a plain
 * transport; global fetch is that, and nock 14 intercepts it.
 */
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import {
  HubSpotAuthError,
  HubSpotRateLimitError,
  HubSpotUnavailableError,
  hubspotErrorFromResponse,
  parseHubSpotErrorBody,
} from './hubspot-errors';
import { realSleep, type Clock, type Limiter, type Sleep } from './limiter';
import type { TokenProvider } from './tokens';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | string[] | undefined;

export interface HubSpotRequest {
  method: HttpMethod;
  /** A path from `hubspotPaths`, without query string. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Search has its own 5/s limit, separate from the 110 per 10 s of every other call. */
  kind?: 'standard' | 'search';
  /** Low-cardinality label for metrics and logs (`objects.batch.read`); never the URL. */
  endpoint: string;
  /**
   * False for writes that must not run twice (batch create): such a call is not retried after a 5xx
   * or a timeout, because HubSpot may have applied it. 429s are always retried: nothing was applied.
   */
  idempotent?: boolean;
}

export interface HubSpotClientOptions {
  portalId: number;
  baseUrl: string;
  tokens: TokenProvider;
  limiter: Limiter;
  searchLimiter: Limiter;
  metrics?: Metrics;
  logger?: Logger;
  maxRetries?: number;
  timeoutMs?: number;
  /** First backoff after a 5xx or network error; doubles per retry, with jitter. */
  backoffBaseMs?: number;
  sleep?: Sleep;
  now?: Clock;
  random?: () => number;
}

type Attempt =
  { kind: 'response'; status: number; headers: Headers; body: unknown } | { kind: 'failure'; cause: string };

const MAX_BACKOFF_MS = 30_000;
/** First backoff after a 5xx or network error, by default. */
export const DEFAULT_BACKOFF_BASE_MS = 500;
/** Without Retry-After, wait out the policy's window: HubSpot's 429 body names the policy hit. */
const POLICY_WAIT_MS: Record<string, number> = { TEN_SECONDLY_ROLLING: 10_000, SECONDLY: 1_000 };

export class HubSpotClient {
  readonly portalId: number;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly backoffBaseMs: number;
  private readonly sleep: Sleep;
  private readonly now: Clock;
  private readonly random: () => number;

  constructor(private readonly options: HubSpotClientOptions) {
    this.portalId = options.portalId;
    this.maxRetries = options.maxRetries ?? 3;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.backoffBaseMs = options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /**
   * The current access token, refreshed first if it is close to expiry (the scheduled refresh
   * calls this so no HubSpot call waits on a refresh). Never log what this returns.
   */
  async currentAccessToken(): Promise<string> {
    return this.options.tokens.getAccessToken();
  }

  async request<T>(request: HubSpotRequest): Promise<T> {
    const limiter = request.kind === 'search' ? this.options.searchLimiter : this.options.limiter;
    let retries = 0;
    let refreshedAuth = false;
    for (;;) {
      await limiter.acquire();
      const token = await this.options.tokens.getAccessToken();
      const attempt = await this.send(request, token);
      if (attempt.kind === 'response' && attempt.status >= 200 && attempt.status < 300) {
        return attempt.body as T;
      }

      if (attempt.kind === 'response' && attempt.status === 401 && !refreshedAuth && this.canRefresh()) {
        // An OAuth token can be revoked or expire early: one forced refresh, then give up.
        refreshedAuth = true;
        await this.options.tokens.refresh?.(token);
        continue;
      }
      const waitMs =
        attempt.kind === 'response' && attempt.status === 429
          ? this.rateLimitWait(request, attempt, retries, limiter)
          : this.failureWait(request, attempt, retries);
      retries += 1;
      await this.sleep(waitMs);
    }
  }

  private canRefresh(): boolean {
    return this.options.tokens.kind === 'oauth' && typeof this.options.tokens.refresh === 'function';
  }

  /** Returns how long to wait before retrying a 429, or throws when it must not be retried. */
  private rateLimitWait(
    request: HubSpotRequest,
    attempt: Extract<Attempt, { kind: 'response' }>,
    retries: number,
    limiter: Limiter,
  ): number {
    const body = parseHubSpotErrorBody(attempt.body);
    const policyName = body.policyName ?? 'UNKNOWN';
    this.options.metrics?.hubspotRateLimited.inc({ portal_id: String(this.portalId), policy: policyName });
    const context = { portalId: this.portalId, endpoint: request.endpoint, status: 429, policyName };
    const retryAfterMs = parseRetryAfter(attempt.headers.get('retry-after'), this.now());
    // DAILY resets at midnight in the account's time zone: waiting inside a request is pointless.
    if (policyName === 'DAILY') {
      throw new HubSpotRateLimitError({ ...context, retryAfterMs, correlationId: body.correlationId });
    }
    const waitMs = retryAfterMs ?? POLICY_WAIT_MS[policyName] ?? limiter.windowMs;
    // Every caller of this portal backs off, not only this request.
    limiter.pauseUntil(this.now() + waitMs);
    if (retries >= this.maxRetries) {
      throw new HubSpotRateLimitError({
        ...context,
        retryAfterMs: waitMs,
        correlationId: body.correlationId,
      });
    }
    this.options.logger?.warn(
      { ...context, correlationId: body.correlationId, waitMs, retry: retries + 1 },
      'HubSpot rate limit hit; waiting before retrying',
    );
    return waitMs;
  }

  /** Returns the backoff before retrying a 5xx or network failure, or throws the typed error. */
  private failureWait(request: HubSpotRequest, attempt: Attempt, retries: number): number {
    const context = { portalId: this.portalId, endpoint: request.endpoint };
    if (attempt.kind === 'response' && attempt.status < 500) {
      if (attempt.status === 401 || attempt.status === 403) {
        const body = parseHubSpotErrorBody(attempt.body);
        throw new HubSpotAuthError({
          ...context,
          status: attempt.status,
          correlationId: body.correlationId,
          hubspotMessage: body.message,
        });
      }
      throw hubspotErrorFromResponse(attempt.status, attempt.body, context);
    }
    const correlationId =
      attempt.kind === 'response' ? parseHubSpotErrorBody(attempt.body).correlationId : undefined;
    const status = attempt.kind === 'response' ? attempt.status : undefined;
    const cause = attempt.kind === 'response' ? `HTTP ${attempt.status}` : attempt.cause;
    const unsafe = request.idempotent === false;
    if (unsafe || retries >= this.maxRetries) {
      throw new HubSpotUnavailableError({
        ...context,
        status,
        correlationId,
        cause,
        attempts: retries + 1,
        maybeApplied: unsafe,
      });
    }
    const waitMs = Math.min(MAX_BACKOFF_MS, this.backoffBaseMs * 2 ** retries * (0.5 + this.random() / 2));
    this.options.logger?.warn(
      { ...context, status, correlationId, cause, waitMs, retry: retries + 1 },
      'HubSpot call failed; retrying',
    );
    return waitMs;
  }

  private async send(request: HubSpotRequest, token: string): Promise<Attempt> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const started = performance.now();
    const record = (status: string) => {
      this.options.metrics?.hubspotCalls.inc({
        portal_id: String(this.portalId),
        endpoint: request.endpoint,
        status,
      });
      this.options.metrics?.hubspotCallSeconds.observe(
        { endpoint: request.endpoint },
        (performance.now() - started) / 1000,
      );
    };
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetch(this.url(request), {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
      });
      const text = await response.text();
      record(String(response.status));
      return { kind: 'response', status: response.status, headers: response.headers, body: parseBody(text) };
    } catch (error) {
      const timedOut = controller.signal.aborted;
      record(timedOut ? 'timeout' : 'network_error');
      const cause = timedOut
        ? `no answer within ${this.timeoutMs} ms`
        : `network error (${errorName(error)})`;
      return { kind: 'failure', cause };
    } finally {
      clearTimeout(timer);
    }
  }

  private url(request: HubSpotRequest): string {
    const url = new URL(`${this.options.baseUrl}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
    }
    return url.toString();
  }
}

/** `Retry-After` is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Math.ceil(Number(header) * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Only the error's class and code: a fetch error message may quote the URL. */
function errorName(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${error.name} ${code}` : error.name;
}
