import { HubSpotCrm } from '../../src/hubspot/crm';
import { hubspotPaths } from '../../src/hubspot/paths';
import {
  companiesWithoutSearchableDomain,
  contactsCreatedOrMissedSql,
  inSearchRequests,
  searchContactsByEmail,
  searchModifiedSince,
} from '../../src/hubspot/searches';
import { HubSpotMock } from '../support/hubspot-mock';
import { record, testClient } from './fixtures';

const inValues = (body: unknown): string[] =>
  (body as { filterGroups: Array<{ filters: Array<{ values?: string[] }> }> }).filterGroups.flatMap((group) =>
    group.filters.flatMap((filter) => filter.values ?? []),
  );

const answer = (ids: string[]) => ({ total: ids.length, results: ids.map((id) => record(id)) });

describe('search chunking', () => {
  it('puts 100 values in an IN filter and 5 filter groups in a request', () => {
    const values = Array.from({ length: 1_100 }, (_, i) => `d${i}.com`);
    const requests = inSearchRequests('domain', values, ['name']);
    expect(requests.map((request) => request.filterGroups.length)).toEqual([5, 5, 1]);
    expect(requests.flatMap((request) => inValues(request))).toEqual(values);
    expect(
      Math.max(...requests.flatMap((r) => r.filterGroups.map((g) => g.filters[0]?.values?.length ?? 0))),
    ).toBe(100);
  });

  it('searches 600 addresses in two requests and returns each contact once', async () => {
    const emails = Array.from({ length: 600 }, (_, i) => `p${i}@acme.com`);
    const path = hubspotPaths.objectsSearch('contacts');
    const mock = new HubSpotMock()
      .reply('POST', path, 200, answer(['1', '2']))
      .reply('POST', path, 200, answer(['2', '3']));
    const found = await searchContactsByEmail(new HubSpotCrm(testClient()), emails, ['email']);
    expect(found.map((contact) => contact.id)).toEqual(['1', '2', '3']);
    expect(mock.calls.map((call) => inValues(call.body).length)).toEqual([500, 100]);
    expect(mock.calls[0]?.body).toMatchObject({
      filterGroups: expect.arrayContaining([
        { filters: [{ propertyName: 'email', operator: 'IN', values: emails.slice(0, 100) }] },
      ]),
      properties: ['email'],
    });
    mock.done();
  });
});

describe('the searches jobs run', () => {
  it('lists the companies domain search cannot find in one search of two filter groups', async () => {
    const mock = new HubSpotMock().reply('POST', hubspotPaths.objectsSearch('companies'), 200, answer(['9']));
    const found = await companiesWithoutSearchableDomain(new HubSpotCrm(testClient()), ['domain']);
    expect(found.map((company) => company.id)).toEqual(['9']);
    expect(mock.calls[0]?.body).toEqual({
      filterGroups: [
        { filters: [{ propertyName: 'hs_additional_domains', operator: 'HAS_PROPERTY' }] },
        {
          filters: [
            { propertyName: 'domain', operator: 'NOT_HAS_PROPERTY' },
            { propertyName: 'website', operator: 'HAS_PROPERTY' },
          ],
        },
      ],
      sorts: [],
      properties: ['domain'],
      limit: 200,
    });
    mock.done();
  });

  it('finds contacts created in a window, or made SQL in it while Handoff still holds them open', async () => {
    const mock = new HubSpotMock().reply('POST', hubspotPaths.objectsSearch('contacts'), 200, answer(['5']));
    await contactsCreatedOrMissedSql(
      new HubSpotCrm(testClient()),
      { since: 1_000, until: 2_000, openStages: ['mql', 'sal'] },
      { maxResults: 10_000 },
    );
    expect(mock.calls[0]?.body).toEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'createdate', operator: 'GTE', value: '1000' },
            { propertyName: 'createdate', operator: 'LTE', value: '2000' },
          ],
        },
        {
          filters: [
            { propertyName: 'lifecyclestage', operator: 'EQ', value: 'salesqualifiedlead' },
            { propertyName: 'handoff_stage', operator: 'IN', values: ['mql', 'sal'] },
            { propertyName: 'lastmodifieddate', operator: 'GTE', value: '1000' },
            { propertyName: 'lastmodifieddate', operator: 'LTE', value: '2000' },
          ],
        },
      ],
      sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
      properties: ['createdate', 'lastmodifieddate', 'lifecyclestage', 'handoff_stage'],
      limit: 200,
    });
    mock.done();
  });

  it.each([
    ['companies', 'hs_lastmodifieddate'],
    ['deals', 'hs_lastmodifieddate'],
    ['contacts', 'lastmodifieddate'],
  ] as const)('searches %s changed since a time by %s, oldest first', async (objectType, property) => {
    const mock = new HubSpotMock().reply('POST', hubspotPaths.objectsSearch(objectType), 200, answer([]));
    await searchModifiedSince(new HubSpotCrm(testClient()), objectType, 1_500, ['name']);
    expect(mock.calls[0]?.body).toEqual({
      filterGroups: [{ filters: [{ propertyName: property, operator: 'GT', value: '1500' }] }],
      sorts: [{ propertyName: property, direction: 'ASCENDING' }],
      properties: ['name'],
      limit: 200,
    });
    mock.done();
  });
});
