import { HandoffError } from '../errors';
import { isRating, RATING_SCALE_TEXT } from '../handoff/lead-rating';
import { DUE_HORIZON_MS, DUE_SKEW_MS, NEXT_STEP_MAX, type NextStep } from '../handoff/next-step';
import { NOTE_MAX } from './card-request';

/**
 * The card's next-step and rating requests, checked field by field. Every problem found is named
 * with its field and how to fix it, all in one 400 the card shows as is; nothing is stored then.
 */

const REQUEST_ID = /^[A-Za-z0-9_-]{8,100}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const EXAMPLE_TIME = '2026-12-01T15:00:00Z';

export interface NextStepRequest extends NextStep {
  requestId: string;
}

export interface RatingRequest {
  rating: number;
  reasonId: string | null;
  note: string | null;
  requestId: string;
}

export function parseNextStepRequest(body: unknown, now: number): NextStepRequest {
  const fields = objectOf(body, '{"what": "…", "dueAt": "…", "requestId": "…"}');
  const problems: string[] = [];
  const what = typeof fields.what === 'string' ? fields.what.trim() : '';
  if (fields.what !== undefined && typeof fields.what !== 'string') {
    problems.push('what must be text: say what the next step is, for example "Call to book a demo"');
  } else if (what === '') {
    problems.push('what is empty: say what the next step is, for example "Call to book a demo"');
  } else if (what.length > NEXT_STEP_MAX) {
    problems.push(
      `what is ${what.length} characters, longer than ${NEXT_STEP_MAX}: shorten it and put details in a note`,
    );
  }
  const dueAt = dueTime(fields.dueAt, now, problems);
  const requestId = requestIdOf(fields.requestId, problems);
  if (problems.length > 0) throw invalid(problems);
  return { what, dueAt: dueAt as number, requestId: requestId as string };
}

export function parseRatingRequest(
  body: unknown,
  reasons: ReadonlyArray<{ id: string; label: string }>,
): RatingRequest {
  const fields = objectOf(body, '{"rating": 4, "reasonId": "great_fit", "requestId": "…"}');
  const problems: string[] = [];
  if (!isRating(fields.rating)) {
    const given =
      fields.rating === undefined ? 'is missing' : `${JSON.stringify(fields.rating)} is not on the scale`;
    problems.push(`rating ${given}: give a whole number from ${RATING_SCALE_TEXT}`);
  }
  let reasonId: string | null = null;
  if (fields.reasonId !== undefined && fields.reasonId !== null && fields.reasonId !== '') {
    const known = reasons.map((reason) => reason.id);
    if (typeof fields.reasonId === 'string' && known.includes(fields.reasonId)) reasonId = fields.reasonId;
    else
      problems.push(
        `reasonId ${JSON.stringify(fields.reasonId)} is not a rating reason: choose one of ${known.join(', ')}, or none`,
      );
  }
  let note: string | null = null;
  if (fields.note !== undefined && fields.note !== null) {
    if (typeof fields.note !== 'string') problems.push('note must be text');
    else if (fields.note.length > NOTE_MAX)
      problems.push(`note is longer than ${NOTE_MAX} characters: shorten it`);
    else note = fields.note.trim() || null;
  }
  const requestId = requestIdOf(fields.requestId, problems);
  if (problems.length > 0) throw invalid(problems);
  return { rating: fields.rating as number, reasonId, note, requestId: requestId as string };
}

function objectOf(body: unknown, example: string): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body))
    return body as Record<string, unknown>;
  throw invalid([`The body must be a JSON object like ${example}`]);
}

function dueTime(value: unknown, now: number, problems: string[]): number | null {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`dueAt is missing: give the due date and time in ISO 8601, for example ${EXAMPLE_TIME}`);
    return null;
  }
  const at = ISO_TIME.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(at)) {
    problems.push(
      `dueAt "${value.slice(0, 40)}" is not a date and time: use ISO 8601 with a zone, for example ${EXAMPLE_TIME}`,
    );
    return null;
  }
  if (at < now - DUE_SKEW_MS) {
    problems.push(`dueAt ${new Date(at).toISOString()} is in the past: pick a time from now on`);
    return null;
  }
  if (at > now + DUE_HORIZON_MS) {
    problems.push(`dueAt ${new Date(at).toISOString()} is more than a year away: pick a date within a year`);
    return null;
  }
  return at;
}

function requestIdOf(value: unknown, problems: string[]): string | null {
  if (typeof value === 'string' && REQUEST_ID.test(value)) return value;
  problems.push(
    'requestId must be 8 to 100 letters, digits, _ or -: the card sends a new one per click and the same one on a retry',
  );
  return null;
}

function invalid(problems: string[]): HandoffError {
  return new HandoffError('card_invalid', problems.join('; '), 400);
}
