import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { emailVariants } from '../../src/lead-context/duplicate-candidates';
import { LeadContextLoader, type LeadContext } from '../../src/lead-context/gather-lead-context';
import { CONTACT_PROPERTIES } from '../../src/lead-context/lead-context-properties';
import { FakeClock, batchResponse, testClient } from '../hubspot/fixtures';
import { HubSpotMock } from '../support/hubspot-mock';
import {
  COMPANIES,
  DEALS,
  EXISTING_CONTACTS,
  associations,
  company,
  owner,
  person,
  EXPECTED_COMPANIES,
  EXPECTED_DUPLICATES,
  NORTHWIND,
  PATHS,
  coldBatchReplies,
  newContacts,
  searchAnswer,
  replyOwners,
} from '../fixtures/portal-scenario';

/*
 * A batch of 100 new contacts decided against a portal with existing accounts, deals and contacts.
 * Every HubSpot answer below is HubSpot's own shape, checked against its OpenAPI files by the mock.
 * Long file on purpose: the scenario is one story, and splitting it would scatter its ids.
 */

/** Calls per endpoint, company searches told apart by what they ask. */
function callCounts(mock: HubSpotMock): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of mock.calls) {
    const path = call.path.split('?')[0] ?? '';
    let name = Object.entries(PATHS).find(([, known]) => known === path)?.[0] ?? path;
    if (name === 'companySearch') {
      const filter = (
        call.body as { filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string }> }> }
      ).filterGroups[0]?.filters[0];
      name = filter?.operator === 'IN' ? `companySearch:${filter.propertyName}` : 'companySearch:special';
    }
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

const inValues = (body: unknown): string[] =>
  (body as { filterGroups: Array<{ filters: Array<{ values?: string[] }> }> }).filterGroups.flatMap((group) =>
    group.filters.flatMap((filter) => filter.values ?? []),
  );
const bodiesOf = (mock: HubSpotMock, path: string) =>
  mock.calls.filter((call) => call.path.split('?')[0] === path).map((call) => call.body);
const idsOf = (
  context: LeadContext,
  contactId: string,
  key: 'companiesByContact' | 'otherContactsByContact',
) => (context[key].get(contactId) ?? []).map((item) => item.id);

function newLoader(clock = new FakeClock()) {
  const loader = new LeadContextLoader({ crm: new HubSpotCrm(testClient({ clock })), now: clock.now });
  return { loader, clock };
}

