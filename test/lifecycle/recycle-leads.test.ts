import { hubspotPaths } from '../../src/hubspot/paths';
import { EventWorker } from '../../src/queue/event-worker';
import type { Store } from '../../src/store/store';
import { classifyEvent } from '../../src/intake/events';
import { COMPANIES, PATHS, owner, person, searchAnswer, replyOwners } from '../fixtures/portal-scenario';
import { contactPropertyChange } from '../fixtures/webhook-events';
import { batchResponse, record } from '../hubspot/fixtures';
import { startHandoffWorker } from '../support/handoff-worker';
import { HubSpotMock } from '../support/hubspot-mock';
import { decision } from '../store/decision-battery';

const PORTAL = 62515;
const NOW = Date.parse('2026-11-02T09:00:00.000Z');

describe('recycling', () => {
  let store: Store;
  let worker: EventWorker;
  let drain: () => Promise<number>;
  beforeEach(async () => {
    ({ store, worker, drain } = await startHandoffWorker({ now: () => NOW }));
  });
  afterEach(async () => store.close());

  async function convert(contactId: number, conversion: string): Promise<void> {
    const classified = classifyEvent(
      contactPropertyChange(contactId, 'recent_conversion_event_name', conversion),
    );
    if (classified.kind !== 'supported') throw new Error('unsupported fixture');
    await store.events.insert([classified.event], NOW);
  }

  it('sends a nurture lead that asks for a demo back into qualification as round 2, keeping round 1', async () => {
    await store.decisions.save(
      decision('1055', {
        status: 'nurture',
        priority: 'low',
        ownerId: null,
        slaDueAt: null,
        slaStatus: 'not_applicable',
      }),
    );
    const lead = person('1055', 'lead@northwind-1055.com', {
      jobtitle: 'Director of Operations',
      numemployees: '250',
      recent_conversion_event_name: 'Demo request',
    });
    const mock = replyOwners(new HubSpotMock(), [owner('101', 'Sam', 'Ortiz', 'Sales')])
      .reply('POST', PATHS.contactsRead, 200, batchResponse([lead]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([COMPANIES.initech]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]))
      .reply('POST', hubspotPaths.objectsBatchUpdate('contacts'), 200, batchResponse([record('1055')]))
      .reply('POST', hubspotPaths.objectsBatchCreate('tasks'), 201, batchResponse([record('88001')]));

    await convert(1055, 'Demo request');
    await drain();
    mock.done();

    const rounds = await store.decisions.list({ portalId: PORTAL, limit: 10, contactId: '1055' });
    expect(rounds.map((d) => [d.round, d.status, d.ownerId])).toEqual([
      [2, 'sales_ready', '101'],
      [1, 'nurture', null],
    ]);
    expect(rounds[1]?.closedAt).toBe(NOW);
    expect(rounds[0]?.writtenAt).toBe(NOW);
  });

  it('leaves a lead alone when the new conversion is not a buying signal, or the lead is not parked', async () => {
    await store.decisions.save(decision('1056', { status: 'nurture', ownerId: null, slaDueAt: null }));
    await store.decisions.save(decision('1057', { status: 'sales_ready' }));
    await convert(1056, 'Newsletter signup');
    await convert(1057, 'Demo request');
    const mock = new HubSpotMock();
    await drain();
    expect(mock.calls).toHaveLength(0);
    expect(await store.jobs.list({ name: 'recycle-lead', limit: 100 })).toHaveLength(0);
  });

  it('queues a recycle once however often HubSpot repeats the webhook', async () => {
    await store.decisions.save(decision('1058', { status: 'nurture', ownerId: null, slaDueAt: null }));
    await convert(1058, 'Pricing page: request a quote');
    await convert(1058, 'Pricing page: request a quote');
    // The decide step needs HubSpot; here only the queue is checked.
    await worker.runOnce();
    const recycles = await store.jobs.list({ name: 'recycle-lead', limit: 100 });
    expect(recycles.map((job) => job.key)).toEqual(['recycle-lead:62515:1058:2']);
  });
});
