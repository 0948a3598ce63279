import { shouldRecycle } from '../handoff';
import type { Logger } from '../log';
import type { EventResult } from '../queue/event-handler';
import type { NewJob, Store, StoredEvent } from '../store/store';
import { RECYCLE_LEAD, type RecyclePayload } from '../jobs/job-names';
import { playbookOf, type PlaybookSource } from '../playbooks/playbook-source';

/** The job that decides a recycled lead in its next round; keyed by contact and round. */
export function recycleJob(portalId: number, contactId: string, round: number, signal: string): NewJob {
  const payload: RecyclePayload = { contactId, round, signal };
  return { name: RECYCLE_LEAD, portalId, key: `${RECYCLE_LEAD}:${portalId}:${contactId}:${round}`, payload };
}

/**
 * New conversions (`recent_conversion_event_name` changed): a parked lead showing explicit buying
 * intent is queued for a new handoff round. The round number is in the queue key, so a repeated
 * webhook queues it once.
 */
export function recycleOnConversion(deps: PlaybookSource & { store: Store; log: Logger; now: () => number }) {
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventResult>> => {
    const latest = await deps.store.decisions.latest(portalId, [
      ...new Set(events.map((e) => String(e.objectId))),
    ]);
    const outcomes = new Map<number, EventResult>();
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
      const [recorded] = await deps.store.outcomes.list({ portalId, contactId, limit: 1 });
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
          await tx.jobs.enqueue(recycleJob(portalId, contactId, decision.round + 1, verdict.signal), now);
        },
      });
    }
    return outcomes;
  };
}
