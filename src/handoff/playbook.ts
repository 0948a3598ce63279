import { z } from 'zod/v4';
import {
  businessHoursOverride,
  businessHoursSchema,
  checkHours,
  DEFAULT_BUSINESS_HOURS,
} from './business-hours-schema';
import { checkRoutingRules } from './check-routing-rules';
import { leadRatingSchema } from './lead-rating';
import { noResponseSchema } from './no-response-policy';
import { domain, ownerId } from './playbook-fields';
import { poolSchema } from './pool-schema';
import { routingRule } from './routing-rules';
import { fitSchema, intentSchema, priorityChoice, thresholdsSchema } from './scoring-schema';
import { escalationSchema, reminderSchema, responseExpectationsSchema } from './sla-schema';
import { stagesSchema } from './stages-schema';

/**
 * The RevOps playbook as data: everything that decides a handoff (CONTRACT §4) lives here, so a
 * portal can change its qualification, routing, SLA and reasons without a deploy. Written with
 * `zod/v4` because its `toJSONSchema` gives editors the same rules the app enforces. The larger
 * sections have files of their own: scoring-schema (fit, intent, thresholds, priority),
 * pool-schema, business-hours-schema, sla-schema and stages-schema.
 */

export { HANDOFF_STATUSES, PRIORITIES } from './statuses';
export type { HandoffStatus, Priority } from './statuses';
export { DEFAULT_LEAD_STAGE_MOVES, DEFAULT_LEAD_STATUS } from './stages-schema';
export { DEFAULT_BUSINESS_HOURS, resolveHours, WEEKDAYS } from './business-hours-schema';
export type { BusinessHours, BusinessHoursOverride, Weekday } from './business-hours-schema';
export { CLOCKS } from './sla-schema';
export type { Clock } from './sla-schema';

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
  /**
   * Ordered routing rules (territory, segment, product interest, named accounts): the first that
   * matches a lead chooses its pool or owner; a lead no rule matches goes to `routing` below.
   */
  routingRules: z.array(routingRule).default([]),
  /** Named account lists for `inAccountList`: registrable domains such as acme.com. */
  accountLists: z
    .record(z.string().regex(/^[A-Za-z0-9 _-]+$/, 'letters, digits, spaces, _ or -'), z.array(domain))
    .default({}),
  /** Named territories for `inCountries`: countries (names or ISO codes) or other territories. */
  territories: z.record(z.string().min(1), z.array(z.string().trim().min(1)).min(1)).default({}),
  /**
   * CONTRACT §6: who takes a lead when its pool has members but none can take it now (capacity,
   * days off). null: the pool's least-loaded active member, capacity ignored. Checked against
   * HubSpot's owners where they are listed (check-fallback-owner.ts): an archived or unknown owner stops it.
   */
  fallbackOwner: ownerId.nullable().default(null),
  /** CONTRACT §6: the pool tried when a pool has no active members at all; null: `routing.sales_ready`'s. */
  fallbackPool: z.string().nullable().default(null),
  /** The default pool per status: where a lead goes when no existing owner and no rule applies. */
  routing: z.strictObject({
    needs_qualification: z.string().nullable(),
    sales_ready: z.string().nullable(),
    /**
     * An existing account or duplicate whose deal, company and contact all lack an owner; null
     * (the default) routes it like a new lead of its qualification (CONTRACT §6).
     */
    duplicate_or_existing: z.string().nullable().default(null),
  }),
  /** CONTRACT §4: the response window per priority (sla-schema.ts). */
  responseExpectations: responseExpectationsSchema,
  /** CONTRACT §4 names no time zone: Monday to Friday, 09:00–17:00 UTC, until RevOps says. */
  businessHours: businessHoursSchema.default(DEFAULT_BUSINESS_HOURS),
  /** Per owner id, over the pool's and playbook's hours: where a rep actually works. */
  ownerHours: z.record(ownerId, businessHoursOverride).default({}),
  /** When the owner is reminded before the window closes (sla-schema.ts). */
  reminder: reminderSchema,
  /** What happens when a response window is missed: escalation after a grace period (sla-schema.ts). */
  escalation: escalationSchema,
  /** A nurture or no-response lead that converts on one of these re-enters qualification. */
  recycling: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Outcomes (or statuses) a lead must be in to be recycled. */
      from: z.array(z.string()).default(['nurture', 'nurture_ready', 'no_response']),
    })
    .default({ enabled: true, from: ['nurture', 'nurture_ready', 'no_response'] }),
  /**
   * CONTRACT §7: a nurture or recycled lead (or a needs-qualification lead nobody accepted yet) is
   * decided again when new evidence arrives. Changes of one contact within `debounceSeconds` make one
   * re-decision; `hubspotScoreThreshold` is where a rising `hubspotscore` counts as new evidence.
   */
  secondChance: z
    .strictObject({
      enabled: z.boolean().default(true),
      debounceSeconds: z.number().int().min(1).max(3_600).default(60),
      hubspotScoreThreshold: z.number().min(0).max(100).default(50),
    })
    .default({ enabled: true, debounceSeconds: 60, hubspotScoreThreshold: 50 }),
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
  /** Sales' lead-quality rating (1–5) and the reasons a rep may give with it. */
  leadRating: leadRatingSchema,
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
  /** CONTRACT §5: HubSpot's own funnel fields that follow the handoff stage (stages-schema.ts). */
  stages: stagesSchema,
  /** When a lead's owner tried and got no answer: recycled to marketing as `no_response`. */
  noResponse: noResponseSchema,
  /** When to write the standard `hubspot_owner_id`: CONTRACT §3 says only while it is empty. */
  contactOwner: z.enum(['if_empty', 'never', 'always']).default('if_empty'),
});

