import { startSimulator, type Simulator } from '../../simulator';
import type { ChangeEvent } from '../../simulator/portal';
import {
  subscribedType,
  toWebhookEvent,
  type WebhookSubscription,
} from '../../simulator/webhooks/subscriptions';
import { dealContactLink } from '../../src/lifecycle/outcomes-set-in-hubspot';
import { webhookBatchSchema } from '../../src/intake/events';
import { simClient } from './sim-client';

const PORTAL = 62516;
let sim: Simulator;
let call: ReturnType<typeof simClient>;
let changes: ChangeEvent[];

beforeAll(async () => {
  sim = await startSimulator({
    rateLimits: false,
    searchLagMs: 0,
    portals: [
      { portalId: PORTAL, accessToken: 'test-token', seed: { seed: 5, companies: 10, contacts: 10 } },
    ],
  });
  call = simClient(sim.url);
  sim.portal(PORTAL).onChange((change) => changes.push(change));
});
beforeEach(() => {
  changes = [];
});
afterAll(() => sim.stop());

const OWNER = () => sim.portal(PORTAL).owners.find((owner) => !owner.archived)!.id;
const association = (id: string, associationTypeId: number) => ({
  to: { id },
  types: [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId }],
});

async function newContact(email: string, properties: Record<string, string> = {}): Promise<string> {
  const created = await call('POST', '/crm/v3/objects/contacts', {
    properties: { email, ...properties },
    associations: [],
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function readContact(id: string, properties: string[]) {
  const read = await call('GET', `/crm/v3/objects/contacts/${id}?properties=${properties.join(',')}`);
  return read.body.properties as Record<string, string | null>;
}

/** The events a subscription list would deliver for the changes so far, parsed by the app's own schema. */
function delivered(subscriptions: WebhookSubscription[]) {
  const events = changes.flatMap((change, index) =>
    subscriptions.flatMap((subscription) => {
      const type = subscribedType(subscription, change);
      return type ? [toWebhookEvent(change, type, { eventId: index + 1, subscriptionId: 1, appId: 9 })] : [];
    }),
  );
  return events.length === 0 ? [] : webhookBatchSchema.parse(events);
}

describe('Leads object (0-136) and pipelines', () => {
  it('lists the default lead pipeline and its stages as pipelines-v3.json documents them', async () => {
    const pipelines = await call('GET', '/crm/v3/pipelines/leads');
    expect(pipelines.status).toBe(200);
    expect(pipelines.body.results[0].id).toBe('lead-pipeline-id');
    expect(pipelines.body.results[0].stages.map((stage: { id: string }) => stage.id)).toEqual([
      'new-stage-id',
      'attempting-stage-id',
      'connected-stage-id',
      'qualified-stage-id',
      'unqualified-stage-id',
    ]);
    const stages = await call('GET', '/crm/v3/pipelines/0-136/lead-pipeline-id/stages');
    expect(stages.body.results).toHaveLength(5);
    const deals = await call('GET', '/crm/v3/pipelines/deals/default');
    expect(deals.body.stages.map((stage: { id: string }) => stage.id)).toContain('closedwon');
    const missing = await call('GET', '/crm/v3/pipelines/leads/nope');
    expect(missing.status).toBe(404);
  });

  it('refuses a lead without a name or without its primary contact, naming what is missing', async () => {
    const contactId = await newContact('lead-needs@example.org');
    const unnamed = await call('POST', '/crm/v3/objects/leads', {
      properties: { hs_lead_label: 'HOT' },
      associations: [association(contactId, 578)],
    });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.message).toContain('hs_lead_name is required');
    const alone = await call('POST', '/crm/v3/objects/leads', {
      properties: { hs_lead_name: 'Lonely lead' },
      associations: [],
    });
    expect(alone.status).toBe(400);
    expect(alone.body.message).toContain('type 578');
    expect(sim.portal(PORTAL).stores.leads.live()).toHaveLength(0);
  });

  it('creates a lead in the default pipeline at its first stage, associated both ways, and moves its stage', async () => {
    const contactId = await newContact('lead-one@example.org');
    const created = await call('POST', '/crm/v3/objects/leads', {
      properties: { hs_lead_name: 'Ada Lane', hs_lead_label: 'HOT', hubspot_owner_id: OWNER() },
      associations: [association(contactId, 578)],
    });
    expect(created.status).toBe(201);
    expect(created.body.properties).toMatchObject({
      hs_pipeline: 'lead-pipeline-id',
      hs_pipeline_stage: 'new-stage-id',
    });
    const fromContact = await call(
      'GET',
      `/crm/v4/objects/contacts/${contactId}/associations/leads?limit=10`,
    );
    expect(fromContact.body.results[0]).toMatchObject({ toObjectId: created.body.id });

    changes = [];
    const moved = await call('PATCH', `/crm/v3/objects/leads/${created.body.id}`, {
      properties: { hs_pipeline_stage: 'connected-stage-id' },
    });
    expect(moved.status).toBe(200);
    const events = delivered([
      { subscriptionType: 'object.propertyChange', objectType: 'lead', propertyName: 'hs_pipeline_stage' },
    ]);
    expect(events).toEqual([
      expect.objectContaining({
        subscriptionType: 'object.propertyChange',
        objectTypeId: '0-136',
        objectId: Number(created.body.id),
        propertyName: 'hs_pipeline_stage',
        propertyValue: 'connected-stage-id',
      }),
    ]);
    const refused = await call('PATCH', `/crm/v3/objects/leads/${created.body.id}`, {
      properties: { hs_pipeline_stage: 'won-stage' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('INVALID_OPTION');
  });
});

describe('sales activity: calls, emails, meetings and notes move the contact’s activity dates', () => {
  it('stamps the engagement’s own time, never moves back for an older one, and counts contacts made', async () => {
    const contactId = await newContact('active@example.org');
    const call1 = await call('POST', '/crm/v3/objects/calls', {
      properties: {
        hs_timestamp: '2026-11-03T10:00:00.000Z',
        hs_call_title: 'First call',
        hubspot_owner_id: OWNER(),
      },
      associations: [association(contactId, 194)],
    });
    expect(call1.status).toBe(201);
    expect(
      await readContact(contactId, [
        'hs_last_sales_activity_timestamp',
        'notes_last_contacted',
        'num_contacted_notes',
      ]),
    ).toMatchObject({
      hs_last_sales_activity_timestamp: '2026-11-03T10:00:00.000Z',
      notes_last_contacted: '2026-11-03T10:00:00.000Z',
      num_contacted_notes: '1',
    });

    const older = await call('POST', '/crm/v3/objects/emails', {
      properties: {
        hs_timestamp: '2026-11-02T08:00:00.000Z',
        hs_email_subject: 'Logged late',
        hs_email_direction: 'EMAIL',
      },
      associations: [],
    });
    await call('PUT', `/crm/v4/objects/emails/${older.body.id}/associations/default/contacts/${contactId}`);
    const note = await call('POST', '/crm/v3/objects/notes', {
      properties: { hs_timestamp: '2026-11-04T09:00:00.000Z', hs_note_body: 'Left a note' },
      associations: [association(contactId, 202)],
    });
    expect(note.status).toBe(201);
    expect(
      await readContact(contactId, [
        'hs_last_sales_activity_timestamp',
        'notes_last_contacted',
        'num_contacted_notes',
      ]),
    ).toMatchObject({
      // The note is activity but not contact made; the late email counts but keeps the later date.
      hs_last_sales_activity_timestamp: '2026-11-04T09:00:00.000Z',
      notes_last_contacted: '2026-11-03T10:00:00.000Z',
      num_contacted_notes: '2',
    });
  });

  it('sends a CALCULATED property change for hs_last_sales_activity_timestamp', async () => {
    const contactId = await newContact('meeting@example.org');
    changes = [];
    await call('POST', '/crm/v3/objects/meetings', {
      properties: {
        hs_timestamp: '2026-11-05T15:00:00.000Z',
        hs_meeting_title: 'Demo',
        hs_meeting_outcome: 'COMPLETED',
      },
      associations: [association(contactId, 200)],
    });
    const events = delivered([
      {
        subscriptionType: 'object.propertyChange',
        objectType: 'contact',
        propertyName: 'hs_last_sales_activity_timestamp',
      },
      { subscriptionType: 'object.creation', objectType: 'meeting' },
    ]);
    expect(events).toEqual([
      expect.objectContaining({ subscriptionType: 'object.creation', objectTypeId: '0-47' }),
      expect.objectContaining({
        objectId: Number(contactId),
        propertyName: 'hs_last_sales_activity_timestamp',
        propertyValue: '2026-11-05T15:00:00.000Z',
        changeSource: 'CALCULATED',
      }),
    ]);
  });

  it('refuses writing the calculated activity dates through the API', async () => {
    const contactId = await newContact('readonly@example.org');
    const refused = await call('PATCH', `/crm/v3/objects/contacts/${contactId}`, {
      properties: { hs_last_sales_activity_timestamp: '2026-11-05T15:00:00.000Z' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('READ_ONLY_VALUE');
  });
});

describe('lifecycle stage: forward only through the API unless cleared first', () => {
  it('ignores a backward move without an error, allows it after clearing, and stamps the stage entry date', async () => {
    const contactId = await newContact('stage@example.org', { lifecyclestage: 'lead' });
    const forward = await call('PATCH', `/crm/v3/objects/contacts/${contactId}`, {
      properties: { lifecyclestage: 'opportunity' },
    });
    expect(forward.body.properties.lifecyclestage).toBe('opportunity');
    const backward = await call('PATCH', `/crm/v3/objects/contacts/${contactId}`, {
      properties: { lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'OPEN' },
    });
    expect(backward.status).toBe(200);
    expect(await readContact(contactId, ['lifecyclestage', 'hs_lead_status'])).toMatchObject({
      lifecyclestage: 'opportunity',
      hs_lead_status: 'OPEN',
    });
    await call('PATCH', `/crm/v3/objects/contacts/${contactId}`, { properties: { lifecyclestage: '' } });
    await call('PATCH', `/crm/v3/objects/contacts/${contactId}`, {
      properties: { lifecyclestage: 'marketingqualifiedlead' },
    });
    const read = await readContact(contactId, [
      'lifecyclestage',
      'hs_v2_date_entered_lead',
      'hs_v2_date_entered_opportunity',
      'hs_v2_date_entered_marketingqualifiedlead',
    ]);
    expect(read.lifecyclestage).toBe('marketingqualifiedlead');
    expect(read.hs_v2_date_entered_lead).toMatch(/^\d{4}-/);
    expect(read.hs_v2_date_entered_opportunity).toMatch(/^\d{4}-/);
    expect(read.hs_v2_date_entered_marketingqualifiedlead).toMatch(/^\d{4}-/);
  });

  it('lets a person in HubSpot move the stage back (only the API is held forward)', () => {
    const portal = sim.portal(PORTAL);
    const contact = portal.create('contacts', {
      email: 'ui@example.org',
      lifecyclestage: 'salesqualifiedlead',
    });
    portal.update('contacts', contact.id, { lifecyclestage: 'lead' }, { changeSource: 'CRM_UI' });
    expect(portal.get('contacts', contact.id)?.properties.lifecyclestage).toBe('lead');
  });

  it('sends property changes for lifecyclestage and hs_lead_status with their change source', async () => {
    const contactId = await newContact('events@example.org');
    changes = [];
    sim
      .portal(PORTAL)
      .update('contacts', contactId, { lifecyclestage: 'salesqualifiedlead' }, { changeSource: 'CRM_UI' });
    await call('PATCH', `/crm/v3/objects/contacts/${contactId}`, {
      properties: { hs_lead_status: 'CONNECTED' },
    });
    const events = delivered(
      ['lifecyclestage', 'hs_lead_status'].map((propertyName) => ({
        subscriptionType: 'object.propertyChange',
        objectType: 'contact',
        propertyName,
      })),
    );
    expect(events.map((event) => [event.propertyName, event.propertyValue, event.changeSource])).toEqual([
      ['lifecyclestage', 'salesqualifiedlead', 'CRM_UI'],
      ['hs_lead_status', 'CONNECTED', 'INTEGRATION'],
    ]);
  });
});

describe('association change webhooks', () => {
  it('reports a deal–contact association from both sides, in a shape the app reads as deal and contact', async () => {
    const contactId = await newContact('deal-contact@example.org');
    const deal = await call('POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'Pilot', dealstage: 'appointmentscheduled', pipeline: 'default' },
      associations: [],
    });
    changes = [];
    await call('PUT', `/crm/v4/objects/deals/${deal.body.id}/associations/default/contacts/${contactId}`);
    const events = delivered([
      { subscriptionType: 'object.associationChange', objectType: 'deal' },
      { subscriptionType: 'contact.associationChange' },
    ]);
    expect(events).toEqual([
      expect.objectContaining({
        subscriptionType: 'object.associationChange',
        associationType: 'DEAL_TO_CONTACT',
        associationTypeId: 3,
        fromObjectTypeId: '0-3',
        toObjectTypeId: '0-1',
        associationRemoved: false,
      }),
      expect.objectContaining({
        subscriptionType: 'contact.associationChange',
        associationType: 'CONTACT_TO_DEAL',
      }),
    ]);
    for (const event of events) expect(dealContactLink(event)).toEqual({ contactId, dealId: deal.body.id });
  });
});
