import { requestMismatches, responseMismatches } from './openapi';

/**
 * Spies on global fetch (the HubSpot client's transport) and adds to `problems` every request the
 * app sends and every answer it gets that HubSpot's OpenAPI files do not allow. Restore with
 * `jest.restoreAllMocks()`.
 */
export function checkFetchAgainstOpenApi(problems: string[]): void {
  const realFetch = globalThis.fetch;
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? init.body : undefined;
    problems.push(
      ...requestMismatches({
        method,
        path: url.pathname + url.search,
        body,
        contentType: 'application/json',
      }),
    );
    const response = await realFetch(input, init);
    const text = await response.clone().text();
    problems.push(
      ...responseMismatches({
        method,
        path: url.pathname,
        status: response.status,
        body: text === '' ? undefined : JSON.parse(text),
      }),
    );
    return response;
  });
}
