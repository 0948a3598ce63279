import { HubSpotClients } from '../../src/hubspot/client-registry';
import { handleEvents, type KindHandler } from '../../src/events/handle-events';
import { silentLogger } from '../../src/log';
import type { EventResult } from '../../src/queue/event-handler';
import type { NewEvent, StoredEvent } from '../../src/store/store';
import { HUBSPOT_TEST_BASE_URL } from '../support/hubspot-mock';
import { claimedEvent } from '../support/stored-fixtures';

const NOW = 1_767_000_000_000;
const PORTAL = 62515;

function contactEvent(
  id: number,
  contactId: number,
  action: string,
  extra: object = {},
  at = NOW,
): StoredEvent {
  const event: NewEvent = {
    portalId: PORTAL,
    eventKey: `${PORTAL}:${action}:${id}`,
    subscriptionType: `object.${action}`,
    objectTypeId: '0-1',
    objectId: contactId,
    occurredAt: at,
    payload: {
      portalId: PORTAL,
      objectId: contactId,
      objectTypeId: '0-1',
      subscriptionType: `object.${action}`,
      ...extra,
    },
  };
  return claimedEvent(event, id, NOW);
}

/** A kind handler that records the events it was given and completes them. */
function recording(seen: StoredEvent[]): KindHandler {
  return async (events) => {
    seen.push(...events);
    return new Map<number, EventResult>(events.map((event) => [event.id, { ok: true }]));
  };
}

it('folds the property changes that came with a creation into it, and works the others', async () => {
  const decided: StoredEvent[] = [];
  const changed: StoredEvent[] = [];
  const converted: StoredEvent[] = [];
  const handler = handleEvents({
    clients: new HubSpotClients({
      auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: PORTAL },
      baseUrl: HUBSPOT_TEST_BASE_URL,
    }),
    log: silentLogger,
    handlers: {
      'contact.created': recording(decided),
      'contact.changed': recording(changed),
      'contact.converted': recording(converted),
    },
  });
  const batch = [
    contactEvent(1, 501, 'creation'),
    contactEvent(2, 501, 'propertyChange', { propertyName: 'email', propertyValue: 'ana@acme.com' }),
    contactEvent(3, 501, 'propertyChange', {
      propertyName: 'recent_conversion_event_name',
      propertyValue: 'Demo',
    }),
    // Another contact's change, and a change of the new contact two minutes later: both worked.
    contactEvent(4, 777, 'propertyChange', { propertyName: 'hs_lead_status', propertyValue: 'OPEN' }),
    contactEvent(
      5,
      501,
      'propertyChange',
      { propertyName: 'lifecyclestage', propertyValue: 'salesqualifiedlead' },
      NOW + 120_000,
    ),
  ];
  const outcomes = await handler(batch, { log: silentLogger });
  expect(decided.map((event) => event.id)).toEqual([1]);
  expect(changed.map((event) => event.id)).toEqual([4, 5]);
  expect(converted).toEqual([]);
  expect([...outcomes.keys()].sort()).toEqual([1, 2, 3, 4, 5]);
  expect([...outcomes.values()].every((outcome) => outcome.ok)).toBe(true);
});
