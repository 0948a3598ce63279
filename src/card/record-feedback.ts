import { HandoffError } from '../errors';
import { ratingProperties } from '../handoff/lead-rating';
import { nextStepProperties, nextStepTaskSubject } from '../handoff/next-step';
import { taskMarker, withMarker } from '../hubspot/marked-tasks';
import { taskProperties } from '../hubspot/task-requests';
import { CREATE_TASK, UPDATE_CONTACT, type TaskPayload } from '../jobs/job-names';
import type { NewJob, Store, StoredDecision, StoredNextStep } from '../store/store';
import type { FeedbackResult } from './card-contract';
import type { NextStepRequest, RatingRequest } from './feedback-requests';

/**
 * The next step and the lead-quality rating a rep records on the card. Each is stored once per
 * request id with, in the same transaction, the keyed jobs that carry it to HubSpot (the owner's
 * task, the contact properties): a retried request finds its row and enqueues nothing, a retried
 * job looks for its task's marker before creating it. HubSpot is never called here.
 */

export interface FeedbackTarget {
  portalId: number;
  userId: string;
  contactId: string;
  /** The contact's handoff properties as HubSpot holds them now. */
  properties: Readonly<Record<string, string | null | undefined>>;
  decision: StoredDecision | undefined;
}

/** What the card gets back (times ISO 8601); `replayed` is true when this request id was recorded before. */
export interface RecordedNextStep extends FeedbackResult {
  nextStep: { what: string; dueAt: string; ownerId: string; round: number };
}

export interface RecordedRating extends FeedbackResult {
  rating: { rating: number; reasonId: string | null; note: string | null; ratedAt: string; round: number };
}

export async function recordNextStep(
  deps: { store: Store; now: () => number },
  target: FeedbackTarget,
  request: NextStepRequest,
): Promise<RecordedNextStep> {
  const ownerId = text(target.properties.handoff_owner) ?? target.decision?.ownerId ?? null;
  if (ownerId === null) {
    throw new HandoffError(
      'card_no_owner',
      'This lead has no handoff owner, so the next step has nobody to go to: set its Handoff owner in HubSpot, then record the next step again',
      409,
    );
  }
  const now = deps.now();
  const round = target.decision?.round ?? 0;
  const saved = await deps.store.transaction(async (tx) => {
    const result = await tx.feedback.saveNextStep({
      portalId: target.portalId,
      contactId: target.contactId,
      round,
      what: request.what,
      dueAt: request.dueAt,
      ownerId,
      requestedBy: `user:${target.userId}`,
      requestedAt: now,
      requestId: request.requestId,
    });
    if (result.created) {
      for (const job of nextStepJobs(result.row)) await tx.jobs.enqueue(job, now);
    }
    return result;
  });
  const step = saved.row;
  const dueAt = new Date(step.dueAt).toISOString();
  return {
    nextStep: { what: step.what, dueAt, ownerId: step.ownerId, round: step.round },
    replayed: !saved.created,
    message: `Next step saved: "${step.what}", due ${dueAt}. A task goes to the owner.`,
  };
}

/** The owner's task (marked, keyed by the request) and the contact's next-step properties. */
export function nextStepJobs(step: StoredNextStep): NewJob[] {
  const marker = taskMarker(step.portalId, step.contactId, step.round, `next-${step.requestId}`);
  const task: TaskPayload = {
    contactId: step.contactId,
    marker,
    properties: taskProperties({
      dueAt: new Date(step.dueAt).toISOString(),
      subject: nextStepTaskSubject(step),
      body: withMarker(`${step.what}\n\nRecorded on the Handoff card.`, marker),
      priority: 'MEDIUM',
      ownerId: step.ownerId,
    }),
  };
  return [
    { name: CREATE_TASK, portalId: step.portalId, key: `${CREATE_TASK}:${marker}`, payload: task },
    contactUpdate(step.portalId, step.contactId, `next-step:${step.requestId}`, nextStepProperties(step)),
  ];
}

export async function recordRating(
  deps: { store: Store; now: () => number },
  target: FeedbackTarget,
  request: RatingRequest,
  reasons: ReadonlyArray<{ id: string; label: string }>,
): Promise<RecordedRating> {
  const now = deps.now();
  const saved = await deps.store.transaction(async (tx) => {
    const result = await tx.feedback.saveRating({
      portalId: target.portalId,
      contactId: target.contactId,
      round: target.decision?.round ?? 0,
      rating: request.rating,
      reasonId: request.reasonId,
      note: request.note,
      ratedBy: `user:${target.userId}`,
      ratedAt: now,
      requestId: request.requestId,
    });
    if (result.created) {
      const properties = ratingProperties({ ...result.row, at: result.row.ratedAt });
      const job = contactUpdate(target.portalId, target.contactId, `rating:${request.requestId}`, properties);
      await tx.jobs.enqueue(job, now);
    }
    return result;
  });
  const rating = saved.row;
  const reason = reasons.find((item) => item.id === rating.reasonId)?.label;
  return {
    rating: {
      rating: rating.rating,
      reasonId: rating.reasonId,
      note: rating.note,
      ratedAt: new Date(rating.ratedAt).toISOString(),
      round: rating.round,
    },
    replayed: !saved.created,
    message: `Rating saved: ${rating.rating} of 5${reason ? ` (${reason})` : ''}.`,
  };
}

function contactUpdate(
  portalId: number,
  contactId: string,
  what: string,
  properties: Record<string, string>,
): NewJob {
  return {
    name: UPDATE_CONTACT,
    portalId,
    key: `${UPDATE_CONTACT}:${portalId}:${contactId}:${what}`,
    payload: { contactId, properties },
  };
}

function text(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value.trim();
}
