import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_PLAYBOOK } from '../../src/handoff/default-playbook';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { indexedCompany, indexedContact, indexedDeal } from '../../src/crm-index/crm-index-records';
import { decideLeads } from '../../src/decisions/decide-in-order';
import { LeadContextLoader, type LeadContext } from '../../src/lead-context/gather-lead-context';
import { IndexedCrm } from '../../src/lead-context/indexed-crm';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { FakeClock, batchResponse, testClient } from '../hubspot/fixtures';
import { HubSpotMock } from '../support/hubspot-mock';
import {
  COMPANIES,
  DEALS,
  EXISTING_CONTACTS,
  EXPECTED_COMPANIES,
  EXPECTED_DUPLICATES,
  PATHS,
  coldBatchReplies,
  newContacts,
  owner,
} from '../fixtures/portal-scenario';

/*
 * The loader's 100-contact scenario (gather-lead-context.test.ts) once the portal's CRM index is
 * ready: the same candidates, deals and duplicates, and the same decisions, from the contact batch
 * read and the owners alone. Runs on PostgreSQL when DATABASE_URL names one, else SQLite.
 */
const PORTAL = 62515;
const NOW = Date.parse('2026-11-02T09:00:00.000Z');
const DEAL_LINKS: Record<string, string[]> = {
  '7001': ['9001'],
  '7002': ['9001'],
  '7003': ['9002'],
  '7004': ['9003'],
};

async function openTestStore(): Promise<{ store: Store; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL ?? '';
  if (!url.startsWith('postgres')) return { store: await openStore('sqlite::memory:'), drop: async () => {} };
  const schema = `handoff_indexed_${process.pid}_${randomBytes(3).toString('hex')}`;
  const store = await openStore(url, { schema });
  return {
    store,
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
    },
  };
}

async function readyIndex(store: Store): Promise<void> {
  const index = store.crmIndex;
  await index.putCompanies(PORTAL, Object.values(COMPANIES).map(indexedCompany));
  await index.putDeals(
    PORTAL,
    DEALS.map((deal) => indexedDeal(deal, { companyIds: DEAL_LINKS[deal.id] ?? [], contactIds: [] })),
  );
  await index.putContacts(PORTAL, EXISTING_CONTACTS.map(indexedContact));
  await index.saveState(PORTAL, { phase: 'ready', startedAt: NOW - 1, finishedAt: NOW, bump: true }, NOW);
}

const idsOf = (context: LeadContext, id: string, key: 'companiesByContact' | 'otherContactsByContact') =>
  (context[key].get(id) ?? []).map((item) => item.id);

function decisions(context: LeadContext): Array<[string, string, string | undefined]> {
  const results = decideLeads(
    context,
    context.contacts.map((contact) => contact.id),
    {
      playbook: DEFAULT_PLAYBOOK,
      routingState: {},
      openLeadsByOwner: {},
      now: () => NOW,
    },
  );
  return [...results].map((result) =>
    'error' in result
      ? [result.contactId, `error ${result.error}`, undefined]
      : [result.contactId, result.decision.status, result.decision.owner?.ownerId],
  );
}

describe('LeadContextLoader with a ready CRM index: the 100-contact scenario without search', () => {
  const contacts = newContacts();
  const ids = [...contacts.map((contact) => contact.id), '1100'];
  let store: Store;
  let drop: () => Promise<void>;
  beforeEach(async () => ({ store, drop } = await openTestStore()));
  afterEach(async () => {
    await store.close();
    await drop();
  });

  it('finds the same candidates, deals and duplicates from the contact read and the owners alone', async () => {
    await readyIndex(store);
    const clock = new FakeClock();
    const mock = new HubSpotMock()
      .reply('POST', PATHS.contactsRead, 207, { ...batchResponse(contacts), numErrors: 0 })
      .reply(
        'GET',
        PATHS.owners,
        200,
        {
          results: [
            owner('101', 'Sam', 'Ortiz', 'Sales'),
            owner('102', 'Ada', 'Lane', 'Sales'),
            owner('201', 'Kim', 'Park', 'SDR'),
          ],
        },
        { query: { limit: '500', archived: 'false' } },
      )
      .reply(
        'GET',
        PATHS.owners,
        200,
        { results: [owner('301', 'Old', 'Timer', 'Sales', true)] },
        { query: { limit: '500', archived: 'true' } },
      );
    const loader = new LeadContextLoader({
      crm: new HubSpotCrm(testClient({ clock })),
      now: clock.now,
      index: new IndexedCrm(store, PORTAL, () => NOW),
    });
    const context = await loader.load(ids);
    mock.done();
    expect(mock.calls.map((call) => call.path.split('?')[0])).toEqual([
      PATHS.contactsRead,
      PATHS.owners,
      PATHS.owners,
    ]);
    expect(context.indexVersion).toBe((await store.crmIndex.state(PORTAL)).version - 1);
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
    expect(
      context.companiesByContact.get('1002')?.[0]?.deals.map((d) => [d.id, d.properties.hs_is_closed]),
    ).toEqual([
      ['7001', 'false'],
      ['7002', 'true'],
    ]);
    expect(context.companiesByContact.get('1081')?.[0]).toMatchObject({
      associatedWithContact: true,
      deals: [],
    });
    // The batch joined the index: a twin created seconds later is matched without a search.
    expect(
      (await store.crmIndex.contactsByMailboxes(PORTAL, ['kimpark@gmail.com'])).map((c) => c.id),
    ).toEqual(['1079', '1080']);
  });

  it('decides every contact exactly as the search path does: same statuses and owners', async () => {
    const searchMock = coldBatchReplies(new HubSpotMock(), contacts);
    const searched = await new LeadContextLoader({
      crm: new HubSpotCrm(testClient({ clock: new FakeClock() })),
      now: () => NOW,
    }).load(ids);
    searchMock.done();
    await readyIndex(store);
    const indexMock = new HubSpotMock()
      .reply('POST', PATHS.contactsRead, 207, { ...batchResponse(contacts), numErrors: 0 })
      .reply(
        'GET',
        PATHS.owners,
        200,
        {
          results: [
            owner('101', 'Sam', 'Ortiz', 'Sales'),
            owner('102', 'Ada', 'Lane', 'Sales'),
            owner('201', 'Kim', 'Park', 'SDR'),
          ],
        },
        { query: { limit: '500', archived: 'false' } },
      )
      .reply(
        'GET',
        PATHS.owners,
        200,
        { results: [owner('301', 'Old', 'Timer', 'Sales', true)] },
        { query: { limit: '500', archived: 'true' } },
      );
    const indexed = await new LeadContextLoader({
      crm: new HubSpotCrm(testClient({ clock: new FakeClock() })),
      now: () => NOW,
      index: new IndexedCrm(store, PORTAL, () => NOW),
    }).load(ids);
    indexMock.done();
    expect(decisions(indexed)).toEqual(decisions(searched));
    expect(
      decisions(indexed).filter(([, status]) => status === 'duplicate_or_existing').length,
    ).toBeGreaterThan(40);
  });
});
