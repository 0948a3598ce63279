import nock from 'nock';
import { assertResponseMatchesOpenApi, requestMismatches } from './openapi';

export const HUBSPOT_TEST_BASE_URL = 'https://api.hubapi.test';

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  authorization?: string;
}

export interface ReplyOptions {
  headers?: Record<string, string>;
  /** Query the interceptor requires; any query by default. */
  query?: Record<string, string> | true;
  times?: number;
  /** Skip checking the reply against the spec, for answers HubSpot sends outside it (429 bodies). */
  unchecked?: string;
}

/**
 * A nock scope for the HubSpot API in which every intercepted request is checked against HubSpot's
 * OpenAPI files, and every canned reply is checked when it is defined. `done()` fails the test if
 * any request mismatched or any interceptor was not used.
 */
export class HubSpotMock {
  readonly scope: nock.Scope;
  readonly calls: RecordedCall[] = [];
  readonly mismatches: string[] = [];

  constructor(readonly baseUrl: string = HUBSPOT_TEST_BASE_URL) {
    this.scope = nock(baseUrl);
    this.scope.on(
      'request',
      (req: { method: string; path: string; headers: Record<string, unknown> }, _i, body) => {
        const contentType = String(req.headers['content-type'] ?? '');
        const parsed = body && contentType.includes('json') ? JSON.parse(body) : body || undefined;
        const authorization = req.headers.authorization as string | undefined;
        this.calls.push({ method: req.method, path: req.path, body: parsed, authorization });
        const errors = requestMismatches({ method: req.method, path: req.path, body, contentType });
        this.mismatches.push(...errors.map((error) => `${req.method} ${req.path.split('?')[0]}: ${error}`));
      },
    );
  }

  reply(method: string, path: string, status: number, body?: unknown, options: ReplyOptions = {}): this {
    if (!options.unchecked && status < 500) assertResponseMatchesOpenApi({ method, path, status, body });
    let interceptor = this.scope.intercept(path, method);
    if (options.query !== undefined || method === 'GET')
      interceptor = interceptor.query(options.query ?? true);
    if (options.times) interceptor.times(options.times);
    interceptor.reply(status, body === undefined ? undefined : JSON.stringify(body), {
      'content-type': 'application/json',
      ...options.headers,
    });
    return this;
  }

  /** A connection failure (no HTTP answer at all). */
  failConnection(method: string, path: string, times = 1): this {
    this.scope
      .intercept(path, method)
      .times(times)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    return this;
  }

  count(method: string, pathPrefix = ''): number {
    return this.calls.filter((call) => call.method === method && call.path.startsWith(pathPrefix)).length;
  }

  /** Every request matched the spec and every interceptor was used. */
  done(): void {
    if (this.mismatches.length > 0) {
      throw new Error(
        `Requests that do not match HubSpot's OpenAPI spec:\n  - ${this.mismatches.join('\n  - ')}`,
      );
    }
    if (!this.scope.isDone())
      throw new Error(`Interceptors not used: ${this.scope.pendingMocks().join(', ')}`);
  }
}
