import { hubspotErrorKind } from '../../src/hubspot/error-kind';
import {
  HubSpotAuthError,
  HubSpotUnavailableError,
  HubSpotRateLimitError,
  hubspotErrorFromResponse,
} from '../../src/hubspot/hubspot-errors';
import { PortalCircuits } from '../../src/hubspot/portal-circuit';

const context = { portalId: 62515, endpoint: 'objects.batch.create' };
const body = (message: string) => ({
  status: 'error',
  message,
  correlationId: 'corr-1',
  category: 'VALIDATION_ERROR',
});

describe('hubspotErrorKind: one answer per HubSpot failure', () => {
  it.each([
    [
      '429 with Retry-After',
      new HubSpotRateLimitError({ ...context, retryAfterMs: 2_000, policyName: 'TEN_SECONDLY_ROLLING' }),
      { kind: 'rate_limited', waitMs: 2_000 },
    ],
    [
      '429 daily',
      new HubSpotRateLimitError({ ...context, retryAfterMs: null, policyName: 'DAILY' }),
      { kind: 'rate_limited', waitMs: 3_600_000 },
    ],
    [
      '502 after sending a create',
      new HubSpotUnavailableError({ ...context, cause: 'HTTP 502', attempts: 1, maybeApplied: true }),
      { kind: 'unavailable' },
    ],
    [
      'a connection reset',
      new HubSpotUnavailableError({ ...context, cause: 'network error (TypeError ECONNRESET)', attempts: 3 }),
      { kind: 'unavailable' },
    ],
    [
      '400 validation',
      hubspotErrorFromResponse(400, body('Property values were not valid'), context),
      { kind: 'rejected', correlationId: 'corr-1' },
    ],
    [
      '404 not found',
      hubspotErrorFromResponse(404, body('Object not found'), context),
      { kind: 'rejected', correlationId: 'corr-1' },
    ],
    [
      '409 conflict',
      hubspotErrorFromResponse(409, body('Contact already exists'), context),
      { kind: 'rejected' },
    ],
    [
      '401 revoked',
      new HubSpotAuthError({ ...context, status: 401, reinstall: true }),
      { kind: 'unauthorized' },
    ],
    [
      '403 missing scope',
      hubspotErrorFromResponse(403, body('This app hasn’t been granted all required scopes'), context),
      { kind: 'unauthorized' },
    ],
    ['not HubSpot at all', new Error('SQLITE_BUSY: database is locked'), { kind: 'internal' }],
  ])('%s', (_name, error, expected) => {
    expect(hubspotErrorKind(error)).toMatchObject(expected);
  });

  it('keeps HubSpot’s message and correlation id for the dead-letter list', () => {
    const kind = hubspotErrorKind(
      hubspotErrorFromResponse(400, body('Property values were not valid'), context),
    );
    expect(kind).toMatchObject({ kind: 'rejected', correlationId: 'corr-1' });
    expect(kind.message).toContain('Property values were not valid');
  });
});

describe('PortalCircuits', () => {
  const outage = { kind: 'unavailable' as const, message: 'HubSpot did not answer: HTTP 503' };

  it('opens after a run of outages, lets one probe through when due, and closes on its success', () => {
    let now = 0;
    const circuits = new PortalCircuits({ threshold: 3, openMs: 30_000, now: () => now });
    for (let i = 0; i < 2; i += 1) expect(circuits.failed(1, outage).state).toBe('closed');
    expect(circuits.failed(1, outage)).toMatchObject({ state: 'open', until: 30_000 });
    expect(circuits.allow(1)).toBe(false);
    expect(circuits.waiting()).toEqual([1]);
    expect(circuits.allow(2)).toBe(true);
    now = 30_000;
    expect(circuits.waiting()).toEqual([]);
    expect(circuits.allow(1)).toBe(true);
    // While the probe runs, no second batch of the portal goes out.
    expect(circuits.allow(1)).toBe(false);
    circuits.succeeded(1);
    expect(circuits.state(1).state).toBe('closed');
  });

  it('doubles the open period after a failed probe, up to its bound', () => {
    let now = 0;
    const circuits = new PortalCircuits({ threshold: 1, openMs: 10_000, maxOpenMs: 25_000, now: () => now });
    circuits.failed(1, outage);
    const untils: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      now = circuits.state(1).until as number;
      expect(circuits.allow(1)).toBe(true);
      untils.push((circuits.failed(1, outage).until as number) - now);
    }
    expect(untils).toEqual([20_000, 25_000, 25_000]);
  });

  it('pauses a portal whose credentials HubSpot refuses, saying why', () => {
    const circuits = new PortalCircuits({ pauseMs: 900_000, now: () => 0 });
    const state = circuits.failed(7, { kind: 'unauthorized', message: 'reinstall the app in this portal' });
    expect(state).toMatchObject({
      state: 'paused',
      until: 900_000,
      reason: 'reinstall the app in this portal',
    });
    expect(circuits.allow(7)).toBe(false);
  });

  it('is not opened by refusals of single requests', () => {
    const circuits = new PortalCircuits({ threshold: 1, now: () => 0 });
    expect(circuits.failed(1, { kind: 'rejected', message: '400' }).state).toBe('closed');
  });
});
