/**
 * The card's API: what `/api/card/…` answers and accepts, written once for both sides. The
 * backend's builders are typed against it and the card (`cards/`) imports it, so the type checker
 * fails on either side when they drift (`test/http/card-contract.test.ts` proves it can).
 *
 * Types only and no imports: `npm run hubspot:project` copies this file verbatim into the HubSpot
 * project as `cards/card-contract.ts`, where nothing of `src/` exists. HubSpot adds the signed
 * portal and user to every `hubspot.fetch` URL, so no request here carries identity.
 */

/** GET /api/card/contacts/:contactId. A field a rep might miss is `null` rather than absent. */
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
    /** The handoff round (1 for the first handoff), null when Handoff never decided this contact. */
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
    /** Other companies that matched as well; filled when the match was ambiguous or close. */
    candidates: Array<{ id: string; name: string; confidence: number }>;
    review: string | null;
  };
  /** Disqualification reasons to choose from. */
  reasons: Array<{ id: string; label: string }>;
  history: Array<{
    at: string;
    outcome: string;
    reasonId: string | null;
    note: string | null;
    source: string;
    actor: string;
  }>;
  /** The funnel stage (CONTRACT §5) and how the lead got there; times are ISO, shown in the viewer's zone. */
  stage: {
    current: string | null;
    /** When the current stage was entered. */
    enteredAt: string | null;
    round: number | null;
    /** Stages entered and outcomes recorded, newest first. */
    timeline: TimelineItem[];
  };
  /** Sales' rating of the lead and its next step (issue 11). */
  feedback: CardFeedback;
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

/** The lead's current rating and next step, and the rating reasons and scale to choose from. */
export interface CardFeedback {
  rating: { rating: number; reasonId: string | null; note: string | null; ratedAt: string | null } | null;
  nextStep: { what: string; dueAt: string | null; ownerId: string | null } | null;
  ratingReasons: Array<{ id: string; label: string }>;
  scale: { min: number; max: number };
}

/** The outcome buttons; the backend maps each to a `handoff_outcome` value. */
export type CardAction =
  | 'accept'
  | 'start_qualification'
  | 'opportunity_created'
  | 'nurture'
  | 'duplicate'
  | 'recycle'
  | 'no_response'
  | 'disqualify';

/** POST /api/card/contacts/:contactId/outcome */
export interface OutcomeBody {
  action: CardAction;
  reasonId?: string;
  note?: string;
  /** One per click: HubSpot's automatic retry of a 5xx resends it, so the server records it once. */
  requestId: string;
}

export interface OutcomeResult {
  outcome: string;
  /** One line the card shows in its success alert. */
  message: string;
  /** True when this was a retry of an outcome already recorded: nothing was written again. */
  replayed: boolean;
  /** True when the outcome ended the handoff round. */
  closed: boolean;
}

/** POST /api/card/contacts/:contactId/next-step */
export interface NextStepBody {
  what: string;
  /** ISO 8601 with a zone. */
  dueAt: string;
  requestId: string;
}

/** POST /api/card/contacts/:contactId/rating */
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
