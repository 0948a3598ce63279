import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import { hubspotPaths } from '../../src/hubspot/paths';
import { EventWorker } from '../../src/queue/event-worker';
import type { RegisteredJob } from '../../src/queue/job';
import type { Store } from '../../src/store/store';
import { classifyEvent } from '../../src/intake/events';
import { batchResponse, record } from '../hubspot/fixtures';
import { drainBoth, startHandoffWorker, testJobWorker } from '../support/handoff-worker';
import { HubSpotMock } from '../support/hubspot-mock';
import { coldBatchReplies, newContacts } from '../fixtures/portal-scenario';
import { contactCreation } from '../fixtures/webhook-events';

const PORTAL_ID = 62515;
const NOW = Date.parse('2026-11-02T09:00:00.000Z');
const UPDATE_PATH = hubspotPaths.objectsBatchUpdate('contacts');
const TASKS_PATH = hubspotPaths.objectsBatchCreate('tasks');

interface UpdateInput {
  id: string;
  properties: Record<string, string>;
}
interface TaskInput {
  properties: Record<string, string>;
  associations: Array<{
    to: { id: string };
    types: Array<{ associationCategory: string; associationTypeId: number }>;
  }>;
}

describe('handoff pipeline: 100 new contacts from webhook events to written properties', () => {
  let store: Store;
  let worker: EventWorker;
  let jobs: RegisteredJob[];
  let drain: () => Promise<number>;

  beforeEach(async () => {
    ({ store, worker, drain, jobs } = await startHandoffWorker({ now: () => NOW }));
  });
  afterEach(async () => store.close());

  async function deliver(contactIds: string[]): Promise<void> {
    const events = contactIds.map((id) => classifyEvent(contactCreation(Number(id))));
    await store.events.insert(
      events.map((classified) => {
        if (classified.kind !== 'supported') throw new Error('fixture event not supported');
        return classified.event;
      }),
      NOW,
    );
  }

  function writeReplies(mock: HubSpotMock): HubSpotMock {
    return mock
      .reply(
        'POST',
        UPDATE_PATH,
        200,
        batchResponse([record('1002', { handoff_status: 'duplicate_or_existing' })]),
      )
      .reply('POST', TASKS_PATH, 201, batchResponse([record('88001', { hs_task_status: 'NOT_STARTED' })]));
  }

  it('decides and writes back the batch with a fixed number of HubSpot calls', async () => {
    const contacts = newContacts();
    const mock = writeReplies(coldBatchReplies(new HubSpotMock(), contacts));
    await deliver([...contacts.map((contact) => contact.id), '1100']);

    await drain();
    mock.done();

    // 10 reads (contacts, owners ×2, company searches ×3, contact search, companies, associations,
    // deals), 1 batch update, 1 batch task create: 12 calls for 100 leads.
    expect(mock.calls).toHaveLength(12);
    expect(mock.count('POST', UPDATE_PATH)).toBe(1);
    expect(mock.count('POST', TASKS_PATH)).toBe(1);
    // 100 webhook events (99 contacts and 1100, deleted since), all done; 99 contact write-back
    // jobs and 66 task jobs (one per lead handed to sales with an owner, CONTRACT §6), all done.
    expect((await store.events.stats(NOW)).byStatus).toEqual({
      queued: 0,
      processing: 0,
      done: 100,
      dead: 0,
    });
    expect(await store.jobs.counts()).toEqual({ queued: 0, processing: 0, done: 165, dead: 0 });

    const written = writtenProperties(mock);
    expect(written.size).toBe(99);
    expect(written.has('1100')).toBe(false);

    // An existing account with an open deal: the deal owner, named in the reason.
    expect(written.get('1002')).toMatchObject({
      handoff_status: 'duplicate_or_existing',
      handoff_match: 'open_opportunity',
      handoff_owner: '102',
      handoff_matched_company_id: '9001',
      handoff_matched_deal_id: '7001',
      handoff_reason: "Existing account Acme Corp (acme.com): open deal 'Deal 7001' owned by Ada Lane",
    });
    // hs_additional_domains and a .co.uk subdomain match their accounts.
    expect(written.get('1031')).toMatchObject({ handoff_matched_company_id: '9003', handoff_owner: '101' });
    expect(written.get('1036')).toMatchObject({
      handoff_matched_company_id: '9004',
      handoff_match: 'existing_account',
    });
    // Sales-ready directors asking for a demo alternate between the two active Sales owners
    // (the archived one is skipped), priority high, due in 30 minutes.
    const salesReady = ['1043', '1044', '1045', '1046', '1047', '1048', '1049', '1050'].map((id) =>
      written.get(id),
    );
    expect(salesReady.map((p) => p?.handoff_owner)).toEqual([
      '101',
      '102',
      '101',
      '102',
      '101',
      '102',
      '101',
      '102',
    ]);
    expect(salesReady[0]).toMatchObject({
      handoff_status: 'sales_ready',
      handoff_priority: 'high',
      handoff_routed_at: new Date(NOW).toISOString(),
      handoff_sla_due_at: new Date(NOW + 30 * 60_000).toISOString(),
      handoff_sla_status: 'pending',
      hubspot_owner_id: '101',
      handoff_offer: 'Demo request',
      // Handed to sales: the round starts at MQL, on the same update (CONTRACT §5).
      handoff_stage: 'mql',
      handoff_mql_at: new Date(NOW).toISOString(),
      lifecyclestage: 'marketingqualifiedlead',
    });
    // A demo request without a role goes to the SDR team.
    expect(written.get('1051')).toMatchObject({
      handoff_status: 'needs_qualification',
      handoff_owner: '201',
    });
    // Disposable email: disqualified, no owner.
    expect(written.get('1071')).toMatchObject({ handoff_status: 'disqualified', handoff_owner: '' });
    expect(written.get('1071')?.hubspot_owner_id).toBeUndefined();
    // One person twice in one batch: the first is the lead, the second its duplicate.
    expect(written.get('1071')?.handoff_stage).toBe('disqualified');
    expect(written.get('1079')?.handoff_status).toBe('nurture');
    // Nurture is not handed to sales: no stage, and lifecyclestage left alone.
    expect(written.get('1079')?.handoff_stage).toBeUndefined();
    expect(written.get('1079')?.lifecyclestage).toBeUndefined();
    expect(written.get('1080')).toMatchObject({
      handoff_status: 'duplicate_or_existing',
      handoff_match: 'duplicate_contact',
    });

    // One task per lead handed to sales, for its owner, due at the SLA time: the 12 sales-ready or
    // needs-qualification leads and, since CONTRACT §6, the 54 existing-account leads with an owner.
    const tasks = (mock.calls.find((call) => call.path === TASKS_PATH)?.body as { inputs: TaskInput[] })
      .inputs;
    const owned = [...written.values()].filter((properties) => properties.handoff_owner !== '');
    expect(tasks).toHaveLength(66);
    expect(owned).toHaveLength(66);
    const taskFor = (id: string) => tasks.find((task) => task.associations[0]?.to.id === id);
    expect(taskFor('1001')?.properties).toMatchObject({ hubspot_owner_id: '102', hs_task_priority: 'LOW' });
    expect(taskFor('1043')).toMatchObject({
      properties: {
        hubspot_owner_id: '101',
        hs_timestamp: new Date(NOW + 30 * 60_000).toISOString(),
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        // HubSpot reminds the owner with a quarter of the 30-minute window left.
        hs_task_reminders: String(NOW + 20 * 60_000),
      },
      associations: [
        { to: { id: '1043' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] },
      ],
    });

    // Every decision is stored with its record, written and tasks marked.
    const stored = await store.decisions.latest(PORTAL_ID, ['1043', '1071']);
    expect(stored.get('1043')).toMatchObject({ ownerId: '101', writtenAt: NOW, tasksCreatedAt: NOW });
    expect(stored.get('1071')).toMatchObject({ ownerId: null, writtenAt: NOW, tasksCreatedAt: null });
  });

  it('reads the portal playbook once per batch, so a save cannot land between the reads and the rules', async () => {
    const reads: number[] = [];
    const counted = await startHandoffWorker({
      now: () => NOW,
      playbookFor: async (portalId) => {
        reads.push(portalId);
        return DEFAULT_PLAYBOOK;
      },
    });
    const contacts = newContacts();
    const mock = coldBatchReplies(new HubSpotMock(), contacts);
    const events = [...contacts.map((contact) => Number(contact.id)), 1100].map((id) =>
      classifyEvent(contactCreation(id)),
    );
    await counted.store.events.insert(
      events.flatMap((classified) => (classified.kind === 'supported' ? [classified.event] : [])),
      NOW,
    );
    expect(await counted.worker.drain()).toBe(100);
    mock.done();
    expect(reads).toEqual([PORTAL_ID]);
    await counted.store.close();
  });

  it('leaves an owner someone already set alone', async () => {
    const contacts = newContacts().map((contact) =>
      contact.id === '1043'
        ? { ...contact, properties: { ...contact.properties, hubspot_owner_id: '999' } }
        : contact,
    );
    const mock = writeReplies(coldBatchReplies(new HubSpotMock(), contacts));
    await deliver([...contacts.map((contact) => contact.id), '1100']);
    await drain();
    mock.done();
    const written = writtenProperties(mock);
    expect(written.get('1043')).toMatchObject({ handoff_owner: '101' });
    expect(written.get('1043')?.hubspot_owner_id).toBeUndefined();
  });

  it('does nothing for a redelivered or repeated event: no HubSpot call, round robin not advanced', async () => {
    const contacts = newContacts();
    const mock = writeReplies(coldBatchReplies(new HubSpotMock(), contacts));
    const ids = [...contacts.map((contact) => contact.id), '1100'];
    await deliver(ids);
    await drain();
    mock.done();
    const routing = await store.decisions.routingState(PORTAL_ID);

    // The same contacts again under new event ids (a retried delivery with a new attempt, or a
    // restore): decided already, so nothing is read or written.
    const again = new HubSpotMock();
    await store.events.insert(
      ids.map((id) => {
        const classified = classifyEvent(contactCreation(Number(id), { eventId: 900_000 + Number(id) }));
        if (classified.kind !== 'supported') throw new Error('fixture event not supported');
        return classified.event;
      }),
      NOW,
    );
    expect(await worker.drain()).toBe(100);
    expect(again.calls).toHaveLength(0);
    expect(await store.decisions.routingState(PORTAL_ID)).toEqual(routing);
  });

  it('retries the write-back after HubSpot refuses it, and writes once it can', async () => {
    const contacts = newContacts();
    const mock = coldBatchReplies(new HubSpotMock(), contacts)
      .reply('POST', UPDATE_PATH, 503, { status: 'error', message: 'Service unavailable' })
      .reply('POST', UPDATE_PATH, 200, batchResponse([record('1002')]))
      .reply('POST', TASKS_PATH, 201, batchResponse([record('88001')]));
    await deliver(contacts.map((contact) => contact.id));
    await drain();
    const waiting = await store.jobs.list({ status: 'queued', limit: 200 });
    expect(waiting).toHaveLength(99);
    expect(waiting[0]).toMatchObject({ name: 'write-contact', attempts: 1 });
    expect(waiting[0]?.lastError).toContain('503');

    await drainBoth(worker, testJobWorker(store, jobs, { now: () => NOW + 3_600_000 }));
    mock.done();
    expect(mock.count('POST', UPDATE_PATH)).toBe(2);
    expect(mock.count('POST', TASKS_PATH)).toBe(1);
    expect(await store.jobs.counts()).toEqual({ queued: 0, processing: 0, done: 165, dead: 0 });
  });

  it('dead-letters only the contact a refused batch update names, and writes the rest of the batch', async () => {
    const contacts = newContacts();
    const refusedId = contacts[3]?.id ?? '';
    const message = `Property values were not valid for contact ${refusedId}`;
    const mock = coldBatchReplies(new HubSpotMock(), contacts)
      .reply('POST', UPDATE_PATH, 400, {
        status: 'error',
        message,
        correlationId: 'a3b5c7d9-0000-4000-8000-000000000400',
        category: 'VALIDATION_ERROR',
        errors: [{ message, code: 'INVALID_OPTION', context: { id: [refusedId] } }],
        context: { id: [refusedId] },
      })
      .reply('POST', UPDATE_PATH, 200, batchResponse([record('1002')]))
      .reply('POST', TASKS_PATH, 201, batchResponse([record('88001')]));
    await deliver(contacts.map((contact) => contact.id));

    await drain();

    mock.done();
    const [first, second] = mock.calls
      .filter((call) => call.path === UPDATE_PATH)
      .map((call) => (call.body as { inputs: UpdateInput[] }).inputs.map((input) => input.id));
    expect(first).toContain(refusedId);
    expect(second).toEqual(first?.filter((id) => id !== refusedId));
    const dead = await store.jobs.list({ status: 'dead', limit: 10 });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ name: 'write-contact', payload: { contactId: refusedId } });
    expect(dead[0]?.lastError).toContain(message);
    expect(await store.jobs.list({ status: 'queued', limit: 10 })).toHaveLength(0);
  });
});

function writtenProperties(mock: HubSpotMock): Map<string, Record<string, string>> {
  const update = mock.calls.filter((call) => call.path === UPDATE_PATH).at(-1)?.body as {
    inputs: UpdateInput[];
  };
  return new Map(update.inputs.map((input) => [input.id, input.properties]));
}