export const playbookSchema = playbookObject.superRefine(checkReferences);

export type Playbook = z.output<typeof playbookSchema>;
export type PlaybookInput = z.input<typeof playbookSchema>;
export type PoolConfig = Playbook['pools'][number];
export type ResponseExpectation = Playbook['responseExpectations']['high'];
export type ReminderPolicy = Playbook['reminder'];
export type EscalationPolicy = Playbook['escalation'];
export type SecondChancePolicy = Playbook['secondChance'];

/** Cross-field rules zod cannot express per field: every id a playbook names must exist. */
function checkReferences(playbook: z.output<typeof playbookObject>, ctx: z.RefinementCtx): void {
  const poolIds = playbook.pools.map((pool) => pool.id);
  const reasonIds = playbook.disqualification.reasons.map((reason) => reason.id);
  const needPool = (id: string | null, path: (string | number)[]) => {
    if (id !== null && !poolIds.includes(id)) {
      ctx.addIssue({
        code: 'custom',
        path,
        input: id,
        message: `unknown pool "${id}"; pools are: ${poolIds.join(', ')}`,
      });
    }
  };
  playbook.pools.forEach((pool, index) => needPool(pool.fallback, ['pools', index, 'fallback']));
  needPool(playbook.routing.needs_qualification, ['routing', 'needs_qualification']);
  needPool(playbook.routing.sales_ready, ['routing', 'sales_ready']);
  needPool(playbook.routing.duplicate_or_existing, ['routing', 'duplicate_or_existing']);
  needPool(playbook.fallbackPool, ['fallbackPool']);
  if (new Set(poolIds).size !== poolIds.length) {
    ctx.addIssue({ code: 'custom', path: ['pools'], message: 'pool ids must be unique' });
  }
  checkHours(playbook, ctx);
  checkRoutingRules(playbook, ctx);
  for (const [rule, id] of Object.entries(playbook.disqualification.rules)) {
    if (!reasonIds.includes(id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['disqualification', 'rules', rule],
        input: id,
        message: `unknown reason "${id}"; reasons are: ${reasonIds.join(', ')}`,
      });
    }
  }
}
