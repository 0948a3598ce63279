import { hubspotPaths } from '../../src/hubspot/paths';
import { classifyEvent } from '../../src/intake/events';
import { PATHS, company, owner, person, searchAnswer, replyOwners } from '../fixtures/portal-scenario';
import { contactCreation, objectCreation } from '../fixtures/webhook-events';
import { batchResponse } from '../hubspot/fixtures';
import { startHandoffWorker } from '../support/handoff-worker';
import { HubSpotMock } from '../support/hubspot-mock';

const NOW = Date.parse('2026-11-02T09:00:00.000Z');

describe('company webhooks', () => {
  it('make a company created seconds ago findable before HubSpot search indexes it', async () => {
    const { store, drain } = await startHandoffWorker({ now: () => NOW });
    const fresh = company('9100', { name: 'Brand New Co', domain: 'brandnew.io', hubspot_owner_id: '101' });
    const lead = person('2001', 'cto@brandnew.io', {
      jobtitle: 'CTO',
      recent_conversion_event_name: 'Demo request',
    });
    const mock = replyOwners(new HubSpotMock(), [owner('101', 'Sam', 'Ortiz', 'Sales')])
      // The company creation event: read directly (not searched), kept at hand.
      .reply('POST', PATHS.companiesRead, 200, batchResponse([fresh]))
      // The contact's handoff: search does not know the company yet.
      .reply('POST', PATHS.contactsRead, 200, batchResponse([lead]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
      .reply('POST', PATHS.contactSearch, 200, searchAnswer([]))
      .reply('POST', PATHS.companyDeals, 200, batchResponse([]))
      .reply(
        'POST',
        hubspotPaths.objectsBatchUpdate('contacts'),
        200,
        batchResponse([person('2001', 'cto@brandnew.io')]),
      );

    const events = [objectCreation(9100, { objectTypeId: '0-2' }), contactCreation(2001)].map((event) => {
      const classified = classifyEvent(event);
      if (classified.kind !== 'supported') throw new Error('unsupported fixture');
      return classified.event;
    });
    await store.events.insert(events, NOW);
    await drain();
    mock.done();

    const decision = (await store.decisions.latest(62515, ['2001'])).get('2001');
    expect(decision).toMatchObject({ status: 'duplicate_or_existing', companyId: '9100', ownerId: '101' });
    expect(decision?.reason).toContain(
      'Existing account Brand New Co (brandnew.io): company owner Sam Ortiz',
    );
    await store.close();
  });
});
