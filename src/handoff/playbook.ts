import { z } from 'zod/v4';

/**
 * The RevOps playbook as data: everything that decides a handoff (CONTRACT §4) lives here, so a
 * portal can change its qualification, routing, SLA and reasons without a deploy. Written with
 * `zod/v4` because its `toJSONSchema` gives editors the same rules the app enforces.
 */

export const HANDOFF_STATUSES = [
  'duplicate_or_existing',
  'disqualified',
  'needs_qualification',
  'sales_ready',
  'nurture',
] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

const points = z.number().int().min(-100).max(100);
const words = z.array(z.string().trim().min(1)).min(1);
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a bare domain such as acme.com (no scheme, path or @)');
const ownerId = z.string().regex(/^\d+$/, 'a HubSpot owner id such as "12345678"');
const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const dayOrRange = z
  .string()
  .refine(
    (text) => text.split('..').length <= 2 && text.split('..').every((day) => isoDay.test(day.trim())),
    'a day YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD (UTC)',
  );

/** Words matched as whole words in a text (job title, conversion name), e.g. "head of". */
const wordRule = z.strictObject({ label: z.string().min(1), words, points });
/** Exact values after normalisation (case, punctuation, `_`), e.g. COMPUTER_SOFTWARE. */
const valueRule = z.strictObject({ label: z.string().min(1), values: words, points });
/** Inclusive numeric band; `max` omitted means no upper bound. */
const band = z.strictObject({ min: z.number().min(0), max: z.number().min(0).optional(), points });

const fitSchema = z.strictObject({
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

const intentSchema = z.strictObject({
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

const thresholdsSchema = z.strictObject({
  /** Below this fit (with role and company known) a contact is disqualified as a poor fit. */
  fitFloor: z.number().int().min(0).max(100),
  /** Sales-ready needs fit and intent at or above these. */
  fit: z.number().int().min(0).max(100),
  intent: z.number().int().min(0).max(100),
  /** "Some intent" for needs-qualification: intent at or above this. */
  someIntent: z.number().int().min(0).max(100).default(1),
});

/** First that holds: explicit buying intent, intent at the sales-ready threshold, anything else. */
const priorityChoice = z.strictObject({
  explicitIntent: z.enum(PRIORITIES).nullable(),
  intent: z.enum(PRIORITIES).nullable(),
  otherwise: z.enum(PRIORITIES).nullable(),
});

const poolSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, _ or -'),
    /** Members are the active owners of the HubSpot team with this name (case-insensitive). */
    team: z.string().trim().min(1).optional(),
    /** Or an explicit list of owner ids. */
    owners: z.array(ownerId).optional(),
    /** Relative share of leads; 1 when not listed. */
    weights: z.record(ownerId, z.number().int().min(1).max(100)).default({}),
    /** Most open handoffs an owner may hold; null: no cap (CONTRACT §4). */
    capacity: z.number().int().min(1).nullable().default(null),
    ownerCapacity: z.record(ownerId, z.number().int().min(0)).default({}),
    /** Days an owner takes no new leads (holidays, leave), in UTC. */
    unavailable: z.record(ownerId, z.array(dayOrRange)).default({}),
    /** Pool tried when nobody here can take the lead. */
    fallback: z.string().nullable().default(null),
  })
  .refine((pool) => (pool.team === undefined) !== (pool.owners === undefined), {
    message: 'set exactly one of "team" (a HubSpot team name) or "owners" (owner ids)',
  });

const expectation = z.union([
  z.strictObject({ minutes: z.number().int().min(1) }),
  z.strictObject({ businessDays: z.number().int().min(1).max(30) }),
]);

const reasonSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and _ (a HubSpot enumeration value)'),
  label: z.string().min(1),
});

