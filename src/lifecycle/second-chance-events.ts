import { z } from 'zod';
import { stageStateOf } from '../handoff/lead-stages';
import { SECOND_CHANCE_PROPERTIES, secondChanceEligibility } from '../handoff/second-chance';
import type { SecondChanceEligibility } from '../handoff/second-chance';
import type { Logger } from '../log';
import type { EventResult } from '../queue/event-handler';
import type { NewJob, Store, StoredDecision, StoredEvent } from '../store/store';
import { SECOND_CHANCE, type SecondChancePayload } from '../jobs/job-names';
import { playbookOf, type PlaybookSource } from '../playbooks/playbook-source';

export const SECOND_CHANCE_SIGNAL_PROPERTIES: ReadonlySet<string> = new Set(SECOND_CHANCE_PROPERTIES);

const propertyChange = z
  .object({ propertyName: z.string(), propertyValue: z.string().optional() })
  .passthrough();

/**
 * The re-decision job of one contact's debounce window. The window is cut from the change's own
 * time (HubSpot's `occurredAt`), so a redelivered webhook lands in the same window and the job's
 * unique key adds it once; the job runs when its window closes, seeing every change of the burst.
 */
export function secondChanceJob(
  portalId: number,
  contactId: string,
  round: number,
  occurredAt: number,
  debounceMs: number,
): NewJob {
  const window = Math.floor(occurredAt / debounceMs);
  const payload: SecondChancePayload = { contactId, round };
  return {
    name: SECOND_CHANCE,
    portalId,
    key: `${SECOND_CHANCE}:${portalId}:${contactId}:${round}:${window}`,
    payload,
    runAt: (window + 1) * debounceMs,
  };
}

/** Each contact's latest round and whether a second chance may touch it (CONTRACT §7). */
export async function secondChanceStanding(
  store: Store,
  portalId: number,
  contactIds: string[],
  withOutcomes: boolean,
): Promise<Map<string, { decision: StoredDecision; eligibility: SecondChanceEligibility }>> {
  const decisions = await store.decisions.latest(portalId, contactIds);
  const known = [...decisions.keys()];
  const standing = new Map<string, { decision: StoredDecision; eligibility: SecondChanceEligibility }>();
  if (known.length === 0) return standing;
  const rows = await store.stages.list({ portalId, contactIds: known });
  for (const [contactId, decision] of decisions) {
    const state = stageStateOf(rows.filter((row) => row.contactId === contactId));
    const stage = state.round === decision.round ? state.stage : null;
    let outcome: string | null = null;
    if (withOutcomes) {
      // Only an outcome of this round counts: an accept in an earlier round is history.
      const [latest] = await store.outcomes.list({ portalId, contactId, limit: 1 });
      if (latest && latest.occurredAt >= decision.decidedAt) outcome = latest.outcome;
    }
    standing.set(contactId, {
      decision,
      eligibility: secondChanceEligibility({ status: decision.status, stage, outcome }),
    });
  }
  return standing;
}

/**
 * Property changes that may be new evidence (a conversion, a role, company or company size filled
 * in, the HubSpot score): for a lead a second chance may touch, the debounced re-decision is
 * queued in the transaction that completes the event. Nothing is read from HubSpot here.
 */
export function queueSecondChances(deps: PlaybookSource & { store: Store; log: Logger; now: () => number }) {
  return async (events: StoredEvent[], portalId: number): Promise<Map<number, EventResult>> => {
    const outcomes = new Map<number, EventResult>(events.map((event) => [event.id, { ok: true }]));
    const playbook = await playbookOf(deps, portalId);
    if (!playbook.secondChance.enabled) return outcomes;
    const withValue = events.filter((event) => {
      const change = propertyChange.safeParse(event.payload);
      // A property emptied is not evidence of anything.
      return change.success && Boolean(change.data.propertyValue?.trim());
    });
    if (withValue.length === 0) return outcomes;
    const contactIds = [...new Set(withValue.map((event) => String(event.objectId)))];
    const standing = await secondChanceStanding(deps.store, portalId, contactIds, false);
    const debounceMs = playbook.secondChance.debounceSeconds * 1000;
    for (const event of withValue) {
      const lead = standing.get(String(event.objectId));
      if (!lead?.eligibility.eligible) continue;
      // Seen by the decision already: HubSpot reports every property set at creation as a change too,
      // and those can arrive after the creation was decided.
      if (event.occurredAt <= lead.decision.decidedAt) continue;
      const job = secondChanceJob(
        portalId,
        lead.decision.contactId,
        lead.decision.round,
        event.occurredAt,
        debounceMs,
      );
      const now = deps.now();
      outcomes.set(event.id, { ok: true, commit: async (tx) => void (await tx.jobs.enqueue(job, now)) });
    }
    return outcomes;
  };
}