describe('LeadContextLoader: a batch of 100 new contacts', () => {
  const contacts = newContacts();
  const ids = [...contacts.map((contact) => contact.id), '1100'];

  it('reads everything in 10 calls and gives each contact its candidates, deals and duplicates', async () => {
    const mock = coldBatchReplies(new HubSpotMock(), contacts);
    const { loader } = newLoader();
    const context = await loader.load(ids);
    mock.done();

    expect(callCounts(mock)).toEqual({
      contactsRead: 1,
      owners: 2,
      'companySearch:special': 1,
      'companySearch:domain': 1,
      'companySearch:name': 1,
      contactSearch: 1,
      companiesRead: 1,
      companyDeals: 1,
      dealsRead: 1,
    });
    expect(mock.calls).toHaveLength(10);

    expect(context.contacts.map((contact) => contact.id)).toEqual(ids.slice(0, 99));
    expect(context.missing).toEqual(['1100']);
    for (const contact of context.contacts) {
      expect([contact.id, idsOf(context, contact.id, 'companiesByContact')]).toEqual([
        contact.id,
        EXPECTED_COMPANIES[contact.id] ?? [],
      ]);
      expect([contact.id, idsOf(context, contact.id, 'otherContactsByContact')]).toEqual([
        contact.id,
        EXPECTED_DUPLICATES[contact.id] ?? [],
      ]);
    }
    const acme = context.companiesByContact.get('1002')?.[0];
    expect(acme?.deals.map((d) => [d.id, d.properties.hs_is_closed])).toEqual([
      ['7001', 'false'],
      ['7002', 'true'],
    ]);
    expect(context.companiesByContact.get('1021')?.[0]?.deals.map((d) => d.id)).toEqual(['7003']);
    expect(context.companiesByContact.get('1031')?.[0]?.deals.map((d) => d.id)).toEqual(['7004']);
    expect(context.companiesByContact.get('1081')?.[0]).toMatchObject({
      associatedWithContact: true,
      deals: [],
    });
    expect(context.companiesByContact.get('1002')?.[0]?.associatedWithContact).toBeUndefined();
    expect(context.owners.map((o) => [o.id, o.archived, o.teams?.[0]?.name])).toEqual([
      ['101', false, 'Sales'],
      ['102', false, 'Sales'],
      ['201', false, 'SDR'],
      ['301', true, 'Sales'],
    ]);
  });

  it('asks HubSpot for the right properties, domains, names and addresses', async () => {
    const mock = coldBatchReplies(new HubSpotMock(), contacts);
    await newLoader().loader.load(ids);
    mock.done();

    const [read] = bodiesOf(mock, PATHS.contactsRead) as Array<{ inputs: unknown[]; properties: string[] }>;
    expect(read?.inputs).toHaveLength(100);
    expect(read?.properties).toEqual(expect.arrayContaining([...CONTACT_PROPERTIES]));

    const [special, domains, names] = bodiesOf(mock, PATHS.companySearch);
    expect(special).toMatchObject({
      filterGroups: [
        { filters: [{ propertyName: 'hs_additional_domains', operator: 'HAS_PROPERTY' }] },
        {
          filters: [
            { propertyName: 'domain', operator: 'NOT_HAS_PROPERTY' },
            { propertyName: 'website', operator: 'HAS_PROPERTY' },
          ],
        },
      ],
    });
    const domainValues = inValues(domains);
    expect(domainValues).toEqual(
      expect.arrayContaining([
        'acme.com',
        'www.acme.com',
        'globex.com',
        'www.globex.com',
        'initech.io',
        'hooli.xyz',
      ]),
    );
    expect(domainValues).toEqual(
      expect.arrayContaining([
        'umbrella.co.uk',
        'www.umbrella.co.uk',
        'eu.umbrella.co.uk',
        'www.eu.umbrella.co.uk',
      ]),
    );
    // 40 work domains and the .co.uk subdomain, each with its www. form; no free or disposable ones.
    expect(domainValues).toHaveLength(2 * (5 + NORTHWIND.length + 1));
    expect(domainValues.filter((value) => /gmail|outlook|yahoo|mailinator/.test(value))).toEqual([]);
    expect(inValues(names)).toEqual(['pied piper']);

    const [emailSearch] = bodiesOf(mock, PATHS.contactSearch);
    const emails = inValues(emailSearch);
    expect(emails).toEqual(
      expect.arrayContaining(['ann.lee@acme.com', 'jodoe@gmail.com', 'j.o.doe@gmail.com', 'sam@outlook.com']),
    );
    expect(emails).toContain('jo.smith+hs@acme.com');
    expect(emails).not.toContain('jo.smith@acme.com');
    // 99 addresses need more than one IN filter of 100 values: two groups of one request.
    expect((emailSearch as { filterGroups: unknown[] }).filterGroups).toHaveLength(2);
    expect(bodiesOf(mock, PATHS.companyDeals)[0]).toEqual({
      inputs: ['9001', '9002', '9003', '9004', '9005', '9006', '9007'].map((id) => ({ id })),
    });
  });

  it('makes fewer calls for a second load within the cache TTLs, and searches again after them', async () => {
    const mock = coldBatchReplies(new HubSpotMock(), contacts);
    const { loader, clock } = newLoader();
    await loader.load(ids);
    const { vandelay } = COMPANIES;
    const warm = () =>
      mock
        .reply('POST', PATHS.contactsRead, 200, batchResponse(contacts))
        .reply('POST', PATHS.contactSearch, 200, searchAnswer(EXISTING_CONTACTS))
        .reply('POST', PATHS.companiesRead, 200, batchResponse([vandelay]))
        .reply('POST', PATHS.companyDeals, 200, batchResponse([associations('9001', ['7001', '7002'])]))
        .reply('POST', PATHS.dealsRead, 200, batchResponse(DEALS.slice(0, 2)));
    warm();
    mock.calls.length = 0;
    clock.time += 30_000;
    const second = await loader.load(ids);
    expect(callCounts(mock)).toEqual({
      contactsRead: 1,
      contactSearch: 1,
      companiesRead: 1,
      companyDeals: 1,
      dealsRead: 1,
    });
    expect(idsOf(second, '1031', 'companiesByContact')).toEqual(['9003']);
    expect(idsOf(second, '1061', 'companiesByContact')).toEqual(['9006']);

    // Past the 60 s domain TTL, inside the 5 min owner and special-company TTLs.
    warm()
      .reply('POST', PATHS.companySearch, 200, searchAnswer([COMPANIES.acme]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([COMPANIES.piedPiper]));
    mock.calls.length = 0;
    clock.time += 61_000;
    await loader.load(ids);
    expect(callCounts(mock)).toMatchObject({ 'companySearch:domain': 1, 'companySearch:name': 1 });
    expect(callCounts(mock).owners).toBeUndefined();
    expect(callCounts(mock)['companySearch:special']).toBeUndefined();
    mock.done();
  });
});

describe('LeadContextLoader: search index lag and cache invalidation', () => {
  const freshCo = company('9100', {
    name: 'FreshCo',
    domain: 'freshco.com',
    createdate: '2026-11-02T08:59:50.000Z',
    hs_lastmodifieddate: '2026-11-02T08:59:50.000Z',
  });
  const owners = (mock: HubSpotMock) =>
    mock
      .reply(
        'GET',
        PATHS.owners,
        200,
        { results: [owner('101', 'Sam', 'Ortiz', 'Sales')] },
        { query: { limit: '500', archived: 'false' } },
      )
      .reply('GET', PATHS.owners, 200, { results: [] }, { query: { limit: '500', archived: 'true' } });

  it('finds a company noted from a webhook although search does not return it yet', async () => {
    const mock = owners(new HubSpotMock())
      .reply('POST', PATHS.companiesRead, 200, batchResponse([freshCo]))
      .reply('POST', PATHS.contactsRead, 200, batchResponse([person('2001', 'ceo@freshco.com')]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([])) // special companies
      .reply('POST', PATHS.companySearch, 200, searchAnswer([])) // domain IN: not indexed yet
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companyDeals, 200, batchResponse([]));
    const { loader } = newLoader();
    loader.noteCompanies(await loader.readCompanies(['9100']));
    const context = await loader.load(['2001']);
    expect(idsOf(context, '2001', 'companiesByContact')).toEqual(['9100']);
    mock.done();

    // Deleted (or merged away): the noted copy goes, and the cached miss for freshco.com still holds.
    loader.forgetCompanies(['9100']);
    mock
      .reply('POST', PATHS.contactsRead, 200, batchResponse([person('2001', 'ceo@freshco.com')]))
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]));
    const after = await loader.load(['2001']);
    expect(idsOf(after, '2001', 'companiesByContact')).toEqual([]);
    mock.done();
  });

  it('forgetCompanies makes the next load search that company’s domain again', async () => {
    const acmeContact = person('2002', 'ann@acme.com');
    const globexContact = person('2003', 'bo@globex.com');
    const mock = owners(new HubSpotMock())
      .reply('POST', PATHS.contactsRead, 200, batchResponse([acmeContact, globexContact]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([COMPANIES.acme, COMPANIES.globex]))
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companyDeals, 200, batchResponse([]));
    const { loader } = newLoader();
    await loader.load(['2002', '2003']);
    mock.done();

    loader.forgetCompanies(['9001']);
    const renamed = { ...COMPANIES.acme, properties: { ...COMPANIES.acme.properties, domain: 'acme.io' } };
    mock.calls.length = 0;
    mock
      .reply('POST', PATHS.contactsRead, 200, batchResponse([acmeContact, globexContact]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([renamed]))
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companyDeals, 200, batchResponse([]));
    const after = await loader.load(['2002', '2003']);
    expect(inValues(bodiesOf(mock, PATHS.companySearch)[0])).toEqual(['acme.com', 'www.acme.com']);
    expect(idsOf(after, '2002', 'companiesByContact')).toEqual([]);
    expect(idsOf(after, '2003', 'companiesByContact')).toEqual(['9002']);
    mock.done();
  });
});

