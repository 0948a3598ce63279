import {
  assertRequestMatchesOpenApi,
  assertResponseMatchesOpenApi,
  findOperation,
  requestMismatches,
  responseMismatches,
} from '../support/openapi';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from '../support/hubspot-mock';
import { batchResponse, record } from './fixtures';

describe('OpenAPI checker', () => {
  it('prefers a literal path over a template, and finds deals under the generic objects API', () => {
    expect(findOperation('POST', '/crm/v3/objects/contacts/batch/update')?.spec.file).toBe(
      'contacts-v3.json',
    );
    expect(findOperation('POST', '/crm/v3/objects/deals/batch/read')?.template).toBe(
      '/crm/v3/objects/{objectType}/batch/read',
    );
    expect(findOperation('POST', '/crm/v3/objects/0-3/batch/read')?.spec.file).toBe('deals-v3.json');
    expect(findOperation('GET', '/crm/v3/owners?limit=500')?.spec.file).toBe('crmOwners-v3.json');
    expect(findOperation('POST', '/crm/v3/no/such/thing')).toBeNull();
  });

  it('accepts a well-formed batch update', () => {
    expect(() =>
      assertRequestMatchesOpenApi({
        method: 'POST',
        path: '/crm/v3/objects/contacts/batch/update',
        body: { inputs: [{ id: '101', properties: { handoff_status: 'sales_ready' } }] },
      }),
    ).not.toThrow();
  });

  it('refuses a malformed batch update and lists every mismatch', () => {
    const body = { inputs: [{ objectId: 101, properties: { handoff_fit_score: 80 } }] };
    expect(() =>
      assertRequestMatchesOpenApi({ method: 'POST', path: '/crm/v3/objects/contacts/batch/update', body }),
    ).toThrow(
      [
        "request POST /crm/v3/objects/contacts/batch/update does not match HubSpot's OpenAPI spec:",
        '  - $.inputs[0]: missing required property "id"',
        '  - $.inputs[0].objectId: property not declared by the schema (declared: id, idProperty, objectWriteTraceId, properties)',
        '  - $.inputs[0].properties.handoff_fit_score: expected string, got number 80',
      ].join('\n'),
    );
  });

  it('refuses a search with an unknown operator, and a body on a GET', () => {
    const search = {
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQUALS', value: 'a@b.co' }] }],
      sorts: [],
      properties: ['email'],
      limit: 10,
    };
    expect(
      requestMismatches({ method: 'POST', path: '/crm/v3/objects/contacts/search', body: search }),
    ).toEqual([expect.stringContaining('$.filterGroups[0].filters[0].operator: "EQUALS" is not one of')]);
    expect(requestMismatches({ method: 'GET', path: '/crm/v3/owners', body: '{"a":1}' })).toEqual([
      'body sent, but the operation takes none',
    ]);
    expect(requestMismatches({ method: 'GET', path: '/crm/v3/owners?limt=5' })).toEqual([
      'query parameter "limt" is not documented',
    ]);
  });

  it('checks form-encoded OAuth bodies', () => {
    const form = (grant: string) =>
      new URLSearchParams({ grant_type: grant, client_id: 'id', code: 'c' }).toString();
    const check = (grant: string) =>
      requestMismatches({
        method: 'POST',
        path: '/oauth/v1/token',
        body: form(grant),
        contentType: 'application/x-www-form-urlencoded',
      });
    expect(check('authorization_code')).toEqual([]);
    expect(check('password')).toEqual([expect.stringContaining('$.grant_type: "password" is not one of')]);
  });

  it('refuses a response fixture that HubSpot would never send', () => {
    const good = batchResponse([record('101')]);
    expect(() =>
      assertResponseMatchesOpenApi({
        method: 'POST',
        path: '/crm/v3/objects/contacts/batch/read',
        status: 200,
        body: good,
      }),
    ).not.toThrow();
    const bad = { status: 'DONE', results: [{ id: 101, properties: {} }] };
    const errors = responseMismatches({
      method: 'POST',
      path: '/crm/v3/objects/contacts/batch/read',
      status: 200,
      body: bad,
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        '$: missing required property "startedAt"',
        '$.status: "DONE" is not one of "CANCELED", "COMPLETE", "PENDING", "PROCESSING"',
        '$.results[0]: missing required property "createdAt"',
        '$.results[0].id: expected string, got number 101',
      ]),
    );
  });

  it('makes a HubSpotMock fail the test when an intercepted body is malformed', async () => {
    const mock = new HubSpotMock().reply(
      'POST',
      '/crm/v3/objects/contacts/batch/update',
      200,
      batchResponse([]),
    );
    await fetch(`${HUBSPOT_TEST_BASE_URL}/crm/v3/objects/contacts/batch/update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ id: '101', properties: { handoff_status: null } }] }),
    });
    expect(() => mock.done()).toThrow(/\$\.inputs\[0\]\.properties\.handoff_status: null is not allowed/);
  });
});