const playbookObject = z.strictObject({
  name: z.string().default('Built-in playbook'),
  fit: fitSchema,
  intent: intentSchema,
  thresholds: thresholdsSchema,
  /** Priority per status; null leaves `handoff_priority` empty. */
  priority: z.strictObject({
    duplicate_or_existing: priorityChoice,
    disqualified: priorityChoice,
    needs_qualification: priorityChoice,
    sales_ready: priorityChoice,
    nurture: priorityChoice,
  }),
  /** What happens when no rule of CONTRACT §4 applies (e.g. middling fit with a demo request). */
  unmatched: z.strictObject({
    withIntent: z.enum(['needs_qualification', 'nurture']),
    otherwise: z.enum(['needs_qualification', 'nurture']),
  }),
  pools: z.array(poolSchema),
  /** Which pool's round robin takes each status when no existing owner applies. */
  routing: z.strictObject({
    needs_qualification: z.string().nullable(),
    sales_ready: z.string().nullable(),
    /** An existing account or duplicate whose deal, company and contact all lack an owner. */
    duplicate_or_existing: z.string().nullable().default(null),
  }),
  responseExpectations: z.strictObject({ high: expectation, medium: expectation, low: expectation }),
  disqualification: z.strictObject({
    reasons: z.array(reasonSchema).min(1),
    /** Which reason each automatic disqualification records. */
    rules: z.strictObject({
      disposable_email: z.string(),
      own_domain: z.string(),
      competitor_domain: z.string(),
      excluded_role: z.string(),
      fit_below_floor: z.string(),
    }),
  }),
  matching: z
    .strictObject({
      /** A company-name-only match for a free-email contact needs at least this similarity (0–1). */
      freeEmailNameMin: z.number().min(0).max(1).default(0.92),
    })
    .default({ freeEmailNameMin: 0.92 }),
  /** Extra domains beyond the packaged lists; `notFree` rescues a company domain a list wrongly holds. */
  emailDomains: z
    .strictObject({
      free: z.array(domain).default([]),
      disposable: z.array(domain).default([]),
      notFree: z.array(domain).default([]),
    })
    .default({ free: [], disposable: [], notFree: [] }),
  /** When to write the standard `hubspot_owner_id`: CONTRACT §3 says only while it is empty. */
  contactOwner: z.enum(['if_empty', 'never', 'always']).default('if_empty'),
});

export const playbookSchema = playbookObject.superRefine(checkReferences);

export type Playbook = z.output<typeof playbookSchema>;
export type PlaybookInput = z.input<typeof playbookSchema>;
export type PoolConfig = Playbook['pools'][number];
export type ResponseExpectation = Playbook['responseExpectations']['high'];

/** Cross-field rules zod cannot express per field: every id a playbook names must exist. */
function checkReferences(playbook: z.output<typeof playbookObject>, ctx: z.RefinementCtx): void {
  const poolIds = playbook.pools.map((pool) => pool.id);
  const reasonIds = playbook.disqualification.reasons.map((reason) => reason.id);
  const needPool = (id: string | null, path: (string | number)[]) => {
    if (id !== null && !poolIds.includes(id)) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `unknown pool "${id}"; pools are: ${poolIds.join(', ')}`,
      });
    }
  };
  playbook.pools.forEach((pool, index) => needPool(pool.fallback, ['pools', index, 'fallback']));
  needPool(playbook.routing.needs_qualification, ['routing', 'needs_qualification']);
  needPool(playbook.routing.sales_ready, ['routing', 'sales_ready']);
  needPool(playbook.routing.duplicate_or_existing, ['routing', 'duplicate_or_existing']);
  if (new Set(poolIds).size !== poolIds.length) {
    ctx.addIssue({ code: 'custom', path: ['pools'], message: 'pool ids must be unique' });
  }
  for (const [rule, id] of Object.entries(playbook.disqualification.rules)) {
    if (!reasonIds.includes(id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['disqualification', 'rules', rule],
        message: `unknown reason "${id}"; reasons are: ${reasonIds.join(', ')}`,
      });
    }
  }
}
