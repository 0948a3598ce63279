import { shouldRecycle } from '../handoff';
import type { Logger } from '../log';
import type { EventOutcome } from '../queue/event-handler';
import type { NewEvent, Store, StoredEvent } from '../store/store';
import { playbookOf, type PlaybookSource } from './portal-playbook';

/** The queue's internal subscription type for "decide this contact again, as a new round". */
export const RECYCLE_TYPE = 'handoff.recycle';

export function recycleEvent(
  portalId: number,
  contactId: string,
  round: number,
  now: number,
  signal: string,
): NewEvent {
  return {
    portalId,
    eventKey: `${RECYCLE_TYPE}:${portalId}:${contactId}:${round}`,
    subscriptionType: RECYCLE_TYPE,
    objectTypeId: '0-1',
    objectId: Number(contactId),
    occurredAt: now,
    payload: { contactId, round, signal },
  };
}

/**
 * New conversions (`recent_conversion_event_name` changed): a parked lead showing explicit buying
 * intent is queued for a new handoff round. The round number is in the queue key, so a repeated
 * webhook queues it once.
 */
export function recycleOnConversion(deps: PlaybookSource & { store: Store; log: Logger; now: () => number }) {
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventOutcome>> => {
    const latest = await deps.store.latestDecisions(portalId, [
      ...new Set(events.map((e) => String(e.objectId))),
    ]);
    const outcomes = new Map<number, EventOutcome>();
    const playbook = await playbookOf(deps, portalId);
    for (const event of events) {
      const contactId = String(event.objectId);
      const decision = latest.get(contactId);
      const conversion = (event.payload as { propertyValue?: string } | null)?.propertyValue;
      if (!decision) {
        outcomes.set(event.id, { ok: true });
        continue;
      }
      // The latest outcome a rep recorded (card or HubSpot edit), else what the decision wrote.
      const [recorded] = await deps.store.listOutcomes({ portalId, contactId, limit: 1 });
      const verdict = shouldRecycle(
        { status: decision.status, outcome: recorded?.outcome ?? decision.properties.handoff_outcome },
        conversion,
        playbook,
      );
      if (!verdict.recycle) {
        outcomes.set(event.id, { ok: true });
        continue;
      }
      const now = deps.now();
      deps.log.info(
        { portalId, objectId: contactId, signal: verdict.signal },
        'parked lead converted again: recycled',
      );
      outcomes.set(event.id, {
        ok: true,
        commit: async (tx) => {
          await tx.insertEvents(
            [recycleEvent(portalId, contactId, decision.round + 1, now, verdict.signal)],
            now,
          );
        },
      });
    }
    return outcomes;
  };
}