describe('LeadContextLoader: one contact', () => {
  it('costs 8 calls cold and 4 once owners, domains and special companies are cached', async () => {
    const ann = person('3001', 'ann@acme.com', { jobtitle: 'VP Sales' });
    const mock = replyOwners(new HubSpotMock(), [owner('101', 'Sam', 'Ortiz', 'Sales')])
      .reply('POST', PATHS.contactsRead, 200, batchResponse([ann]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([COMPANIES.acme]))
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companyDeals, 200, batchResponse([associations('9001', ['7001'])]))
      .reply('POST', PATHS.dealsRead, 200, batchResponse([DEALS[0]]));
    const { loader } = newLoader();
    const context = await loader.load(['3001']);
    expect(mock.calls).toHaveLength(8);
    expect(context.companiesByContact.get('3001')?.[0]?.deals.map((d) => d.id)).toEqual(['7001']);
    mock.done();

    mock.calls.length = 0;
    mock
      .reply('POST', PATHS.contactsRead, 200, batchResponse([ann]))
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companyDeals, 200, batchResponse([associations('9001', ['7001'])]))
      .reply('POST', PATHS.dealsRead, 200, batchResponse([DEALS[0]]));
    await loader.load(['3001']);
    expect(callCounts(mock)).toEqual({ contactsRead: 1, contactSearch: 1, companyDeals: 1, dealsRead: 1 });
    mock.done();
  });

  it('makes no call for an empty batch', async () => {
    const mock = new HubSpotMock();
    await expect(newLoader().loader.load([])).resolves.toMatchObject({ contacts: [], missing: [] });
    expect(mock.calls).toHaveLength(0);
  });
});

