import { startSimulator, type Simulator } from '../../simulator';
import { simClient } from './sim-client';

const PORTAL = 62515;
let sim: Simulator;
let call: ReturnType<typeof simClient>;

beforeAll(async () => {
  sim = await startSimulator({
    rateLimits: false,
    searchLagMs: 0,
    portals: [
      { portalId: PORTAL, accessToken: 'test-token', seed: { seed: 3, companies: 40, contacts: 60 } },
    ],
  });
  call = simClient(sim.url);
});
afterAll(() => sim.stop());

const OBJECT_TYPES: Array<[string, Record<string, string>, Record<string, string>]> = [
  [
    'contacts',
    { email: 'Ada.Lane@Example.org', firstname: 'Ada', jobtitle: 'Director of Sales' },
    { jobtitle: 'VP Sales' },
  ],
  [
    'companies',
    { name: 'Northwind', domain: 'northwind.example', numberofemployees: '250' },
    { numberofemployees: '300' },
  ],
  [
    'deals',
    { dealname: 'Northwind pilot', dealstage: 'appointmentscheduled', pipeline: 'default', amount: '12000' },
    { dealstage: 'closedwon' },
  ],
  [
    'tasks',
    { hs_timestamp: '2026-11-02T09:30:00.000Z', hs_task_subject: 'Call back', hs_task_status: 'NOT_STARTED' },
    { hs_task_status: 'COMPLETED' },
  ],
  [
    'notes',
    { hs_timestamp: '2026-11-02T09:30:00.000Z', hs_note_body: 'Asked for pricing' },
    { hs_note_body: 'Asked for a quote' },
  ],
  [
    'calls',
    {
      hs_timestamp: '2026-11-02T09:30:00.000Z',
      hs_call_title: 'Discovery call',
      hs_call_direction: 'OUTBOUND',
    },
    { hs_call_status: 'COMPLETED' },
  ],
  [
    'emails',
    { hs_timestamp: '2026-11-02T09:30:00.000Z', hs_email_subject: 'Intro', hs_email_direction: 'EMAIL' },
    { hs_email_status: 'SENT' },
  ],
  [
    'meetings',
    { hs_timestamp: '2026-11-02T09:30:00.000Z', hs_meeting_title: 'Demo', hs_meeting_outcome: 'SCHEDULED' },
    { hs_meeting_outcome: 'COMPLETED' },
  ],
];

