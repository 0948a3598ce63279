import { HubSpotCrm, SEARCH_RESULT_WINDOW, taskToContact } from '../../src/hubspot/crm';
import { hubspotPaths } from '../../src/hubspot/paths';
import { HubSpotMock } from '../support/hubspot-mock';
import { FakeClock, batchResponse, record, testClient } from './fixtures';

const ids = (count: number, from = 1) => Array.from({ length: count }, (_, index) => String(from + index));
const STAMP = '2026-11-02T09:00:00.000Z';

describe('HubSpotCrm batches', () => {
  it('reads 250 contacts in 3 calls of at most 100 inputs', async () => {
    const path = hubspotPaths.objectsBatchRead('contacts');
    const mock = new HubSpotMock()
      .reply('POST', path, 200, batchResponse(ids(100).map((id) => record(id))))
      .reply('POST', path, 200, batchResponse(ids(100, 101).map((id) => record(id))))
      .reply('POST', path, 200, batchResponse(ids(50, 201).map((id) => record(id))));
    const crm = new HubSpotCrm(testClient());
    const read = await crm.batchRead('contacts', ids(250), ['email', 'hubspot_owner_id']);
    expect(read.results).toHaveLength(250);
    expect(mock.calls.map((call) => (call.body as { inputs: unknown[] }).inputs.length)).toEqual([
      100, 100, 50,
    ]);
    expect(mock.calls[0]?.body).toMatchObject({
      properties: ['email', 'hubspot_owner_id'],
      propertiesWithHistory: [],
    });
    mock.done();
  });

  it('reads by a unique property with idProperty', async () => {
    const path = hubspotPaths.objectsBatchRead('contacts');
    const mock = new HubSpotMock().reply(
      'POST',
      path,
      200,
      batchResponse([record('7', { email: 'ada@example.com' })]),
    );
    await new HubSpotCrm(testClient()).batchRead('contacts', ['ada@example.com'], ['email'], {
      idProperty: 'email',
    });
    expect(mock.calls[0]?.body).toMatchObject({ idProperty: 'email', inputs: [{ id: 'ada@example.com' }] });
    mock.done();
  });

  it('updates 250 contacts in 3 calls and gathers the per-input errors of a 207', async () => {
    const path = hubspotPaths.objectsBatchUpdate('contacts');
    const notFound = {
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message:
        'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
      context: { ids: ['250'] },
      errors: [],
      links: {},
    };
    const mock = new HubSpotMock()
      .reply('POST', path, 200, batchResponse(ids(100).map((id) => record(id))))
      .reply('POST', path, 200, batchResponse(ids(100, 101).map((id) => record(id))))
      .reply('POST', path, 207, {
        ...batchResponse(ids(49, 201).map((id) => record(id))),
        errors: [notFound],
        numErrors: 1,
      });
    const inputs = ids(250).map((id) => ({ id, properties: { handoff_status: 'sales_ready' } }));
    const updated = await new HubSpotCrm(testClient()).batchUpdate('contacts', inputs);
    expect(updated.results).toHaveLength(249);
    expect(updated.errors).toEqual([notFound]);
    expect(mock.count('POST', path)).toBe(3);
    mock.done();
  });

  it('creates tasks associated to their contacts (type 204, HUBSPOT_DEFINED)', async () => {
    const path = hubspotPaths.objectsBatchCreate('tasks');
    const mock = new HubSpotMock().reply('POST', path, 201, batchResponse([record('9001')]));
    const task = {
      hs_task_subject: 'Call Ada',
      hs_timestamp: STAMP,
      hs_task_type: 'CALL',
      hubspot_owner_id: '77',
    };
    await new HubSpotCrm(testClient()).batchCreate('tasks', [
      { properties: task, associations: [taskToContact('101')] },
    ]);
    expect(mock.calls[0]?.body).toEqual({
      inputs: [
        {
          properties: task,
          associations: [
            {
              to: { id: '101' },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }],
            },
          ],
        },
      ],
    });
    mock.done();
  });
});

