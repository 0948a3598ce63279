import { OUTCOME_INPUT_PROPERTIES, type StageFieldSettings } from '../lifecycle/record-outcome';
import { outcomeProperties } from '../handoff/outcome-properties';
import { stageProperties } from '../handoff/stage-properties';
import { outcomeStageEvent, stagesToRecord } from '../handoff/stage-triggers';
import type { Store, StoredDecision } from '../store/store';
import { closeTaskJob } from '../write-back/close-task-job';
import { UPDATE_CONTACT } from '../jobs/job-names';

/** The contact properties the no-response write is computed from. */
export const NO_RESPONSE_INPUT_PROPERTIES = OUTCOME_INPUT_PROPERTIES;

export interface DetectedNoResponse {
  decision: StoredDecision;
  /** When the policy was met (the stage time). */
  at: number;
  /** One line for marketing: the attempts and the business days they spanned. */
  summary: string;
  /** The contact as HubSpot holds it now (NO_RESPONSE_INPUT_PROPERTIES). */
  current: Readonly<Record<string, string | null>>;
}

/**
 * Records a no response the sweep detected, store first: in one transaction the outcome is claimed
 * under a key per decision (of two sweeps, one claims it; the other records nothing), the stage
 * `recycled` is entered, the round is closed, and the HubSpot side is queued as keyed jobs (the
 * contact's properties, the follow-up task completed). A crash before the commit leaves nothing; one
 * after it leaves jobs the queue runs to the end. True when this call recorded it.
 */
export async function recordNoResponse(
  store: Store,
  detected: DetectedNoResponse,
  stageFields: StageFieldSettings,
  now: number,
): Promise<boolean> {
  const { decision, at, summary, current } = detected;
  return store.transaction(async (tx) => {
    const claim = await tx.outcomes.claim({
      portalId: decision.portalId,
      contactId: decision.contactId,
      decisionId: decision.id,
      idempotencyKey: `no-response:${decision.id}`,
      outcome: 'no_response',
      reasonId: null,
      note: summary,
      source: 'no_response_sweep',
      actor: 'handoff:no-response-sweep',
      occurredAt: at,
    });
    if (!claim.claimed) return false;
    const recorded = await tx.stages.list({
      portalId: decision.portalId,
      contactIds: [decision.contactId],
    });
    const entered = stagesToRecord(recorded, decision, [
      outcomeStageEvent({ outcome: 'no_response', source: 'no_response_sweep', at, detail: summary }),
    ]);
    const read = { lifecyclestage: null, ...current };
    // The summary tells marketing why the lead came back; a rep's own note is never overwritten.
    const note = (current.handoff_feedback_note ?? '').trim() === '' ? summary : null;
    const properties: Record<string, string> = {
      ...outcomeProperties({ outcome: 'no_response', reasonId: null, note, at }, read),
      ...stageProperties({ entered, current: read, ...stageFields }),
    };
    await tx.outcomes.complete(claim.id, properties, now);
    await tx.stages.record(
      entered.map((entry) => ({
        portalId: decision.portalId,
        contactId: decision.contactId,
        ...entry,
        recordedAt: now,
      })),
    );
    await tx.decisions.close(decision.id, now);
    if (Object.keys(properties).length > 0) {
      await tx.jobs.enqueue(
        {
          name: UPDATE_CONTACT,
          portalId: decision.portalId,
          key: `${UPDATE_CONTACT}:no-response:${decision.portalId}:${decision.id}`,
          payload: { contactId: decision.contactId, properties },
        },
        now,
      );
    }
    await tx.jobs.enqueue(closeTaskJob(decision), now);
    return true;
  });
}
