import { startSimulator, type Simulator } from '../../simulator';
import { simClient } from './sim-client';

const PORTAL = 7001;
let sim: Simulator;
let call: ReturnType<typeof simClient>;
let clock = Date.parse('2026-11-02T09:00:00.000Z');

const search = (type: string, body: Record<string, unknown>) =>
  call('POST', `/crm/v3/objects/${type}/search`, {
    filterGroups: [],
    sorts: [],
    properties: [],
    limit: 10,
    ...body,
  });
const filter = (propertyName: string, operator: string, extra: Record<string, unknown> = {}) => ({
  filterGroups: [{ filters: [{ propertyName, operator, ...extra }] }],
});

beforeAll(async () => {
  sim = await startSimulator({
    rateLimits: false,
    searchLagMs: 2_000,
    now: () => clock,
    portals: [{ portalId: PORTAL, accessToken: 'test-token' }],
  });
  call = simClient(sim.url);
  const portal = sim.portal(PORTAL);
  portal.seeding = true;
  const companies: Array<Record<string, string>> = [
    { name: 'Acme Corp', domain: 'acme.com', numberofemployees: '250' },
    { name: 'Globex', domain: 'www.globex.com', numberofemployees: '40' },
    {
      name: 'Initech',
      domain: 'initech.com',
      hs_additional_domains: 'initech.io;initech.de',
      numberofemployees: '1200',
    },
    { name: 'Hooli', website: 'https://www.hooli.xyz/about', numberofemployees: '90' },
    { name: 'Umbrella UK', domain: 'umbrella.co.uk' },
  ];
  for (const properties of companies) portal.create('companies', properties, { seeding: true });
  portal.seeding = false;
});
afterAll(() => sim.stop());

describe('CRM search: operators, sorts, paging and limits as HubSpot documents them', () => {
  it.each([
    ['EQ is case-insensitive', filter('name', 'EQ', { value: 'acme corp' }), ['Acme Corp']],
    ['NEQ', filter('name', 'NEQ', { value: 'Acme Corp' }), ['Globex', 'Initech', 'Hooli', 'Umbrella UK']],
    [
      'IN matches exact lower-case values',
      filter('domain', 'IN', { values: ['acme.com', 'www.globex.com', 'initech.io'] }),
      ['Acme Corp', 'Globex'],
    ],
    [
      'NOT_IN',
      filter('domain', 'NOT_IN', { values: ['acme.com'] }),
      ['Globex', 'Initech', 'Hooli', 'Umbrella UK'],
    ],
    ['HAS_PROPERTY', filter('hs_additional_domains', 'HAS_PROPERTY'), ['Initech']],
    ['NOT_HAS_PROPERTY', filter('domain', 'NOT_HAS_PROPERTY'), ['Hooli']],
    ['LT on numbers', filter('numberofemployees', 'LT', { value: '90' }), ['Globex']],
    ['LTE', filter('numberofemployees', 'LTE', { value: '90' }), ['Globex', 'Hooli']],
    ['GT', filter('numberofemployees', 'GT', { value: '250' }), ['Initech']],
    ['GTE', filter('numberofemployees', 'GTE', { value: '250' }), ['Acme Corp', 'Initech']],
    [
      'BETWEEN',
      filter('numberofemployees', 'BETWEEN', { value: '50', highValue: '300' }),
      ['Acme Corp', 'Hooli'],
    ],
    ['CONTAINS_TOKEN', filter('name', 'CONTAINS_TOKEN', { value: 'corp' }), ['Acme Corp']],
    ['CONTAINS_TOKEN with a wildcard', filter('website', 'CONTAINS_TOKEN', { value: '*hooli*' }), ['Hooli']],
    [
      'NOT_CONTAINS_TOKEN',
      filter('name', 'NOT_CONTAINS_TOKEN', { value: 'uk' }),
      ['Acme Corp', 'Globex', 'Initech', 'Hooli'],
    ],
  ])('%s', async (_label, body, names) => {
    const answer = await search('companies', { ...body, properties: ['name'] });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { properties: { name: string } }) => r.properties.name)).toEqual(
      names,
    );
    expect(answer.body.total).toBe(names.length);
  });

  it('ORs filter groups, ANDs filters within a group, and sorts', async () => {
    const answer = await search('companies', {
      filterGroups: [
        {
          filters: [
            { propertyName: 'domain', operator: 'NOT_HAS_PROPERTY' },
            { propertyName: 'website', operator: 'HAS_PROPERTY' },
          ],
        },
        { filters: [{ propertyName: 'numberofemployees', operator: 'GT', value: '1000' }] },
      ],
      sorts: [{ propertyName: 'name', direction: 'DESCENDING' }],
      properties: ['name'],
    });
    expect(answer.body.results.map((r: { properties: { name: string } }) => r.properties.name)).toEqual([
      'Initech',
      'Hooli',
    ]);
  });

  it('pages with after and answers the default properties when none are named', async () => {
    const first = await search('companies', { limit: 2 });
    expect(first.body.paging.next.after).toBe('2');
    expect(Object.keys(first.body.results[0].properties).sort()).toEqual([
      'createdate',
      'domain',
      'hs_lastmodifieddate',
      'hs_object_id',
      'name',
    ]);
    const last = await search('companies', { limit: 2, after: '4' });
    expect(last.body.results).toHaveLength(1);
    expect(last.body.paging).toBeUndefined();
  });

  it.each([
    ['a page over 200', { limit: 201 }],
    ['after past the 10,000-result window', { after: '10000' }],
    [
      '6 filter groups',
      { filterGroups: Array.from({ length: 6 }, () => filter('name', 'HAS_PROPERTY').filterGroups[0]) },
    ],
    [
      '11 filters in a group',
      {
        filterGroups: [
          { filters: Array.from({ length: 11 }, () => ({ propertyName: 'name', operator: 'HAS_PROPERTY' })) },
        ],
      },
    ],
    [
      '26 filters in all',
      {
        filterGroups: Array.from({ length: 3 }, () => ({
          filters: Array.from({ length: 9 }, () => ({ propertyName: 'name', operator: 'HAS_PROPERTY' })),
        })),
      },
    ],
    [
      'IN with 101 values',
      filter('domain', 'IN', { values: Array.from({ length: 101 }, (_, n) => `d${n}.com`) }),
    ],
    ['EQ without a value', filter('domain', 'EQ')],
  ])('refuses %s with 400 VALIDATION_ERROR', async (_label, body) => {
    const answer = await search('companies', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });

  it('lags writes: a new or changed record is searchable only after the index delay', async () => {
    const created = await call('POST', '/crm/v3/objects/companies', {
      properties: { name: 'Fresh Co', domain: 'fresh.example' },
      associations: [],
    });
    const byDomain = () =>
      search('companies', { ...filter('domain', 'EQ', { value: 'fresh.example' }), properties: ['name'] });
    expect((await byDomain()).body.total).toBe(0);
    expect((await call('GET', `/crm/v3/objects/companies/${created.body.id}`)).status).toBe(200);
    clock += 2_000;
    expect((await byDomain()).body.results[0].properties.name).toBe('Fresh Co');

    await call('PATCH', `/crm/v3/objects/companies/${created.body.id}`, {
      properties: { name: 'Fresh Co Renamed' },
    });
    expect((await byDomain()).body.results[0].properties.name).toBe('Fresh Co');
    clock += 2_000;
    expect((await byDomain()).body.results[0].properties.name).toBe('Fresh Co Renamed');
  });
});
