import { startSimulator, type Simulator } from '../../simulator';
import { HANDOFF_GROUP, HANDOFF_PROPERTIES } from '../../src/hubspot/property-definitions';
import { simClient } from './sim-client';

const PORTAL = 7002;
const APP = { clientId: 'client-1', clientSecret: 'secret-1', appId: 999 };
let sim: Simulator;
let call: ReturnType<typeof simClient>;

beforeAll(async () => {
  sim = await startSimulator({
    rateLimits: false,
    searchLagMs: 0,
    associationPageSize: 2,
    oauthApps: [APP],
    portals: [
      { portalId: PORTAL, accessToken: 'test-token', seed: { seed: 11, companies: 30, contacts: 40 } },
    ],
  });
  call = simClient(sim.url);
});
afterAll(() => sim.stop());

describe('v4 associations', () => {
  it('creates default associations and reads them in batches, paging per record', async () => {
    const company = await call('POST', '/crm/v3/objects/companies', {
      properties: { name: 'Assoc Co' },
      associations: [],
    });
    const deals = await call('POST', '/crm/v3/objects/deals/batch/create', {
      inputs: [1, 2, 3].map((n) => ({
        properties: { dealname: `D${n}`, dealstage: 'qualifiedtobuy', pipeline: 'default' },
        associations: [],
      })),
    });
    const dealIds: string[] = deals.body.results.map((deal: { id: string }) => deal.id);
    const created = await call('POST', '/crm/v4/associations/companies/deals/batch/associate/default', {
      inputs: dealIds.map((id) => ({ from: { id: company.body.id }, to: { id } })),
    });
    expect(created.status).toBe(200);
    expect(created.body.results[0].associationSpec).toEqual({
      associationCategory: 'HUBSPOT_DEFINED',
      associationTypeId: 342,
    });

    const page1 = await call('POST', '/crm/v4/associations/companies/deals/batch/read', {
      inputs: [{ id: company.body.id }, { id: '1' }],
    });
    expect(page1.status).toBe(207);
    expect(page1.body.results[0].to.map((to: { toObjectId: number }) => String(to.toObjectId))).toEqual(
      dealIds.slice(0, 2),
    );
    expect(page1.body.results[0].to[0].associationTypes).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 342 },
    ]);
    expect(page1.body.errors[0].context).toEqual({ fromObjectId: ['1'] });
    const page2 = await call('POST', '/crm/v4/associations/companies/deals/batch/read', {
      inputs: [{ id: company.body.id, after: page1.body.results[0].paging.next.after }],
    });
    expect(page2.status).toBe(200);
    expect(page2.body.results[0].to.map((to: { toObjectId: number }) => String(to.toObjectId))).toEqual(
      dealIds.slice(2),
    );

    const reverse = await call('GET', `/crm/v4/objects/deals/${dealIds[0]}/associations/companies`);
    expect(reverse.body.results[0]).toMatchObject({
      toObjectId: company.body.id,
      associationTypes: [{ typeId: 341 }],
    });
    const single = await call(
      'PUT',
      `/crm/v4/objects/deals/${dealIds[0]}/associations/default/contacts/${sim.catalogs.get(PORTAL)!.contacts[0]!.id}`,
    );
    expect(single.status).toBe(200);
  });

  it('creates tasks associated to contacts (type 204) and refuses an association type of another pair', async () => {
    const contactId = sim.catalogs.get(PORTAL)!.contacts[1]!.id;
    const task = await call('POST', '/crm/v3/objects/tasks/batch/create', {
      inputs: [
        {
          properties: { hs_timestamp: '2026-11-02T10:00:00Z', hs_task_subject: 'Follow up' },
          associations: [
            {
              to: { id: contactId },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }],
            },
          ],
        },
      ],
    });
    expect(task.status).toBe(201);
    const back = await call('GET', `/crm/v4/objects/contacts/${contactId}/associations/tasks`);
    expect(back.body.results[0]).toMatchObject({
      toObjectId: task.body.results[0].id,
      associationTypes: [{ typeId: 203 }],
    });
    const wrong = await call('POST', '/crm/v3/objects/tasks', {
      properties: { hs_timestamp: '2026-11-02T10:00:00Z' },
      associations: [
        {
          to: { id: contactId },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }],
        },
      ],
    });
    expect(wrong.status).toBe(400);
  });
});