describe('address variants', () => {
  it.each([
    ['Ann.Lee@Acme.com', ['ann.lee@acme.com']],
    ['jo.smith+hs@acme.com', ['jo.smith+hs@acme.com']],
    ['J.O.Doe+news@gmail.com', ['j.o.doe+news@gmail.com', 'j.o.doe@gmail.com', 'jodoe@gmail.com']],
    ['kim.park@googlemail.com', ['kim.park@googlemail.com', 'kimpark@gmail.com', 'kimpark@googlemail.com']],
    ['sam+promo@outlook.com', ['sam+promo@outlook.com', 'sam@outlook.com']],
    ['not an address', []],
  ])('%s is searched as %j', (email, expected) => {
    expect(emailVariants(email)).toEqual(expected);
  });

  it('reads the playbook’s problem and timing properties too', async () => {
    const playbook = {
      ...DEFAULT_PLAYBOOK,
      intent: {
        ...DEFAULT_PLAYBOOK.intent,
        problem: { properties: ['what_do_you_need'], points: 5 },
        timing: [{ property: 'purchase_timeline', values: ['this quarter'], points: 5 }],
      },
    };
    const mock = new HubSpotMock()
      .reply('POST', PATHS.contactsRead, 200, batchResponse([]))
      .reply('GET', PATHS.owners, 200, { results: [] }, { query: { limit: '500', archived: 'false' } })
      .reply('GET', PATHS.owners, 200, { results: [] }, { query: { limit: '500', archived: 'true' } });
    const loader = new LeadContextLoader({ crm: new HubSpotCrm(testClient()), playbook });
    await expect(loader.load(['4001'])).resolves.toMatchObject({ missing: ['4001'] });
    const [read] = bodiesOf(mock, PATHS.contactsRead) as Array<{ properties: string[] }>;
    expect(read?.properties).toEqual(expect.arrayContaining(['what_do_you_need', 'purchase_timeline']));
    mock.done();
  });
});
