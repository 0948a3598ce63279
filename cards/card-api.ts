import { hubspot } from '@hubspot/ui-extensions';

/**
 * The card's side of `/api/card/…` (see src/card/card-context.ts for the server's side). HubSpot
 * adds the signed portal and user to every `hubspot.fetch` URL; the card never sends identity.
 */

export interface CardContext {
  contactId: string;
  handoff: {
    status: string | null;
    priority: string | null;
    ownerId: string | null;
    ownerName: string | null;
    reason: string | null;
    routedAt: string | null;
    slaDueAt: string | null;
    slaStatus: string | null;
    firstActionAt: string | null;
    outcome: string | null;
    disqualificationReason: string | null;
    feedbackNote: string | null;
    round: number | null;
    closed: boolean;
  };
  marketing: {
    source: string | null;
    entryPoint: string | null;
    offer: string | null;
    role: string | null;
    company: string | null;
    fitScore: number | null;
    fitReasons: string[];
    intentScore: number | null;
    intentSignals: string[];
    previousActivity: {
      conversions: number | null;
      firstConversion: string | null;
      pageViews: number | null;
      visits: number | null;
      lastContactedAt: string | null;
      lastSalesActivityAt: string | null;
      createdAt: string | null;
    };
    qualificationNotes: string[];
  };
  account: {
    match: string | null;
    company: { id: string; name: string | null } | null;
    deal: { id: string; name: string | null; stage: string | null } | null;
    confidence: number | null;
    evidence: string[];
    candidates: Array<{ id: string; name: string; confidence: number }>;
    review: string | null;
  };
  reasons: Array<{ id: string; label: string }>;
  history: Array<{
    at: string;
    outcome: string;
    reasonId: string | null;
    note: string | null;
    source: string;
    actor: string;
  }>;
  stage: {
    current: string | null;
    enteredAt: string | null;
    round: number | null;
    timeline: TimelineItem[];
  };
  /** Sales' rating of the lead and its next step. */
  feedback: {
    rating: { rating: number; reasonId: string | null; note: string | null; ratedAt: string | null } | null;
    nextStep: { what: string; dueAt: string | null; ownerId: string | null } | null;
    ratingReasons: Array<{ id: string; label: string }>;
    scale: { min: number; max: number };
  };
}

export type TimelineItem =
  | { kind: 'stage'; at: string; stage: string; round: number; cause: string; detail: string | null }
  | {
      kind: 'outcome';
      at: string;
      outcome: string;
      reasonId: string | null;
      note: string | null;
      source: string;
      actor: string;
    };

export type CardAction =
  | 'accept'
  | 'start_qualification'
  | 'opportunity_created'
  | 'nurture'
  | 'duplicate'
  | 'recycle'
  | 'no_response'
  | 'disqualify';

export interface OutcomeBody {
  action: CardAction;
  reasonId?: string;
  note?: string;
  /** One per click: HubSpot's automatic retry of a 5xx resends it, so the server records it once. */
  requestId: string;
}

export interface OutcomeResult {
  outcome: string;
  message: string;
  replayed: boolean;
  closed: boolean;
}

export interface NextStepBody {
  what: string;
  /** ISO 8601 with a zone. */
  dueAt: string;
  requestId: string;
}

export interface RatingBody {
  rating: number;
  reasonId?: string;
  note?: string;
  requestId: string;
}

/** What a next step or a rating answers: the line the card shows, and whether it was a retry. */
export interface FeedbackResult {
  message: string;
  replayed: boolean;
}

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
