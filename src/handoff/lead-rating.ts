import { z } from 'zod/v4';

/**
 * Sales' verdict on a lead's quality, for marketing: a whole number on a 1–5 scale and, optionally,
 * one standard reason. The reasons are the playbook's (`leadRating.reasons`), so RevOps can add
 * their own; each is an option of the `handoff_lead_rating_reason` contact property.
 */

export const RATING_MIN = 1;
export const RATING_MAX = 5;
/** What the ends of the scale mean, as the card and the error messages say it. */
export const RATING_SCALE_TEXT = `${RATING_MIN} (poor lead) to ${RATING_MAX} (great lead)`;

export const DEFAULT_RATING_REASONS: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'great_fit', label: 'Great fit' },
  { id: 'wrong_persona', label: 'Wrong persona' },
  { id: 'no_budget', label: 'No budget' },
  { id: 'bad_data', label: 'Bad or missing data' },
  { id: 'not_ready', label: 'Not ready to buy' },
];

const ratingReason = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and _ (a HubSpot enumeration value)'),
  label: z.string().min(1),
});

/** The playbook's `leadRating` block. */
export const leadRatingSchema = z
  .strictObject({
    reasons: z
      .array(ratingReason)
      .min(1)
      .refine((reasons) => new Set(reasons.map((reason) => reason.id)).size === reasons.length, {
        message: 'rating reason ids must be unique',
      }),
  })
  .default({ reasons: DEFAULT_RATING_REASONS.map((reason) => ({ ...reason })) });

export type LeadRatingPolicy = z.output<typeof leadRatingSchema>;

export function isRating(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= RATING_MIN && (value as number) <= RATING_MAX;
}

export interface LeadRating {
  rating: number;
  reasonId: string | null;
  /** When the rep rated it (epoch ms). */
  at: number;
}

/**
 * The contact properties a rating writes. The reason is cleared ("") when none was given, so a
 * re-rating never leaves the previous rating's reason beside the new number.
 */
export function ratingProperties(rating: LeadRating): Record<string, string> {
  return {
    handoff_lead_rating: String(rating.rating),
    handoff_lead_rating_reason: rating.reasonId ?? '',
    handoff_lead_rated_at: new Date(rating.at).toISOString(),
  };
}
