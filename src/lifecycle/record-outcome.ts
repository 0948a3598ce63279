import { HandoffError } from '../errors';
import type { HandoffOutcome, HandoffProperties } from '../handoff/handoff-properties';
import { CLOSING_OUTCOMES, outcomeProperties } from '../handoff/outcome-properties';
import { firstRefusal } from '../hubspot/batch-errors';
import type { HubSpotCrm } from '../hubspot/crm';
import type { OutcomeSource, Store, StoredDecision } from '../store/store';
import type { StageEntry } from '../handoff/lead-stages';
import type { Playbook } from '../handoff/playbook';
import { STAGE_INPUT_PROPERTIES, stageProperties } from '../handoff/stage-properties';
import { outcomeStageEvent, stagesToRecord } from '../handoff/stage-triggers';
import { closeTaskJob } from '../write-back/close-task-job';

/** The contact properties an outcome is computed from (and the card shows). */
export const OUTCOME_INPUT_PROPERTIES = [
  'handoff_outcome',
  'handoff_disqualification_reason',
  'handoff_feedback_note',
  'handoff_first_action_at',
  'handoff_sla_due_at',
  'handoff_sla_status',
  ...STAGE_INPUT_PROPERTIES,
] as const;

export interface OutcomeToRecord {
  portalId: number;
  contactId: string;
  outcome: HandoffOutcome;
  reasonId: string | null;
  note: string | null;
  source: OutcomeSource;
  actor: string;
  idempotencyKey: string;
  /** When it happened: now for a card click, the event time for a webhook. */
  at: number;
  /** What the stage timeline shows next to the stage (a deal id, a HubSpot edit's source). */
  detail?: string | null;
}

export interface RecordedOutcome {
  outcome: HandoffOutcome;
  reasonId: string | null;
  /** What was written to HubSpot (only changed values). */
  written: HandoffProperties;
  /** True when this was a retry of an outcome already recorded: nothing was written again. */
  replayed: boolean;
  /** True when the outcome ended the handoff round. */
  closed: boolean;
}

/** How HubSpot's own fields follow the stage in this portal (CONTRACT §5). */
export interface StageFieldSettings {
  settings: Playbook['stages'];
  leadStatusOptions: ReadonlySet<string> | null;
}

export interface RecordOutcomeDeps {
  store: Store;
  crm: HubSpotCrm;
  now: () => number;
  /** The portal's stage settings; read only when the outcome moves the stage. */
  stageFields: () => Promise<StageFieldSettings>;
}

/**
 * Records one outcome the same way wherever it came from: claims the idempotency key, writes the
 * changed properties to HubSpot, then stores the audit event and closes the round in one
 * transaction. A failed HubSpot write gives the claim back and changes nothing; a retry with the
 * same key after success writes nothing and answers with what was recorded.
 */
export async function recordOutcome(
  deps: RecordOutcomeDeps,
  request: OutcomeToRecord,
  current: Readonly<Record<string, string | null | undefined>>,
): Promise<RecordedOutcome> {
  const decision = (await deps.store.decisions.latest(request.portalId, [request.contactId])).get(
    request.contactId,
  );
  const claim = await deps.store.outcomes.claim({
    portalId: request.portalId,
    contactId: request.contactId,
    decisionId: decision?.id ?? null,
    idempotencyKey: request.idempotencyKey,
    outcome: request.outcome,
    reasonId: request.reasonId,
    note: request.note,
    source: request.source,
    actor: request.actor,
    occurredAt: request.at,
  });
  if (!claim.claimed) {
    if (claim.existing.state === 'pending') {
      throw new HandoffError(
        'outcome_in_progress',
        'This action is still being saved: wait a moment and reload the card',
        409,
      );
    }
    return {
      outcome: claim.existing.outcome as HandoffOutcome,
      reasonId: claim.existing.reasonId,
      written: claim.existing.properties,
      replayed: true,
      closed: CLOSING_OUTCOMES.has(claim.existing.outcome as HandoffOutcome),
    };
  }

  const stages = await stageMove(deps, request, decision, current);
  // The stage change rides on the outcome's own update: no extra HubSpot call.
  const written: HandoffProperties = {
    ...outcomeProperties(
      { outcome: request.outcome, reasonId: request.reasonId, note: request.note, at: request.at },
      current,
    ),
    ...stages.properties,
  };
  try {
    if (Object.keys(written).length > 0) {
      const result = await deps.crm.batchUpdate('contacts', [
        { id: request.contactId, properties: written as Record<string, string> },
      ]);
      const refused = firstRefusal(result);
      if (refused !== undefined) {
        throw new HandoffError('hubspot_validation', `HubSpot refused the update: ${refused}`, 502);
      }
    }
  } catch (error) {
    await deps.store.outcomes.release(claim.id);
    throw error;
  }

  const closes = CLOSING_OUTCOMES.has(request.outcome);
  try {
    await deps.store.transaction(async (tx) => {
      await tx.outcomes.complete(claim.id, written as Record<string, string>, deps.now());
      await tx.stages.record(
        stages.entered.map((entry) => ({
          portalId: request.portalId,
          contactId: request.contactId,
          ...entry,
          recordedAt: deps.now(),
        })),
      );
      if (closes && decision && decision.closedAt === null) await tx.decisions.close(decision.id, deps.now());
      // No response ends the round with the rep's follow-up task still open: close it (issue 11).
      if (request.outcome === 'no_response' && decision)
        await tx.jobs.enqueue(closeTaskJob(decision), deps.now());
    });
  } catch (error) {
    // HubSpot has the values; give the claim back so HubSpot's retry records it (its write is then
    // a no-op: the values are already there and the first action keeps its first time).
    await deps.store.outcomes.release(claim.id).catch(() => undefined);
    throw error;
  }
  return { outcome: request.outcome, reasonId: request.reasonId, written, replayed: false, closed: closes };
}

/** The stages this outcome enters (after the decision's own, if it was never recorded) and their writes. */
async function stageMove(
  deps: RecordOutcomeDeps,
  request: OutcomeToRecord,
  decision: StoredDecision | undefined,
  current: Readonly<Record<string, string | null | undefined>>,
): Promise<{ entered: StageEntry[]; properties: Record<string, string> }> {
  const recorded = await deps.store.stages.list({
    portalId: request.portalId,
    contactIds: [request.contactId],
  });
  const entered = stagesToRecord(recorded, decision, [
    outcomeStageEvent({
      outcome: request.outcome,
      source: request.source,
      at: request.at,
      detail: request.detail,
    }),
  ]);
  if (entered.length === 0) return { entered, properties: {} };
  const fields = await deps.stageFields();
  // Every caller read the contact with OUTCOME_INPUT_PROPERTIES: a property HubSpot left out is empty.
  const read = { lifecyclestage: null, ...current };
  return { entered, properties: stageProperties({ entered, current: read, ...fields }) };
}
