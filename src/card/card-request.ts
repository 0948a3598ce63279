import { createHash } from 'node:crypto';
import { z } from 'zod';
import { HandoffError } from '../errors';
import { OTHER_REASON, OUTCOME_ACTIONS, type OutcomeAction } from '../handoff/outcome-properties';
import type { HandoffOutcome } from '../handoff/handoff-properties';
import type { CardAction, OutcomeBody } from './card-contract';

/** Longest feedback note kept: a paragraph for marketing, far below HubSpot's textarea limit. */
export const NOTE_MAX = 2000;
/** Without a request id, a repeat of the same action by the same user within this window is a retry. */
const DERIVED_KEY_WINDOW_MS = 5 * 60 * 1000;

const actionNames = Object.keys(OUTCOME_ACTIONS) as [OutcomeAction, ...OutcomeAction[]];

const actionBody = z.object({
  action: z.enum(actionNames, {
    errorMap: () => ({ message: `Choose an action: ${actionNames.join(', ')}` }),
  }),
  reasonId: z.string().trim().max(100).optional().nullable(),
  note: z
    .string()
    .max(NOTE_MAX, `The feedback note is longer than ${NOTE_MAX} characters: shorten it`)
    .optional()
    .nullable(),
  /** Chosen by the card per click; HubSpot's automatic retry of a 5xx resends it unchanged. */
  requestId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, 'requestId must be 8 to 100 letters, digits, _ or -')
    .optional(),
});

/**
 * The card's side agrees with this schema, checked by the type checker: every body the card can
 * send parses, and the card offers exactly the actions Handoff knows (a new action on either side
 * fails `tsc` until the other has it).
 */
type Accepts<Schema, Body extends Schema> = Body;
export type CardContractChecks = [
  Accepts<z.input<typeof actionBody>, OutcomeBody>,
  Accepts<OutcomeAction, CardAction>,
  Accepts<CardAction, OutcomeAction>,
];

export interface OutcomeRequest {
  action: OutcomeAction;
  outcome: HandoffOutcome;
  reasonId: string | null;
  note: string | null;
  requestId?: string;
}

/** Checks an action against the playbook's reasons; every problem is a 400 the card shows as is. */
export function parseOutcomeRequest(
  body: unknown,
  reasons: ReadonlyArray<{ id: string; label: string }>,
): OutcomeRequest {
  const parsed = actionBody.safeParse(body);
  if (!parsed.success) {
    throw invalid(parsed.error.issues.map((issue) => issue.message).join('; '));
  }
  const { action, requestId } = parsed.data;
  const note = parsed.data.note?.trim() || null;
  const outcome = OUTCOME_ACTIONS[action];
  if (action !== 'disqualify') return { action, outcome, reasonId: null, note, requestId };
  const reasonId = parsed.data.reasonId || null;
  if (reasonId === null) throw invalid('Choose a disqualification reason');
  if (!reasons.some((reason) => reason.id === reasonId)) {
    throw invalid(
      `Unknown disqualification reason "${reasonId}": choose one of ${reasons.map((r) => r.id).join(', ')}`,
    );
  }
  if (reasonId === OTHER_REASON.id && note === null) {
    throw invalid('Add a feedback note saying why: it is required when the reason is Other');
  }
  return { action, outcome, reasonId, note, requestId };
}

/**
 * The key under which an action is recorded once. The card sends a request id per click; without
 * one, the same action by the same user on the same contact within five minutes counts as a retry.
 */
export function idempotencyKey(
  who: { userId: string; contactId: string },
  request: OutcomeRequest,
  now: number,
): string {
  if (request.requestId) return `card:${who.contactId}:${who.userId}:${request.requestId}`;
  const digest = createHash('sha256')
    .update(JSON.stringify([who.contactId, request.action, request.reasonId, request.note]))
    .update(String(Math.floor(now / DERIVED_KEY_WINDOW_MS)))
    .digest('base64url');
  return `card:${who.contactId}:${who.userId}:derived:${digest}`;
}

function invalid(message: string): HandoffError {
  return new HandoffError('card_invalid', message, 400);
}