describe.each(OBJECT_TYPES)(
  "objects API for %s: shapes as in HubSpot's OpenAPI files",
  (type, create, change) => {
    let id: string;

    it('creates (201), reads, lists and updates a record; HubSpot keeps createdate, hs_object_id and the modified date', async () => {
      const created = await call('POST', `/crm/v3/objects/${type}`, { properties: create, associations: [] });
      expect(created.status).toBe(201);
      id = created.body.id;
      expect(created.body.properties).toMatchObject({ ...create, hs_object_id: id });
      expect(created.body.properties.createdate).toMatch(/^\d{4}-/);

      const read = await call(
        'GET',
        `/crm/v3/objects/${type}/${id}?properties=${Object.keys(create).join(',')}`,
      );
      expect(read.status).toBe(200);
      expect(read.body.properties).toMatchObject(create);

      const listed = await call('GET', `/crm/v3/objects/${type}?limit=2`);
      expect(listed.status).toBe(200);
      expect(listed.body.results.length).toBeGreaterThan(0);

      const updated = await call('PATCH', `/crm/v3/objects/${type}/${id}`, { properties: change });
      expect(updated.status).toBe(200);
      expect(updated.body.properties).toMatchObject(change);
      expect(Date.parse(updated.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
    });

    it('batch creates, reads (207 naming missing ids), updates, upserts and archives', async () => {
      const inputs = [0, 1].map((n) => ({
        properties: { ...create, ...(create.email ? { email: `batch${n}@example.org` } : {}) },
        associations: [],
      }));
      const created = await call('POST', `/crm/v3/objects/${type}/batch/create`, { inputs });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'COMPLETE' });
      const ids: string[] = created.body.results.map((record: { id: string }) => record.id);

      const read = await call('POST', `/crm/v3/objects/${type}/batch/read`, {
        inputs: [...ids, '99999999'].map((one) => ({ id: one })),
        properties: Object.keys(create),
        propertiesWithHistory: [],
      });
      expect(read.status).toBe(207);
      expect(read.body.results).toHaveLength(2);
      expect(read.body.errors[0]).toMatchObject({
        category: 'OBJECT_NOT_FOUND',
        context: { ids: ['99999999'] },
      });

      const updated = await call('POST', `/crm/v3/objects/${type}/batch/update`, {
        inputs: ids.map((one) => ({ id: one, properties: change })),
      });
      expect(updated.status).toBe(200);
      expect(updated.body.results[0].properties).toMatchObject(change);

      const upserted = await call('POST', `/crm/v3/objects/${type}/batch/upsert`, {
        inputs: [{ id: ids[0], idProperty: 'hs_object_id', properties: change }],
      });
      expect(upserted.status).toBe(200);
      expect(upserted.body.results[0]).toMatchObject({ id: ids[0], new: false });

      const archived = await call('POST', `/crm/v3/objects/${type}/batch/archive`, {
        inputs: [{ id: ids[1] }],
      });
      expect(archived.status).toBe(204);
      expect((await call('GET', `/crm/v3/objects/${type}/${ids[1]}`)).status).toBe(404);
    });

    it("answers HubSpot's 400 VALIDATION_ERROR for unknown properties and bad values, 404 for a missing record", async () => {
      const bad = await call('PATCH', `/crm/v3/objects/${type}/${id}`, {
        properties: { no_such_property: 'x' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
      expect(bad.body.message).toContain('PROPERTY_DOESNT_EXIST');
      expect(bad.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);

      const missing = await call('GET', `/crm/v3/objects/${type}/12345`);
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });

      const tooMany = await call('POST', `/crm/v3/objects/${type}/batch/read`, {
        inputs: Array.from({ length: 101 }, (_, n) => ({ id: String(n + 1) })),
        properties: [],
        propertiesWithHistory: [],
      });
      expect(tooMany.status).toBe(400);
    });
  },
);

describe('HubSpot-calculated values', () => {
  it('derives hs_is_closed from the deal stage and refuses writing it', async () => {
    const deal = await call('POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'D', dealstage: 'contractsent', pipeline: 'default' },
      associations: [],
    });
    expect(deal.body.properties.hs_is_closed).toBe('false');
    const closed = await call('PATCH', `/crm/v3/objects/deals/${deal.body.id}`, {
      properties: { dealstage: 'closedlost' },
    });
    expect(closed.body.properties.hs_is_closed).toBe('true');
    const refused = await call('PATCH', `/crm/v3/objects/deals/${deal.body.id}`, {
      properties: { hs_is_closed: 'false' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('READ_ONLY_VALUE');
  });

  it("keeps num_associated_contacts and the contact's primary company in step with associations", async () => {
    const company = await call('POST', '/crm/v3/objects/companies', {
      properties: { name: 'Count Co' },
      associations: [],
    });
    const contact = await call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'counted@countco.example' },
      associations: [
        {
          to: { id: company.body.id },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
        },
      ],
    });
    const read = await call(
      'GET',
      `/crm/v3/objects/companies/${company.body.id}?properties=num_associated_contacts`,
    );
    expect(read.body.properties.num_associated_contacts).toBe('1');
    const person = await call(
      'GET',
      `/crm/v3/objects/contacts/${contact.body.id}?properties=associatedcompanyid&associations=companies`,
    );
    expect(person.body.properties.associatedcompanyid).toBe(company.body.id);
  });

  it('keeps contact emails unique, case-insensitively (409), and checks owner ids and options', async () => {
    const first = await call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'unique@example.org' },
      associations: [],
    });
    const again = await call('POST', '/crm/v3/objects/contacts', {
      properties: { email: 'UNIQUE@example.org' },
      associations: [],
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`Contact already exists. Existing ID: ${first.body.id}`);
    const owner = await call('PATCH', `/crm/v3/objects/contacts/${first.body.id}`, {
      properties: { hubspot_owner_id: '1' },
    });
    expect(owner.status).toBe(400);
    expect(owner.body.message).toContain('INVALID_OWNER_ID');
    const option = await call('PATCH', `/crm/v3/objects/contacts/${first.body.id}`, {
      properties: { lifecyclestage: 'prospect' },
    });
    expect(option.body.message).toContain('INVALID_OPTION');
  });
});

describe('listing (the CRM index sync reads the portal this way)', () => {
  it('pages every record oldest id first, 100 at most, with associations when asked', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await call(
        'GET',
        `/crm/v3/objects/deals?limit=100&properties=dealname,dealstage&associations=companies,contacts&archived=false${after ? `&after=${after}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.results.length).toBeLessThanOrEqual(100);
      seen.push(...page.body.results.map((deal: { id: string }) => deal.id));
      after = page.body.paging?.next?.after;
      pages += 1;
    } while (after !== undefined);
    const portal = sim.portal(PORTAL);
    const live = portal.stores.deals.live().map((deal) => deal.id);
    expect(seen).toEqual(live);
    expect(pages).toBe(Math.max(1, Math.ceil(live.length / 100)));
    const withCompany = live.find((id) => portal.associations.list('deals', id, 'companies').length > 0)!;
    const single = await call('GET', `/crm/v3/objects/deals?limit=100&associations=companies`);
    const listed = single.body.results.find((deal: { id: string }) => deal.id === withCompany);
    expect(listed.associations.companies.results[0]).toEqual({
      id: portal.associations.list('deals', withCompany, 'companies')[0]!.toId,
      type: expect.stringMatching(/^deals_to_companies_\d+$/),
    });
  });
});

describe('authentication', () => {
  it("answers 401 without a token or with an unknown one, in HubSpot's error shape", async () => {
    const anonymous = await simClient(sim.url, null)('GET', '/crm/v3/objects/contacts/1');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    const stranger = await simClient(sim.url, 'not-a-token')('GET', '/crm/v3/objects/contacts/1');
    expect(stranger.status).toBe(401);
  });
});
