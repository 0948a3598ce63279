import type { IndexedCompany, IndexedContact, IndexedDeal } from '../../src/store/crm-index';
import type { Store } from '../../src/store/store';
import { decision } from './decision-battery';
import { T0 } from './store-battery';

const PORTAL = 62515;
const OTHER = 777;

function company(id: string, patch: Partial<IndexedCompany> = {}): IndexedCompany {
  return {
    id,
    domains: ['acme.com'],
    nameKey: 'acme',
    ownerId: '101',
    parentId: null,
    properties: { name: 'Acme, Inc.', domain: 'acme.com' },
    modifiedAt: T0,
    ...patch,
  };
}

function deal(id: string, patch: Partial<IndexedDeal> = {}): IndexedDeal {
  return {
    id,
    companyIds: ['1'],
    contactIds: ['501'],
    ownerId: '101',
    stage: 'appointmentscheduled',
    closed: false,
    properties: { dealname: 'Pilot', dealstage: 'appointmentscheduled' },
    modifiedAt: T0,
    ...patch,
  };
}

function contact(id: string, mailboxes: string[], patch: Partial<IndexedContact> = {}): IndexedContact {
  return {
    id,
    mailboxes,
    ownerId: null,
    properties: { email: mailboxes[0] ?? null },
    modifiedAt: T0,
    ...patch,
  };
}

/** The CRM index (migration 0012): the same behaviour on every adapter. */
export function crmIndexBattery(open: () => Promise<Store>): void {
  describe('CRM index', () => {
    let store: Store;
    afterEach(async () => store.close());

    it('finds companies by any registrable domain, by normalised name, by parent, per portal', async () => {
      store = await open();
      const index = store.crmIndex;
      await index.putCompanies(PORTAL, [
        company('1', { domains: ['acme.com', 'acme.co.uk'] }),
        company('2', { domains: ['acme-labs.io'], nameKey: 'acme labs', parentId: '1' }),
      ]);
      await index.putCompanies(OTHER, [company('9')]);
      expect((await index.companiesByDomains(PORTAL, ['acme.co.uk'])).map((c) => c.id)).toEqual(['1']);
      expect((await index.companiesByDomains(PORTAL, ['acme.com', 'acme-labs.io'])).map((c) => c.id)).toEqual(
        ['1', '2'],
      );
      expect((await index.companiesByNames(PORTAL, ['acme labs'])).map((c) => c.id)).toEqual(['2']);
      expect((await index.childCompanies(PORTAL, ['1'])).map((c) => c.id)).toEqual(['2']);
      const [found] = await index.companies(PORTAL, ['1']);
      expect(found).toEqual(company('1', { domains: ['acme.co.uk', 'acme.com'] }));
      expect(await index.companiesByDomains(OTHER, ['acme-labs.io'])).toEqual([]);
    });

    it('keeps the newer copy: an older list page never undoes a fresher webhook read', async () => {
      store = await open();
      const index = store.crmIndex;
      await index.putCompanies(PORTAL, [company('1', { domains: ['new.io'], modifiedAt: T0 + 10 })]);
      expect(await index.putCompanies(PORTAL, [company('1', { domains: ['old.io'], modifiedAt: T0 })])).toBe(
        0,
      );
      expect((await index.companiesByDomains(PORTAL, ['new.io'])).map((c) => c.id)).toEqual(['1']);
      expect(await index.companiesByDomains(PORTAL, ['old.io'])).toEqual([]);
      // A changed domain replaces the old key.
      await index.putCompanies(PORTAL, [company('1', { domains: ['newer.io'], modifiedAt: T0 + 20 })]);
      expect(await index.companiesByDomains(PORTAL, ['new.io'])).toEqual([]);
    });

    it('holds deals with their company and contact links, open or closed, and removes them', async () => {
      store = await open();
      const index = store.crmIndex;
      await index.putDeals(PORTAL, [
        deal('70', { companyIds: ['1', '2'] }),
        deal('71', { closed: true, stage: 'closedwon' }),
        deal('72', { companyIds: ['3'] }),
      ]);
      const deals = await index.dealsOfCompanies(PORTAL, ['1']);
      expect(deals.map((d) => [d.id, d.closed, d.companyIds])).toEqual([
        ['70', false, ['1', '2']],
        ['71', true, ['1']],
      ]);
      expect(await index.remove(PORTAL, 'deals', ['70', '404'])).toBe(1);
      expect((await index.dealsOfCompanies(PORTAL, ['1', '2'])).map((d) => d.id)).toEqual(['71']);
    });

    it('finds contacts by any normalised mailbox, and forgets a merged-away one', async () => {
      store = await open();
      const index = store.crmIndex;
      await index.putContacts(PORTAL, [
        contact('501', ['janedoe@gmail.com', 'jane@acme.com']),
        contact('502', ['bob@acme.com']),
      ]);
      expect((await index.contactsByMailboxes(PORTAL, ['jane@acme.com'])).map((c) => c.id)).toEqual(['501']);
      expect((await index.contactsByMailboxes(PORTAL, ['janedoe@gmail.com', 'bob@acme.com'])).length).toBe(2);
      await index.remove(PORTAL, 'contacts', ['502']);
      expect(await index.contactsByMailboxes(PORTAL, ['bob@acme.com'])).toEqual([]);
      expect(await index.counts(PORTAL)).toEqual({ companies: 0, deals: 0, contacts: 1 });
    });

    it('keeps the sync state: phase, cursors, version, freshness; inside a transaction too', async () => {
      store = await open();
      expect(await store.crmIndex.state(PORTAL)).toMatchObject({ phase: 'empty', version: 0, cursors: {} });
      await store.crmIndex.saveState(PORTAL, { phase: 'syncing', startedAt: T0, cursors: {} }, T0);
      await store.transaction(async (tx) => {
        await tx.crmIndex.putCompanies(PORTAL, [company('1')]);
        await tx.crmIndex.saveState(
          PORTAL,
          { cursors: { companies: '101' }, records: 1, calls: 1, bump: true },
          T0 + 1,
        );
      });
      await expect(
        store.transaction(async (tx) => {
          await tx.crmIndex.putCompanies(PORTAL, [company('2')]);
          await tx.crmIndex.saveState(PORTAL, { cursors: { companies: '201' }, bump: true }, T0 + 2);
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash');
      expect(await store.crmIndex.state(PORTAL)).toMatchObject({
        phase: 'syncing',
        cursors: { companies: '101' },
        records: 1,
        calls: 1,
        version: 1,
        startedAt: T0,
        finishedAt: null,
      });
      expect(await store.crmIndex.companies(PORTAL, ['2'])).toEqual([]);
      const ready = await store.crmIndex.saveState(
        PORTAL,
        { phase: 'ready', finishedAt: T0 + 5, lastWebhookAt: T0 + 6, lastSweepAt: T0 + 7, bump: true },
        T0 + 8,
      );
      expect(ready).toMatchObject({
        phase: 'ready',
        version: 2,
        finishedAt: T0 + 5,
        lastWebhookAt: T0 + 6,
        lastSweepAt: T0 + 7,
      });
    });

    it('keeps the index version a decision read (null when matching searched HubSpot)', async () => {
      store = await open();
      const indexed = await store.decisions.save(decision('601', { indexVersion: 42 }));
      const searched = await store.decisions.save(decision('602'));
      expect((await store.decisions.get(indexed as number))?.indexVersion).toBe(42);
      expect((await store.decisions.get(searched as number))?.indexVersion).toBeNull();
    });
  });
}