describe('HubSpotCrm search', () => {
  const request = {
    filterGroups: [{ filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' as const }] }],
    sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' as const }],
    properties: ['email'],
  };
  const path = hubspotPaths.objectsSearch('contacts');
  const page = (total: number, from: number, count: number, after?: string) => ({
    total,
    results: ids(count, from).map((id) => record(id)),
    ...(after ? { paging: { next: { after, link: `?after=${after}` } } } : {}),
  });

  it('pages with `after` until HubSpot’s 10,000-result window and reports truncation', async () => {
    const mock = new HubSpotMock();
    for (let offset = 0; offset < SEARCH_RESULT_WINDOW; offset += 200) {
      mock.reply('POST', path, 200, page(12_345, offset + 1, 200, String(offset + 200)));
    }
    const clock = new FakeClock();
    const found = await new HubSpotCrm(testClient({ clock })).searchAll('contacts', request);
    expect(found).toMatchObject({ total: 12_345, truncated: true });
    expect(found.results).toHaveLength(SEARCH_RESULT_WINDOW);
    const afters = mock.calls.map((call) => (call.body as { after?: string }).after);
    expect(afters[0]).toBeUndefined();
    expect(afters.at(-1)).toBe('9800');
    expect(mock.calls).toHaveLength(50);
    // 50 search calls at 5/s take at least 9 s of (fake) time.
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(9_000);
    mock.done();
  });

  it('stops on the last page without truncation', async () => {
    const mock = new HubSpotMock()
      .reply('POST', path, 200, page(250, 1, 200, '200'))
      .reply('POST', path, 200, page(250, 201, 50));
    const found = await new HubSpotCrm(testClient()).searchAll('contacts', request);
    expect(found).toMatchObject({ total: 250, truncated: false });
    expect(found.results).toHaveLength(250);
    mock.done();
  });

  it('refuses searches beyond HubSpot’s filter limits before sending', async () => {
    const crm = new HubSpotCrm(testClient());
    const filter = { propertyName: 'email', operator: 'HAS_PROPERTY' as const };
    const groups = (count: number, size: number) =>
      Array.from({ length: count }, () => ({ filters: Array(size).fill(filter) }));
    await expect(crm.searchPage('contacts', { ...request, filterGroups: groups(6, 1) })).rejects.toThrow(
      /6 filter groups \(HubSpot allows 5\)/,
    );
    await expect(crm.searchPage('contacts', { ...request, filterGroups: groups(1, 11) })).rejects.toThrow(
      /filter group 1 has 11 filters \(at most 10\)/,
    );
    await expect(crm.searchPage('contacts', { ...request, filterGroups: groups(3, 9) })).rejects.toThrow(
      /27 filters in all \(at most 25\)/,
    );
    await expect(crm.searchPage('contacts', { ...request, limit: 201 })).rejects.toMatchObject({
      code: 'hubspot_validation',
    });
  });
});

describe('HubSpotCrm associations and owners', () => {
  it('reads associations 1000 ids per call and follows per-record paging', async () => {
    const path = hubspotPaths.associationsBatchRead('contacts', 'companies');
    const association = (id: string) => ({
      toObjectId: id,
      associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 279 }],
    });
    const result = (from: string, to: string, after?: string) => ({
      from: { id: from },
      to: [association(to)],
      ...(after ? { paging: { next: { after } } } : {}),
    });
    const mock = new HubSpotMock()
      .reply('POST', path, 200, batchResponse([result('1', '501', 'MTA='), result('2', '502')]))
      .reply('POST', path, 200, batchResponse([result('1001', '503')]))
      .reply('POST', path, 200, batchResponse([result('1', '504')]));
    const found = await new HubSpotCrm(testClient()).readAssociationsBatch(
      'contacts',
      'companies',
      ids(1500),
    );
    expect(mock.calls.map((call) => (call.body as { inputs: unknown[] }).inputs.length)).toEqual([
      1000, 500, 1,
    ]);
    expect(mock.calls[2]?.body).toEqual({ inputs: [{ id: '1', after: 'MTA=' }] });
    expect(found.get('1')?.map((to) => to.toObjectId)).toEqual(['501', '504']);
    expect(found.get('3')).toEqual([]);
    mock.done();
  });

  it('lists every owner page with teams', async () => {
    const owner = (id: string, teams: Array<{ id: string; name: string; primary: boolean }>) => ({
      id,
      email: `owner${id}@example.com`,
      firstName: 'Owner',
      lastName: id,
      userId: Number(id) + 1000,
      type: 'PERSON',
      archived: false,
      createdAt: STAMP,
      updatedAt: STAMP,
      teams,
    });
    const mock = new HubSpotMock()
      .reply(
        'GET',
        hubspotPaths.owners,
        200,
        {
          results: [owner('1', [{ id: '10', name: 'Sales', primary: true }])],
          paging: { next: { after: '1', link: '?after=1' } },
        },
        { query: { limit: '500', archived: 'false' } },
      )
      .reply(
        'GET',
        hubspotPaths.owners,
        200,
        { results: [owner('2', [{ id: '11', name: 'SDR', primary: true }])] },
        {
          query: { limit: '500', archived: 'false', after: '1' },
        },
      );
    const owners = await new HubSpotCrm(testClient()).listOwners();
    expect(owners.map((found) => [found.id, found.teams?.[0]?.name])).toEqual([
      ['1', 'Sales'],
      ['2', 'SDR'],
    ]);
    mock.done();
  });
});
