import { DEFAULT_PLAYBOOK, type Playbook } from '../../src/handoff';
import { hubspotPaths } from '../../src/hubspot/paths';
import type { EventWorker } from '../../src/queue/event-worker';
import type { NewDecision, Store } from '../../src/store/store';
import { classifyEvent } from '../../src/intake/events';
import { PATHS, owner, person, replyOwners, searchAnswer } from '../fixtures/portal-scenario';
import { contactPropertyChange } from '../fixtures/webhook-events';
import { batchResponse, record } from '../hubspot/fixtures';
import { decision } from '../store/decision-battery';
import { startHandoffWorker } from './handoff-worker';
import { HubSpotMock } from './hubspot-mock';

/*
 * A portal's queue side for second-chance tests (CONTRACT §7): leads decided in round 1 with what
 * they read, HubSpot's property-change webhooks, and the clock moved past the debounce window.
 */

export const PORTAL = 62515;
/** A Monday morning; the default debounce window is 60 s, cut from each change's `occurredAt`. */
export const T0 = Date.parse('2026-11-02T09:00:00.000Z');
const WINDOW_END = T0 + 60_000;
export const SALES = [owner('101', 'Sam', 'Ortiz', 'Sales'), owner('102', 'Kim', 'Lee', 'Sales')];
export const SDR = owner('201', 'Ria', 'Shah', 'SDR');

/** A lead decided in round 1, a day ago, with what it read then (the record's `inputs`). */
export function parked(contactId: string, overrides: Partial<NewDecision>, inputs: Record<string, unknown>) {
  return decision(contactId, {
    status: 'nurture',
    priority: 'low',
    ownerId: null,
    slaDueAt: null,
    slaStatus: 'not_applicable',
    decidedAt: T0 - 86_400_000,
    properties: { handoff_status: 'nurture', handoff_fit_score: '85', handoff_intent_score: '35' },
    record: { version: 1, contactId, inputs: { conversions: [], ...inputs } },
    ...overrides,
  });
}

/** Account matching's two company searches: the domain index, then the work email's domain. */
export const companySearches = (mock: HubSpotMock) =>
  mock
    .reply('POST', PATHS.companySearch, 200, searchAnswer([]))
    .reply('POST', PATHS.companySearch, 200, searchAnswer([]));

/** HubSpot's answers for reading one contact again, before any write. */
export function rereadContact(contact: ReturnType<typeof person>, owners = SALES): HubSpotMock {
  return companySearches(
    replyOwners(new HubSpotMock(), owners).reply('POST', PATHS.contactsRead, 200, batchResponse([contact])),
  ).reply('POST', PATHS.contactSearch, 200, searchAnswer([]));
}

/** HubSpot's answers for deciding one contact again and writing its new round (update, one task). */
export function redecide(contact: ReturnType<typeof person>, owners = SALES): HubSpotMock {
  return rereadContact(contact, owners)
    .reply('POST', hubspotPaths.objectsBatchUpdate('contacts'), 200, batchResponse([record(contact.id)]))
    .reply('POST', hubspotPaths.objectsBatchCreate('tasks'), 201, batchResponse([record('88001')]));
}

export interface SecondChancePortal {
  store: Store;
  worker: EventWorker;
  drain(): Promise<number>;
  now(): number;
  /** A `contact.propertyChange` webhook event as HubSpot sends it, stored by the intake. */
  change(
    contactId: string,
    propertyName: string,
    value: string,
    at?: number,
    eventId?: number,
  ): Promise<void>;
  /** The events now, then the debounced re-decision once its window closed. */
  settle(): Promise<void>;
  rounds(contactId: string): ReturnType<Store['decisions']['list']>;
}

export async function startSecondChancePortal(
  playbook: Playbook = DEFAULT_PLAYBOOK,
): Promise<SecondChancePortal> {
  let now = T0;
  const { store, worker, drain } = await startHandoffWorker({ now: () => now, playbook });
  return {
    store,
    worker,
    drain,
    now: () => now,
    async change(contactId, propertyName, value, at = T0, eventId) {
      const body = {
        ...contactPropertyChange(Number(contactId), propertyName, value),
        occurredAt: at,
        ...(eventId ? { eventId } : {}),
      };
      const classified = classifyEvent(body);
      if (classified.kind !== 'supported') throw new Error('unsupported fixture');
      await store.events.insert([classified.event], now);
    },
    async settle() {
      await drain();
      now = WINDOW_END + 1_000;
      await drain();
    },
    rounds: (contactId) => store.decisions.list({ portalId: PORTAL, limit: 10, contactId }),
  };
}
