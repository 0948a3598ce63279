import { hubspot } from '@hubspot/ui-extensions';

import type {
  CardContext,
  FeedbackResult,
  NextStepBody,
  OutcomeBody,
  OutcomeResult,
  RatingBody,
} from './card-contract';

/**
 * The card's calls to `/api/card/…`. The request and answer types are the backend's own
 * (`./card-contract`, one source for both sides). HubSpot adds the signed portal and user to every
 * `hubspot.fetch` URL; the card never sends identity.
 */

export type {
  CardAction,
  CardContext,
  CardFeedback,
  FeedbackResult,
  NextStepBody,
  OutcomeBody,
  OutcomeResult,
  RatingBody,
  TimelineItem,
} from './card-contract';

/** A failed request, with the message the server wrote for the rep. */
export class CardApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CardApiError';
  }
}

const TIMEOUT_MS = 10_000;

export async function fetchContext(baseUrl: string, contactId: string): Promise<CardContext> {
  return call<CardContext>(`${baseUrl}/api/card/contacts/${encodeURIComponent(contactId)}`, {
    method: 'GET',
  });
}

export async function postOutcome(
  baseUrl: string,
  contactId: string,
  body: OutcomeBody,
): Promise<OutcomeResult> {
  return call<OutcomeResult>(`${baseUrl}/api/card/contacts/${encodeURIComponent(contactId)}/outcome`, {
    method: 'POST',
    body: { ...body },
  });
}

export async function postNextStep(
  baseUrl: string,
  contactId: string,
  body: NextStepBody,
): Promise<FeedbackResult> {
  return call<FeedbackResult>(`${baseUrl}/api/card/contacts/${encodeURIComponent(contactId)}/next-step`, {
    method: 'POST',
    body: { ...body },
  });
}

export async function postRating(
  baseUrl: string,
  contactId: string,
  body: RatingBody,
): Promise<FeedbackResult> {
  return call<FeedbackResult>(`${baseUrl}/api/card/contacts/${encodeURIComponent(contactId)}/rating`, {
    method: 'POST',
    body: { ...body },
  });
}

async function call<T>(
  url: string,
  options: { method: 'GET' | 'POST'; body?: Record<string, unknown> },
): Promise<T> {
  let response: Response;
  try {
    response = await hubspot.fetch(url, { ...options, timeout: TIMEOUT_MS });
  } catch {
    throw new CardApiError('Handoff could not be reached. Check your connection and try again.', 0);
  }
  const text = await response.text();
  const parsed = parseJson(text);
  if (!response.ok) {
    const message = (parsed as { error?: { message?: unknown } } | undefined)?.error?.message;
    throw new CardApiError(
      typeof message === 'string' && message !== ''
        ? message
        : `Handoff answered with an error (HTTP ${response.status}). Try again in a moment.`,
      response.status,
    );
  }
  if (parsed === undefined)
    throw new CardApiError('Handoff sent an answer the card cannot read.', response.status);
  return parsed as T;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A fresh id per click; `crypto.randomUUID` exists in HubSpot's extension worker and in Node. */
export function newRequestId(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  return uuid ?? `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}
