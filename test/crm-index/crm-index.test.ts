import { HubSpotCrm } from '../../src/hubspot/crm';
import type { HubSpotClient } from '../../src/hubspot/hubspot-client';
import { sweepCrmIndex } from '../../src/crm-index/sweep-crm-index';
import { enqueueFirstSync, syncCrmIndexJob } from '../../src/crm-index/sync-crm-index-job';
import { testJobWorker } from '../support/handoff-worker';
import { syncCrmIndex } from '../../src/crm-index/sync-crm-index';
import { generateLeads } from '../../simulator';
import { INDEX_PORTAL as PORTAL, startIndexWorld, type IndexWorld } from '../support/index-world';

const LIST = (type: string) => `GET /crm/v3/objects/${type}`;
const SEARCH = (type: string) => `POST /crm/v3/objects/${type}/search`;
const SEARCHES = () => ['companies', 'contacts', 'deals'].map(SEARCH);

describe('CRM index: built from the list endpoints, kept fresh by webhooks and the sweep', () => {
  let world: IndexWorld;
  afterEach(async () => world?.close());

  async function build(): Promise<void> {
    await enqueueFirstSync(world.store, PORTAL, Date.now());
    await world.deliver();
  }

  it('builds at install by paging the list endpoints (no search), 100 records a call', async () => {
    world = await startIndexWorld({ companies: 230, contacts: 120 });
    const portal = world.sim.portal(PORTAL);
    const expected = {
      companies: portal.stores.companies.live().length,
      deals: portal.stores.deals.live().length,
      contacts: portal.stores.contacts.live().length,
    };
    await build();
    const state = await world.store.crmIndex.state(PORTAL);
    expect(state).toMatchObject({
      phase: 'ready',
      cursors: { companies: 'done', deals: 'done', contacts: 'done' },
    });
    expect(await world.store.crmIndex.counts(PORTAL)).toEqual(expected);
    for (const type of ['companies', 'deals', 'contacts'] as const) {
      expect(world.calls(LIST(type))).toBe(Math.max(1, Math.ceil(expected[type] / 100)));
    }
    expect(state.calls).toBe(world.calls());
    expect(SEARCHES().map((endpoint) => world.calls(endpoint))).toEqual([0, 0, 0]);
    // A deal carries its company links from the list's `associations=companies,contacts`.
    const [deal] = portal.stores.deals.live();
    const companyIds = portal.associations.list('deals', deal!.id, 'companies').map((to) => to.toId);
    expect((await world.store.crmIndex.deals(PORTAL, [deal!.id]))[0]?.companyIds).toEqual(companyIds.sort());
    // A second enqueue of the first build adds nothing.
    expect(await enqueueFirstSync(world.store, PORTAL, Date.now())).toBe(false);
  });

  it('resumes a sync that crashed mid-list from the stored cursor, reading no page twice', async () => {
    world = await startIndexWorld({ companies: 350, contacts: 20 });
    const client = await world.clients.forPortal(PORTAL);
    let listed = 0;
    const crashing = {
      request: (request: Parameters<HubSpotClient['request']>[0]) => {
        if (request.endpoint === 'objects.list' && ++listed === 3) throw new Error('process killed');
        return client.request(request);
      },
    } as unknown as HubSpotClient;
    const sync = (using: HubSpotClient) =>
      syncCrmIndex({ store: world.store, client: using, portalId: PORTAL, now: Date.now });
    await expect(sync(crashing)).rejects.toThrow('process killed');
    const crashed = await world.store.crmIndex.state(PORTAL);
    expect(crashed).toMatchObject({ phase: 'syncing', records: 200, calls: 2 });
    expect(crashed.cursors.companies).toMatch(/^\d+$/);

    const pages: string[] = [];
    const watching = {
      request: (request: Parameters<HubSpotClient['request']>[0]) => {
        if (request.endpoint === 'objects.list')
          pages.push(`${request.path}?after=${String(request.query?.after)}`);
        return client.request(request);
      },
    } as unknown as HubSpotClient;
    const state = await sync(watching);
    expect(pages[0]).toBe(`/crm/v3/objects/companies?after=${crashed.cursors.companies}`);
    expect(state.phase).toBe('ready');
    expect((await world.store.crmIndex.counts(PORTAL)).companies).toBe(350);
    expect(world.calls(LIST('companies'))).toBe(4);
  });

  it('hands a long build on to a next job after its page budget, so no run outlives its lease', async () => {
    world = await startIndexWorld({ companies: 350, contacts: 20 });
    const job = syncCrmIndexJob({
      store: world.store,
      now: Date.now,
      crm: async (portalId) => new HubSpotCrm(await world.clients.forPortal(portalId)),
      pagesPerRun: 2,
    });
    const worker = testJobWorker(world.store, [job], { now: Date.now });
    await enqueueFirstSync(world.store, PORTAL, Date.now());
    while ((await worker.drain()) > 0);
    const pages = world.calls(LIST('companies')) + world.calls(LIST('deals')) + world.calls(LIST('contacts'));
    const jobs = await world.store.jobs.list({ limit: 100 });
    expect(jobs.map((one) => one.status)).toEqual(Array(Math.ceil(pages / 2)).fill('done'));
    expect(await world.store.crmIndex.state(PORTAL)).toMatchObject({ phase: 'ready', calls: pages });
    expect((await world.store.crmIndex.counts(PORTAL)).companies).toBe(350);
  });

  it('applies company webhooks: creation, domain change, deletion; a company created seconds ago matches', async () => {
    world = await startIndexWorld({ companies: 40, contacts: 20 });
    await build();
    const portal = world.sim.portal(PORTAL);
    // An owned account (a bare company created just before a contact is taken to have come with it).
    const owner = world.sim.catalogs.get(PORTAL)!.owners.find((one) => !one.archived)!;
    const created = portal.create('companies', {
      name: 'Brand New Co',
      domain: 'brandnew.io',
      hubspot_owner_id: owner.id,
    });
    await world.deliver();
    const byDomain = (domain: string) => world.store.crmIndex.companiesByDomains(PORTAL, [domain]);
    expect((await byDomain('brandnew.io')).map((c) => c.id)).toEqual([created.id]);

    portal.update('companies', created.id, { domain: 'brandnew.ai', hs_additional_domains: 'brand-new.eu' });
    await world.deliver();
    expect(await byDomain('brandnew.io')).toEqual([]);
    expect((await byDomain('brand-new.eu')).map((c) => c.id)).toEqual([created.id]);

    const lead = portal.create('contacts', { email: 'cto@brandnew.ai', firstname: 'Ada', jobtitle: 'CTO' });
    await world.deliver();
    const decision = (await world.store.decisions.latest(PORTAL, [lead.id])).get(lead.id);
    expect(decision).toMatchObject({ companyId: created.id, ownerId: owner.id });
    expect(decision?.indexVersion).toBeGreaterThan(0);

    portal.archive('companies', created.id);
    await world.deliver();
    expect(await byDomain('brandnew.ai')).toEqual([]);
    expect((await world.store.crmIndex.state(PORTAL)).lastWebhookAt).not.toBeNull();
  });

  it('applies deal webhooks and association changes: a new deal on a company is its open deal', async () => {
    world = await startIndexWorld({ companies: 30, contacts: 10 });
    await build();
    const portal = world.sim.portal(PORTAL);
    const company = portal.create('companies', { name: 'Deal Co', domain: 'dealco.io' });
    const deal = portal.create('deals', {
      dealname: 'Pilot',
      dealstage: 'appointmentscheduled',
      pipeline: 'default',
    });
    portal.associate('deals', deal.id, 'companies', company.id, 341);
    await world.deliver();
    const [indexed] = await world.store.crmIndex.dealsOfCompanies(PORTAL, [company.id]);
    expect(indexed).toMatchObject({ id: deal.id, closed: false, stage: 'appointmentscheduled' });

    portal.update('deals', deal.id, { dealstage: 'closedwon' });
    await world.deliver();
    expect((await world.store.crmIndex.deals(PORTAL, [deal.id]))[0]).toMatchObject({ closed: true });

    portal.archive('deals', deal.id);
    await world.deliver();
    expect(await world.store.crmIndex.dealsOfCompanies(PORTAL, [company.id])).toEqual([]);
  });

  it('applies contact merges and deletions: the merged-away contact leaves the index', async () => {
    world = await startIndexWorld({ companies: 20, contacts: 30 });
    await build();
    const portal = world.sim.portal(PORTAL);
    const [kept, merged] = portal.stores.contacts.live();
    // HubSpot archives the merged-away record and sends `contact.merge` for the primary one.
    portal.archive('contacts', merged!.id);
    world.dropWebhooks = true;
    await world.deliver();
    world.dropWebhooks = false;
    await world.store.events.insert(
      [
        {
          portalId: PORTAL,
          eventKey: `merge-${kept!.id}`,
          subscriptionType: 'contact.merge',
          objectTypeId: '0-1',
          objectId: Number(kept!.id),
          occurredAt: Date.now(),
          payload: {
            subscriptionType: 'contact.merge',
            objectId: Number(kept!.id),
            primaryObjectId: Number(kept!.id),
            mergedObjectIds: [Number(merged!.id)],
          },
        },
      ],
      Date.now(),
    );
    await world.deliver();
    expect((await world.store.crmIndex.contacts(PORTAL, [kept!.id, merged!.id])).map((c) => c.id)).toEqual([
      kept!.id,
    ]);
  });

  it("applies a contact's new additional email", async () => {
    world = await startIndexWorld({ companies: 20, contacts: 30 });
    await build();
    const portal = world.sim.portal(PORTAL);
    const [known] = portal.stores.contacts.live();
    portal.update('contacts', known!.id, { hs_additional_emails: 'Second.Box+crm@gmail.com' });
    await world.deliver();
    expect(
      (await world.store.crmIndex.contactsByMailboxes(PORTAL, ['secondbox@gmail.com'])).map((c) => c.id),
    ).toEqual([known!.id]);
  });

  it('repairs a change whose webhook never came with the delta sweep', async () => {
    world = await startIndexWorld({ companies: 30, contacts: 10 });
    await build();
    const portal = world.sim.portal(PORTAL);
    const [company] = portal.stores.companies.live();
    world.dropWebhooks = true;
    portal.update('companies', company!.id, { hs_additional_domains: 'missed-webhook.io' });
    await world.deliver();
    expect(await world.store.crmIndex.companiesByDomains(PORTAL, ['missed-webhook.io'])).toEqual([]);

    const crm = new HubSpotCrm(await world.clients.forPortal(PORTAL));
    const report = await sweepCrmIndex({ store: world.store, crm, portalId: PORTAL, now: Date.now });
    expect(report?.repaired).toBe(1);
    expect(report?.searches).toBe(3);
    expect(
      (await world.store.crmIndex.companiesByDomains(PORTAL, ['missed-webhook.io'])).map((c) => c.id),
    ).toEqual([company!.id]);
    expect((await world.store.crmIndex.state(PORTAL)).lastSweepAt).not.toBeNull();
  });

  it('continues a sweep cut short by the search result window from the last modified date it saw', async () => {
    world = await startIndexWorld({ companies: 20, contacts: 5 });
    await build();
    const portal = world.sim.portal(PORTAL);
    world.dropWebhooks = true;
    const changed = portal.stores.companies.live().slice(0, 3);
    for (const [n, company] of changed.entries()) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      portal.update('companies', company.id, { hs_additional_domains: `missed-${n}.io` });
    }
    await world.deliver();
    const crm = new HubSpotCrm(await world.clients.forPortal(PORTAL));
    const sweep = () =>
      sweepCrmIndex({ store: world.store, crm, portalId: PORTAL, now: Date.now }, { maxResults: 2 });
    expect((await sweep())?.found.companies).toBe(2);
    expect(await world.store.crmIndex.companiesByDomains(PORTAL, ['missed-2.io'])).toEqual([]);
    await sweep();
    expect((await world.store.crmIndex.companiesByDomains(PORTAL, ['missed-2.io'])).map((c) => c.id)).toEqual(
      [changed[2]!.id],
    );
  });

  it('matches a batch of new contacts with zero search calls once the index is ready', async () => {
    world = await startIndexWorld({ companies: 120, contacts: 60 });
    await build();
    const portal = world.sim.portal(PORTAL);
    const twin = portal.create('contacts', {
      email: 'jane.doe@gmail.com',
      firstname: 'Jane',
      lastname: 'Doe',
    });
    const other = portal.create('contacts', {
      email: 'bob@example.org',
      hs_additional_emails: 'b.smith+crm@outlook.com',
    });
    await world.deliver();
    const searchesBefore = SEARCHES().map((endpoint) => world.calls(endpoint));
    const callsBefore = world.calls();

    const leads = generateLeads(world.sim.catalogs.get(PORTAL)!, { count: 60, seed: 4 });
    const created = leads.map(
      (lead) => portal.create('contacts', lead.properties, { changeSource: 'FORM' }).id,
    );
    // Gmail ignores dots and +tags (and googlemail is gmail); Outlook ignores +tags only.
    const dotted = portal.create('contacts', { email: 'JaneDoe+webinar@googlemail.com', firstname: 'Jane' });
    const tagged = portal.create('contacts', { email: 'b.smith@outlook.com', firstname: 'Bob' });
    const notSame = portal.create('contacts', { email: 'bsmith@outlook.com', firstname: 'B' });
    await world.deliver();

    expect(SEARCHES().map((endpoint) => world.calls(endpoint))).toEqual(searchesBefore);
    const ids = [...created, dotted.id, tagged.id, notSame.id];
    const decisions = await world.store.decisions.latest(PORTAL, ids);
    expect(decisions.size).toBe(ids.length);
    const version = (await world.store.crmIndex.state(PORTAL)).version;
    for (const decision of decisions.values()) {
      expect(decision.indexVersion).toBeGreaterThan(0);
      expect(decision.indexVersion).toBeLessThanOrEqual(version);
    }
    const duplicateOf = (id: string) =>
      ((decisions.get(id)?.record as { duplicates?: Array<{ contactId: string }> }).duplicates ?? []).map(
        (duplicate) => duplicate.contactId,
      );
    expect(decisions.get(dotted.id)?.match).toBe('duplicate_contact');
    expect(duplicateOf(dotted.id)).toEqual([twin.id]);
    expect(duplicateOf(tagged.id)).toEqual([other.id]);
    expect(duplicateOf(notSame.id)).toEqual([]);
    // The generator's duplicates of existing contacts are all found.
    for (const lead of leads) {
      const expected = lead.expected.duplicateOf;
      if (expected && 'contactId' in expected)
        expect(duplicateOf(created[lead.index]!)).toContain(expected.contactId);
    }
    // No call per lead: a contact batch read, owners and the write-backs, never a search.
    expect((world.calls() - callsBefore) / ids.length).toBeLessThan(0.5);
  });
});