describe('owners', () => {
  it('lists active owners with teams, archived ones on request, and pages', async () => {
    const active = await call('GET', '/crm/v3/owners?limit=5&archived=false');
    expect(active.body.results).toHaveLength(5);
    expect(active.body.results[0].teams[0]).toEqual({ id: '4101', name: 'Sales', primary: true });
    expect(active.body.paging.next.after).toBe('5');
    const rest = await call('GET', `/crm/v3/owners?limit=500&after=5`);
    expect(active.body.results.length + rest.body.results.length).toBe(14);
    const archived = await call('GET', '/crm/v3/owners?archived=true');
    expect(archived.body.results.map((owner: { archived: boolean }) => owner.archived)).toEqual([
      true,
      true,
      true,
    ]);
    const one = await call('GET', `/crm/v3/owners/${active.body.results[0].id}`);
    expect(one.body.id).toBe(active.body.results[0].id);
    expect((await call('GET', '/crm/v3/owners/1')).status).toBe(404);
  });
});

describe('properties and groups', () => {
  it('creates the Sales handoff group and properties, 409 on an existing name, PATCHes options', async () => {
    expect((await call('GET', `/crm/v3/properties/contacts/groups/${HANDOFF_GROUP.name}`)).status).toBe(404);
    const group = await call('POST', '/crm/v3/properties/contacts/groups', { ...HANDOFF_GROUP });
    expect(group.status).toBe(201);
    expect(
      (await call('GET', '/crm/v3/properties/contacts/groups')).body.results.map(
        (g: { name: string }) => g.name,
      ),
    ).toContain(HANDOFF_GROUP.name);

    const [first, ...others] = HANDOFF_PROPERTIES;
    const single = await call('POST', '/crm/v3/properties/contacts', first);
    expect(single.status).toBe(201);
    const again = await call('POST', '/crm/v3/properties/contacts', first);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 'error', category: 'CONFLICT' });

    const batch = await call('POST', '/crm/v3/properties/contacts/batch/create', {
      inputs: [...others, first],
    });
    expect(batch.status).toBe(207);
    expect(batch.body.results).toHaveLength(others.length);
    expect(batch.body.errors[0].context).toEqual({ name: [first!.name] });

    const listed = await call('GET', '/crm/v3/properties/contacts?archived=false');
    expect(listed.body.results.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(HANDOFF_PROPERTIES.map((p) => p.name)),
    );
    const owner = await call('GET', '/crm/v3/properties/contacts/handoff_owner');
    expect(owner.body).toMatchObject({
      type: 'enumeration',
      externalOptions: true,
      referencedObjectType: 'OWNER',
    });

    const options = [
      ...(first!.options ?? []),
      { label: 'Recycled', value: 'recycled', hidden: false, displayOrder: 9 },
    ];
    const patched = await call('PATCH', `/crm/v3/properties/contacts/${first!.name}`, { options });
    expect(patched.status).toBe(200);
    expect(patched.body.options.map((o: { value: string }) => o.value)).toContain('recycled');
    const contact = sim.catalogs.get(PORTAL)!.contacts[2]!.id;
    expect(
      (
        await call('PATCH', `/crm/v3/objects/contacts/${contact}`, {
          properties: { [first!.name]: 'recycled' },
        })
      ).status,
    ).toBe(200);
    expect((await call('GET', '/crm/v3/properties/contacts/no_such_property')).status).toBe(404);
  });
});

describe('OAuth', () => {
  const redirectUri = 'https://handoff.example/oauth/callback';

  it('exchanges a code once, refreshes, and describes tokens', async () => {
    const code = sim.issueAuthorizationCode({ portalId: PORTAL, clientId: APP.clientId, redirectUri });
    const form = {
      grant_type: 'authorization_code',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      redirect_uri: redirectUri,
      code,
    };
    const tokens = await call('POST', '/oauth/v1/token', form, { form: true });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
    const reused = await call('POST', '/oauth/v1/token', form, { form: true, unchecked: 'response' });
    expect(reused.status).toBe(400);
    expect(reused.body.status).toBe('BAD_AUTH_CODE');

    const info = await call('GET', `/oauth/v1/access-tokens/${tokens.body.access_token}`);
    expect(info.body).toMatchObject({ hub_id: PORTAL, app_id: APP.appId, token_type: 'access' });
    expect((await simClient(sim.url, tokens.body.access_token)('GET', '/crm/v3/owners')).status).toBe(200);

    const refreshed = await call(
      'POST',
      '/oauth/v1/token',
      {
        grant_type: 'refresh_token',
        client_id: APP.clientId,
        client_secret: APP.clientSecret,
        refresh_token: tokens.body.refresh_token,
      },
      { form: true },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(tokens.body.access_token);
    const refreshInfo = await call('GET', `/oauth/v1/refresh-tokens/${tokens.body.refresh_token}`);
    expect(refreshInfo.body).toMatchObject({ hub_id: PORTAL, client_id: APP.clientId });
    const wrongSecret = await call(
      'POST',
      '/oauth/v1/token',
      { ...form, client_secret: 'nope' },
      { form: true, unchecked: 'response' },
    );
    expect(wrongSecret.body.status).toBe('BAD_CLIENT_ID');
  });
});
