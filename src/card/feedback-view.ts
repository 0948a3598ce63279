import type { CardFeedback } from './card-contract';
import { RATING_MAX, RATING_MIN } from '../handoff/lead-rating';
import type { StoredLeadRating, StoredNextStep } from '../store/store';

/**
 * What the card shows of sales' feedback: the lead's current rating and next step, and the rating
 * reasons to choose from. The store's rows come first (a rating just saved shows at once, before
 * its HubSpot write has run); without one, the contact properties as HubSpot holds them.
 */
export interface FeedbackSources {
  rating: StoredLeadRating | null;
  nextStep: StoredNextStep | null;
  ratingReasons: ReadonlyArray<{ id: string; label: string }>;
}

export function feedbackView(
  props: Readonly<Record<string, string | null | undefined>>,
  sources: FeedbackSources | undefined,
): CardFeedback {
  return {
    rating: ratingOf(props, sources?.rating ?? null),
    nextStep: nextStepOf(props, sources?.nextStep ?? null),
    ratingReasons: (sources?.ratingReasons ?? []).map(({ id, label }) => ({ id, label })),
    scale: { min: RATING_MIN, max: RATING_MAX },
  };
}

function ratingOf(
  props: Readonly<Record<string, string | null | undefined>>,
  stored: StoredLeadRating | null,
): CardFeedback['rating'] {
  if (stored) {
    const { rating, reasonId, note } = stored;
    return { rating, reasonId, note, ratedAt: new Date(stored.ratedAt).toISOString() };
  }
  const rating = Number(text(props.handoff_lead_rating) ?? NaN);
  if (!Number.isInteger(rating)) return null;
  return {
    rating,
    reasonId: text(props.handoff_lead_rating_reason),
    note: null,
    ratedAt: text(props.handoff_lead_rated_at),
  };
}

function nextStepOf(
  props: Readonly<Record<string, string | null | undefined>>,
  stored: StoredNextStep | null,
): CardFeedback['nextStep'] {
  if (stored) {
    return { what: stored.what, dueAt: new Date(stored.dueAt).toISOString(), ownerId: stored.ownerId };
  }
  const what = text(props.handoff_next_step);
  return what === null ? null : { what, dueAt: text(props.handoff_next_step_at), ownerId: null };
}

function text(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value.trim();
}
