import {
  HubSpotAuthError,
  HubSpotRateLimitError,
  HubSpotUnavailableError,
  HubSpotValidationError,
} from '../../src/hubspot/hubspot-errors';
import { hubspotPaths } from '../../src/hubspot/paths';
import type { TokenProvider } from '../../src/hubspot/tokens';
import { createMetrics } from '../../src/metrics';
import { HubSpotMock } from '../support/hubspot-mock';
import {
  CORRELATION_ID,
  FakeClock,
  PORTAL_ID,
  batchResponse,
  hubspotError,
  rateLimitBody,
  record,
  testClient,
} from './fixtures';

const READ_PATH = hubspotPaths.objectsBatchRead('contacts');
const readBody = { inputs: [{ id: '101' }], properties: ['email'], propertiesWithHistory: [] };
const read = (client: ReturnType<typeof testClient>) =>
  client.request({ method: 'POST', path: READ_PATH, body: readBody, endpoint: 'objects.batch.read' });
const ok = batchResponse([record('101', { email: 'ada@example.com' })]);
const rateLimited = { unchecked: 'HubSpot 429 bodies follow its rate-limit page, not its Error schema' };

describe('HubSpotClient', () => {
  it('sends a bearer token and returns the parsed body', async () => {
    const mock = new HubSpotMock().reply('POST', READ_PATH, 200, ok);
    await expect(read(testClient())).resolves.toEqual(ok);
    expect(mock.calls[0]?.authorization).toBe('Bearer pat-na1-test-token');
    mock.done();
  });

  it('waits for Retry-After on a 429, pausing the portal, then succeeds', async () => {
    const clock = new FakeClock();
    const metrics = createMetrics();
    const mock = new HubSpotMock()
      .reply('POST', READ_PATH, 429, rateLimitBody('TEN_SECONDLY_ROLLING'), {
        headers: { 'retry-after': '2' },
        ...rateLimited,
      })
      .reply('POST', READ_PATH, 200, ok);
    await expect(read(testClient({ clock, metrics }))).resolves.toEqual(ok);
    expect(Math.max(...clock.sleeps)).toBeGreaterThanOrEqual(2_000);
    const limited = await metrics.hubspotRateLimited.get();
    expect(limited.values).toEqual([
      { labels: { portal_id: String(PORTAL_ID), policy: 'TEN_SECONDLY_ROLLING' }, value: 1 },
    ]);
    mock.done();
  });

  it('waits out the rolling window on TEN_SECONDLY_ROLLING without Retry-After', async () => {
    const clock = new FakeClock();
    const mock = new HubSpotMock()
      .reply('POST', READ_PATH, 429, rateLimitBody('TEN_SECONDLY_ROLLING'), rateLimited)
      .reply('POST', READ_PATH, 200, ok);
    await read(testClient({ clock }));
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(10_000);
    mock.done();
  });

  it('does not retry a DAILY 429', async () => {
    const clock = new FakeClock();
    const mock = new HubSpotMock().reply('POST', READ_PATH, 429, rateLimitBody('DAILY'), rateLimited);
    const error = await read(testClient({ clock })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect(error).toMatchObject({
      code: 'hubspot_rate_limited',
      policyName: 'DAILY',
      correlationId: CORRELATION_ID,
    });
    expect((error as Error).message).toContain(CORRELATION_ID);
    expect(clock.sleeps).toEqual([]);
    mock.done();
  });

  it('gives up on 429s after maxRetries with the wait HubSpot asked for', async () => {
    const mock = new HubSpotMock().reply('POST', READ_PATH, 429, rateLimitBody('SECONDLY'), {
      ...rateLimited,
      times: 3,
    });
    const error = await read(testClient({ maxRetries: 2 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 1_000, policyName: 'SECONDLY' });
    mock.done();
  });

  it('retries 5xx with growing backoff, then throws HubSpotUnavailableError', async () => {
    const clock = new FakeClock();
    const mock = new HubSpotMock().reply('POST', READ_PATH, 502, { message: 'Bad gateway' }, { times: 4 });
    const error = await read(testClient({ clock, maxRetries: 3 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubSpotUnavailableError);
    expect((error as Error).message).toMatch(/after 4 attempt\(s\): HTTP 502/);
    expect(clock.sleeps).toEqual([375, 750, 1_500]);
    mock.done();
  });

  it('retries a dropped connection and then succeeds', async () => {
    const mock = new HubSpotMock().failConnection('POST', READ_PATH).reply('POST', READ_PATH, 200, ok);
    await expect(read(testClient())).resolves.toEqual(ok);
    mock.done();
  });

  it('times out a silent HubSpot and retries', async () => {
    const mock = new HubSpotMock();
    mock.scope.post(READ_PATH).delay(200).reply(200, ok);
    mock.reply('POST', READ_PATH, 200, ok);
    await expect(read(testClient({ timeoutMs: 20 }))).resolves.toEqual(ok);
    mock.done();
  });

  it('never retries a non-idempotent write after a 5xx', async () => {
    const path = hubspotPaths.objectsBatchCreate('tasks');
    const mock = new HubSpotMock().reply('POST', path, 500, { message: 'internal' });
    const body = { inputs: [{ properties: { hs_task_subject: 'Call' }, associations: [] }] };
    const error = await testClient()
      .request({ method: 'POST', path, body, endpoint: 'objects.batch.create', idempotent: false })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubSpotUnavailableError);
    expect((error as Error).message).toContain('may or may not have been applied');
    mock.done();
  });

  it('maps a 400 VALIDATION_ERROR with HubSpot’s message and correlationId', async () => {
    const body = hubspotError('VALIDATION_ERROR', 'Property values were not valid: handoff_status "hot"', {
      errors: [
        { message: 'hot was not one of the allowed options', in: 'handoff_status', code: 'INVALID_OPTION' },
      ],
    });
    const mock = new HubSpotMock().reply('POST', READ_PATH, 400, body);
    const error = (await read(testClient()).catch((caught: unknown) => caught)) as HubSpotValidationError;
    expect(error).toBeInstanceOf(HubSpotValidationError);
    expect(error.code).toBe('hubspot_validation');
    expect(error.category).toBe('VALIDATION_ERROR');
    expect(error.errors[0]?.in).toBe('handoff_status');
    expect(error.correlationId).toBe(CORRELATION_ID);
    expect(error.message).toContain('Property values were not valid');
    expect(error.message).toContain(CORRELATION_ID);
    mock.done();
  });

  it('refreshes an OAuth token once on 401, then retries', async () => {
    const tokens = oauthTokens(['old-token', 'new-token']);
    const mock = new HubSpotMock()
      .reply(
        'POST',
        READ_PATH,
        401,
        hubspotError('EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired'),
      )
      .reply('POST', READ_PATH, 200, ok);
    await read(testClient({ tokens }));
    expect(tokens.refreshes).toBe(1);
    expect(mock.calls.map((call) => call.authorization)).toEqual(['Bearer old-token', 'Bearer new-token']);
    mock.done();
  });

  it('throws HubSpotAuthError on a second 401 and never puts the token in the message', async () => {
    const tokens = oauthTokens(['old-token', 'new-token']);
    const unauthorized = hubspotError('INVALID_AUTHENTICATION', 'Authentication credentials not found');
    const mock = new HubSpotMock().reply('POST', READ_PATH, 401, unauthorized, { times: 2 });
    const error = await read(testClient({ tokens })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubSpotAuthError);
    expect(
      JSON.stringify({ message: (error as Error).message, details: (error as HubSpotAuthError).details }),
    ).not.toMatch(/old-token|new-token/);
    mock.done();
  });

  it('records every call by portal, endpoint and status', async () => {
    const metrics = createMetrics();
    const mock = new HubSpotMock()
      .reply('POST', READ_PATH, 503, { message: 'down' })
      .reply('POST', READ_PATH, 200, ok);
    await read(testClient({ metrics }));
    const calls = await metrics.hubspotCalls.get();
    expect(calls.values.map((value) => [value.labels.status, value.value])).toEqual([
      ['503', 1],
      ['200', 1],
    ]);
    expect(calls.values[0]?.labels).toMatchObject({
      portal_id: String(PORTAL_ID),
      endpoint: 'objects.batch.read',
    });
    mock.done();
  });
});

function oauthTokens(sequence: string[]): TokenProvider & { refreshes: number } {
  let current = 0;
  return {
    kind: 'oauth',
    refreshes: 0,
    async getAccessToken() {
      return sequence[current]!;
    },
    async refresh() {
      this.refreshes += 1;
      current = Math.min(current + 1, sequence.length - 1);
      return sequence[current]!;
    },
  };
}
