import { DEFAULT_PLAYBOOK } from '../../src/handoff';
import type { CommandContext } from '../../src/cli/handoff-commands';
import { HubSpotClients } from '../../src/hubspot/client-registry';
import { HubSpotCrm } from '../../src/hubspot/crm';
import { hubspotPaths } from '../../src/hubspot/paths';
import { handleEvents } from '../../src/events/handle-events';
import { handoffJobs } from '../../src/events/handlers-by-kind';
import { LeadContextLoader } from '../../src/lead-context/gather-lead-context';
import { silentLogger } from '../../src/log';
import { EventWorker } from '../../src/queue/event-worker';
import { openStore } from '../../src/store/open-store';
import type { Store } from '../../src/store/store';
import { classifyEvent } from '../../src/intake/events';
import { coldBatchReplies, newContacts } from '../fixtures/portal-scenario';
import { contactCreation } from '../fixtures/webhook-events';
import { batchResponse, record } from '../hubspot/fixtures';
import { drainBoth, testJobWorker } from './handoff-worker';
import { HUBSPOT_TEST_BASE_URL, HubSpotMock } from './hubspot-mock';

export const DECIDED_PORTAL_ID = 62515;
export const DECIDED_AT = Date.parse('2026-11-02T09:00:00.000Z');

/**
 * A portal whose 99 new contacts the running app has already decided and written with the built-in
 * playbook (round robin advanced), and the command context the CLI reads it with.
 */
export async function decidedPortal(): Promise<{ store: Store; context: CommandContext }> {
  const store = await openStore('sqlite::memory:');
  const clients = new HubSpotClients({
    auth: { mode: 'static', accessToken: 'pat-na1-test', portalId: DECIDED_PORTAL_ID },
    baseUrl: HUBSPOT_TEST_BASE_URL,
    maxRetries: 0,
  });
  const contacts = newContacts();
  const mock = coldBatchReplies(new HubSpotMock(), contacts)
    .reply('POST', hubspotPaths.objectsBatchUpdate('contacts'), 200, batchResponse([record('1043')]))
    .reply('POST', hubspotPaths.objectsBatchCreate('tasks'), 201, batchResponse([record('88001')]));
  await store.events.insert(
    contacts.map((contact) => {
      const classified = classifyEvent(contactCreation(Number(contact.id)));
      if (classified.kind !== 'supported') throw new Error('unsupported fixture');
      return classified.event;
    }),
    DECIDED_AT,
  );
  const now = () => DECIDED_AT;
  const work = handoffJobs({ store, clients, playbook: DEFAULT_PLAYBOOK, log: silentLogger, now });
  await drainBoth(
    new EventWorker({
      store,
      handler: handleEvents({ clients, log: silentLogger, handlers: work.events }),
      logger: silentLogger,
      now,
    }),
    testJobWorker(store, work.jobs, { now }),
  );
  mock.done();
  const crm = new HubSpotCrm(await clients.forPortal(DECIDED_PORTAL_ID));
  return {
    store,
    context: {
      store,
      portalId: DECIDED_PORTAL_ID,
      playbook: DEFAULT_PLAYBOOK,
      loader: new LeadContextLoader({ crm }),
      now,
    },
  };
}
