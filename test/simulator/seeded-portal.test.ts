import { startSimulator, generateLeads, type Simulator } from '../../simulator';
import { registrableDomain } from '../../src/handoff/domains';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    portals: [
      { portalId: 1, accessToken: 'a', seed: { seed: 9 } },
      { portalId: 2, accessToken: 'b', seed: { seed: 9 } },
    ],
  });
});
afterAll(() => sim.stop());

describe('seeded portals', () => {
  it('are deterministic by seed and hold what HubSpot portals hold', () => {
    const [one, two] = [sim.catalogs.get(1)!, sim.catalogs.get(2)!];
    expect(two.accounts).toEqual(one.accounts);
    expect(one.accounts).toHaveLength(2_000);
    expect(one.contacts).toHaveLength(2_500);
    expect(new Set(one.accounts.map((account) => account.form))).toEqual(
      new Set(['domain', 'www-domain', 'multi-part', 'additional', 'website-only', 'child', 'name-only']),
    );
    const portal = sim.portal(1);
    const companies = portal.stores.companies.live();
    expect(companies.some((company) => company.properties.domain?.startsWith('www.'))).toBe(true);
    expect(companies.some((company) => company.properties.domain?.endsWith('.co.uk'))).toBe(true);
    expect(companies.some((company) => company.properties.hs_parent_company_id)).toBe(true);
    expect(companies.some((company) => !company.properties.domain && company.properties.website)).toBe(true);
    // One registrable domain names one account, so the labels below are unambiguous.
    const claimed = one.accounts.flatMap((account) => [
      ...new Set(account.emailDomains.map((domain) => registrableDomain(domain))),
    ]);
    expect(new Set(claimed).size).toBe(claimed.length);

    const deals = portal.stores.deals.live();
    expect(deals.some((deal) => deal.properties.hs_is_closed === 'true')).toBe(true);
    expect(
      deals.some((deal) => deal.properties.hs_is_closed === 'false' && deal.properties.hubspot_owner_id),
    ).toBe(true);
    const teams = new Set(portal.owners.flatMap((owner) => owner.teams.map((team) => team.name)));
    expect(teams).toEqual(new Set(['Sales', 'SDR', 'Marketing']));
    expect(portal.owners.filter((owner) => owner.archived)).toHaveLength(3);
  });

  it("generates labelled new contacts across the playbook's cases, the same for the same seed", () => {
    const catalog = sim.catalogs.get(1)!;
    const leads = generateLeads(catalog, { count: 400, seed: 4 });
    expect(
      generateLeads(sim.catalogs.get(2)!, { count: 400, seed: 4 }).map((lead) => lead.properties.email),
    ).toEqual(leads.map((lead) => lead.properties.email));
    expect(new Set(leads.map((lead) => lead.case)).size).toBe(13);
    for (const lead of leads.filter((one) => one.case === 'existing_account')) {
      const account = catalog.accounts.find((one) => one.companyId === lead.expected.companyId)!;
      expect(account.emailDomains.map((domain) => registrableDomain(domain))).toContain(
        registrableDomain(lead.properties.email),
      );
    }
    const emails = leads.map((lead) => lead.properties.email!.toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
    const pair = leads.find((lead) => lead.case === 'duplicate_in_stream')!;
    expect(pair.expected.duplicateOf).toEqual({ leadIndex: expect.any(Number) });
  });
});
