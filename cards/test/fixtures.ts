import type { CardContext } from '../card-api';

export const NOW = Date.UTC(2026, 10, 2, 9, 20, 0);
export const BASE_URL = 'https://handoff.test';
export const PORTAL_ID = 62515;
export const CONTACT_ID = '501';

export const RATING_REASONS = [
  { id: 'great_fit', label: 'Great fit' },
  { id: 'wrong_persona', label: 'Wrong persona' },
  { id: 'no_budget', label: 'No budget' },
  { id: 'bad_data', label: 'Bad or missing data' },
  { id: 'not_ready', label: 'Not ready to buy' },
];

const NO_FEEDBACK = {
  rating: null,
  nextStep: null,
  ratingReasons: RATING_REASONS,
  scale: { min: 1, max: 5 },
};

const REASONS = [
  { id: 'poor_fit', label: 'Poor fit' },
  { id: 'no_clear_problem', label: 'No clear problem' },
  { id: 'low_intent', label: 'Low intent' },
  { id: 'wrong_role', label: 'Wrong role' },
  { id: 'no_response', label: 'No response' },
  { id: 'duplicate', label: 'Duplicate' },
  { id: 'other', label: 'Other (explain in the note)' },
];

/** A sales-ready lead at an existing account, every field known, the match ambiguous. */
export function fullContext(): CardContext {
  return {
    contactId: CONTACT_ID,
    handoff: {
      status: 'sales_ready',
      priority: 'high',
      ownerId: '111',
      ownerName: 'Dana Rep',
      reason: 'Sales-ready (high): fit 80, intent 90 (Demo request): round robin in Sales to Dana Rep',
      routedAt: '2026-11-02T09:00:00.000Z',
      slaDueAt: '2026-11-02T09:30:00.000Z',
      slaStatus: 'pending',
      firstActionAt: null,
      outcome: null,
      disqualificationReason: null,
      feedbackNote: null,
      round: 1,
      closed: false,
    },
    marketing: {
      source: 'Paid search / google',
      entryPoint: 'https://example.com/pricing',
      offer: 'Demo request',
      role: 'VP Marketing',
      company: 'Acme',
      fitScore: 80,
      fitReasons: ['VP (+30)', '200-1000 employees (+25)'],
      intentScore: 90,
      intentSignals: ['Demo', 'Demo request (+60)'],
      previousActivity: {
        conversions: 3,
        firstConversion: 'Ebook: Handoff playbook',
        pageViews: 14,
        visits: 5,
        lastContactedAt: null,
        lastSalesActivityAt: null,
        createdAt: '2026-11-02T08:59:00.000Z',
      },
      qualificationNotes: ['✓ Good fit and high intent: fit 80 ≥ 60 and intent 90 ≥ 50'],
    },
    account: {
      match: 'open_opportunity',
      company: { id: '9001', name: 'Acme' },
      deal: { id: '7001', name: 'Acme renewal', stage: 'qualifiedtobuy' },
      confidence: 0.95,
      evidence: ['email domain acme.com is the company domain'],
      candidates: [{ id: '9002', name: 'Acme Labs', confidence: 0.7 }],
      review: null,
    },
    reasons: REASONS,
    history: [],
    stage: { current: null, enteredAt: null, round: null, timeline: [] },
    feedback: { ...NO_FEEDBACK },
  };
}

/** A contact Handoff has not decided and marketing captured nothing about. */
export function emptyContext(): CardContext {
  return {
    contactId: CONTACT_ID,
    handoff: {
      status: null,
      priority: null,
      ownerId: null,
      ownerName: null,
      reason: null,
      routedAt: null,
      slaDueAt: null,
      slaStatus: null,
      firstActionAt: null,
      outcome: null,
      disqualificationReason: null,
      feedbackNote: null,
      round: null,
      closed: false,
    },
    marketing: {
      source: null,
      entryPoint: null,
      offer: null,
      role: null,
      company: null,
      fitScore: null,
      fitReasons: [],
      intentScore: null,
      intentSignals: [],
      previousActivity: {
        conversions: null,
        firstConversion: null,
        pageViews: null,
        visits: null,
        lastContactedAt: null,
        lastSalesActivityAt: null,
        createdAt: null,
      },
      qualificationNotes: [],
    },
    account: {
      match: null,
      company: null,
      deal: null,
      confidence: null,
      evidence: [],
      candidates: [],
      review: null,
    },
    reasons: REASONS,
    history: [],
    stage: { current: null, enteredAt: null, round: null, timeline: [] },
    feedback: { ...NO_FEEDBACK },
  };
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
