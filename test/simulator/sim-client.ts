import { requestMismatches, responseMismatches } from '../support/openapi';

export interface SimAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are asserted field by field in the tests
  headers: Headers;
}

/**
 * Calls the simulator and checks the request and the answer against HubSpot's OpenAPI files:
 * a request the spec does not allow, or an answer it does not document, fails the test.
 */
export function simClient(baseUrl: string, token: string | null = 'test-token') {
  return async function call(
    method: string,
    path: string,
    body?: unknown,
    options: { form?: boolean; unchecked?: 'request' | 'response' | 'both' } = {},
  ): Promise<SimAnswer> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = options.form ? 'application/x-www-form-urlencoded' : 'application/json';
      payload = options.form
        ? new URLSearchParams(body as Record<string, string>).toString()
        : JSON.stringify(body);
    }
    if (options.unchecked !== 'request' && options.unchecked !== 'both') {
      const problems = requestMismatches({
        method,
        path,
        body: payload,
        contentType: headers['content-type'],
      });
      if (problems.length > 0) throw new Error(`request ${method} ${path} off-spec:\n${problems.join('\n')}`);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    const parsed = text === '' ? undefined : JSON.parse(text);
    if (options.unchecked !== 'response' && options.unchecked !== 'both') {
      const problems = responseMismatches({
        method,
        path: path.split('?')[0]!,
        status: response.status,
        body: parsed,
      });
      if (problems.length > 0) {
        throw new Error(
          `answer ${response.status} to ${method} ${path} off-spec:\n${problems.join('\n')}\n${text.slice(0, 500)}`,
        );
      }
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
}
