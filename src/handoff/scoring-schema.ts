import { z } from 'zod/v4';
import { domain, points, words } from './playbook-fields';
import { PRIORITIES } from './statuses';

/**
 * The playbook's qualification sections: how fit and intent are scored (score-fit.ts,
 * score-intent.ts), the thresholds that make a lead sales-ready, and the priority each status gets.
 */

/** Words matched as whole words in a text (job title, conversion name), e.g. "head of". */
const wordRule = z.strictObject({ label: z.string().min(1), words, points });
/** Exact values after normalisation (case, punctuation, `_`), e.g. COMPUTER_SOFTWARE. */
const valueRule = z.strictObject({ label: z.string().min(1), values: words, points });
/** Inclusive numeric band; `max` omitted means no upper bound. */
const band = z.strictObject({ min: z.number().min(0), max: z.number().min(0).optional(), points });

export const fitSchema = z.strictObject({
  /** Seniority (director, VP, …); the first matching rule in order counts, once. */
  seniority: z.array(wordRule).default([]),
  /** Function or department (marketing, revenue operations, …); the first matching rule counts. */
  roles: z.array(wordRule).default([]),
  /** Roles that disqualify outright (CONTRACT §4 rule 2: student, intern). */
  excludedRoles: z.array(z.string().trim().min(1)).default([]),
  /** Employee-count bands on the company's `numberofemployees`, else the contact's `numemployees`. */
  companySize: z.array(band).default([]),
  industries: z.array(valueRule).default([]),
  countries: z.array(valueRule).default([]),
  /** Points when a company is known at all (contact's `company`, a work domain, or a match). */
  companyKnownPoints: points.default(0),
  /** Points for an address on a company domain rather than a free provider. */
  workEmailPoints: points.default(0),
  ownDomains: z.array(domain).default([]),
  competitorDomains: z.array(domain).default([]),
});

const conversionRule = z.strictObject({
  label: z.string().min(1),
  words,
  points,
  /** Explicit buying intent (demo, contact sales, pricing, quote, trial) lifts the priority. */
  explicit: z.boolean().default(false),
});

export const intentSchema = z.strictObject({
  /** Matched against `recent_conversion_event_name` and `first_conversion_event_name`; each rule counts once. */
  conversions: z.array(conversionRule).default([]),
  /** Per conversion beyond the first (`num_conversion_events`), up to `max`. */
  repeatConversions: z.strictObject({ pointsEach: points, max: points }).default({ pointsEach: 0, max: 0 }),
  /** Bands on `hs_analytics_num_page_views`; the highest matching band counts. */
  pageViews: z.array(band).default([]),
  /** Bands on `hs_analytics_num_visits`. */
  visits: z.array(band).default([]),
  /** Bands on HubSpot's own `hubspotscore`. */
  hubspotScore: z.array(band).default([]),
  /** Contact properties whose non-empty value states a problem (a form's "what do you need?"). */
  problem: z
    .strictObject({ properties: z.array(z.string().min(1)), points })
    .default({ properties: [], points: 0 }),
  /** Contact properties whose value says when they buy, e.g. `purchase_timeline` = "this quarter". */
  timing: z.array(z.strictObject({ property: z.string().min(1), values: words, points })).default([]),
});

export const thresholdsSchema = z.strictObject({
  /** Below this fit (with role and company known) a contact is disqualified as a poor fit. */
  fitFloor: z.number().int().min(0).max(100),
  /** Sales-ready needs fit and intent at or above these. */
  fit: z.number().int().min(0).max(100),
  intent: z.number().int().min(0).max(100),
  /** "Some intent" for needs-qualification: intent at or above this. */
  someIntent: z.number().int().min(0).max(100).default(1),
});

/** First that holds: explicit buying intent, intent at the sales-ready threshold, anything else. */
export const priorityChoice = z.strictObject({
  explicitIntent: z.enum(PRIORITIES).nullable(),
  intent: z.enum(PRIORITIES).nullable(),
  otherwise: z.enum(PRIORITIES).nullable(),
});
