import { z } from 'zod/v4';
import { checkRoutingRules } from './check-routing-rules';
import { routingRule } from './routing-rules';
import { PRIORITIES } from './statuses';
import { LEAD_STAGES, type LeadStage } from './lead-stages';
import { noResponseSchema } from './no-response-policy';
import { isTimeZone } from './zoned-time';
import { leadRatingSchema } from './lead-rating';

/**
 * The RevOps playbook as data: everything that decides a handoff (CONTRACT §4) lives here, so a
 * portal can change its qualification, routing, SLA and reasons without a deploy. Written with
 * `zod/v4` because its `toJSONSchema` gives editors the same rules the app enforces.
 */

export { HANDOFF_STATUSES, PRIORITIES } from './statuses';
export type { HandoffStatus, Priority } from './statuses';

/** HubSpot's default `hs_lead_status` options (HUBSPOT-NOTES), one per stage. */
export const DEFAULT_LEAD_STATUS: Partial<Record<LeadStage, string>> = {
  mql: 'NEW',
  sal: 'IN_PROGRESS',
  sql: 'CONNECTED',
  opportunity: 'OPEN_DEAL',
  recycled: 'BAD_TIMING',
  disqualified: 'UNQUALIFIED',
};

/**
 * The default lead pipeline's stages (HUBSPOT-NOTES): attempting or connected is the owner at work
 * (SAL), qualified is an SQL, unqualified leaves the funnel as disqualified (a rep judged it, as
 * with the card's disqualify; there is no reason to send it back to marketing by default).
 */
export const DEFAULT_LEAD_STAGE_MOVES = {
  accepted: ['attempting-stage-id', 'connected-stage-id'],
  qualified: ['qualified-stage-id'],
  disqualified: ['unqualified-stage-id'],
};

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

/** Monday first, as a working week reads (business-hours.ts maps them to `Date#getUTCDay`). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const timeZone = z
  .string()
  .refine(
    isTimeZone,
    'unknown time zone; use an IANA time zone name such as Europe/London, America/New_York or UTC',
  );
const TIME_OF_DAY = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const isTimeOfDay = (text: string) => TIME_OF_DAY.test(text);
const timeOfDay = z
  .string()
  .regex(
    TIME_OF_DAY,
    'a time HH:MM on the 24-hour clock such as 09:00 (24:00 is midnight at the end of the day)',
  );
const holiday = z
  .string()
  .refine(
    isDayOrRangeOfDays,
    'a day YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD (first day not after the last), on the local calendar',
  );
const workingDays = z.array(z.enum(WEEKDAYS)).min(1);

export const DEFAULT_BUSINESS_HOURS = {
  timeZone: 'UTC',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[],
  start: '09:00',
  end: '17:00',
  holidays: [] as string[],
};

/**
 * When the SLA clock runs for business-time expectations: working days from `start` to `end`
 * on the wall clock of `timeZone`, except `holidays` (local days). Overnight hours (end before
 * start) are not supported; `end` 24:00 runs to midnight.
 */
const businessHoursSchema = z.strictObject({
  timeZone: timeZone.default(DEFAULT_BUSINESS_HOURS.timeZone),
  workingDays: workingDays.default(DEFAULT_BUSINESS_HOURS.workingDays),
  start: timeOfDay.default(DEFAULT_BUSINESS_HOURS.start),
  end: timeOfDay.default(DEFAULT_BUSINESS_HOURS.end),
  holidays: z.array(holiday).default(DEFAULT_BUSINESS_HOURS.holidays),
});

/** A pool's or owner's hours: each field given replaces the inherited one (holidays too). */
const businessHoursOverride = z.strictObject({
  timeZone: timeZone.optional(),
  workingDays: workingDays.optional(),
  start: timeOfDay.optional(),
  end: timeOfDay.optional(),
  holidays: z.array(holiday).optional(),
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
    /** This pool's business hours, over the playbook's (a team in another time zone). */
    businessHours: businessHoursOverride.optional(),
  })
  .refine((pool) => (pool.team === undefined) !== (pool.owners === undefined), {
    message: 'set exactly one of "team" (a HubSpot team name) or "owners" (owner ids)',
  });

/**
 * How a response window is counted: only inside business hours (a lead at 18:00 on Friday is
 * first workable at the next opening) or round the clock (someone answers demo requests at night).
 */
export const CLOCKS = ['business_hours', 'round_the_clock'] as const;
export type Clock = (typeof CLOCKS)[number];

/**
 * `minutes` count on the expectation's `clock`. `businessDays` are always business time: N
 * working days of (end − start) business minutes each, so a lead in at 10:00 on Wednesday is
 * due at 10:00 on Friday, and one in at the weekend at the close of Tuesday (sla-due-at.ts).
 */
const expectationCounting = (clock: Clock) =>
  z.union([
    z.strictObject({ minutes: z.number().int().min(1), clock: z.enum(CLOCKS).default(clock) }),
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
  /** CONTRACT §4: high round the clock; medium and low in business time unless `clock` says so. */
  responseExpectations: z.strictObject({
    high: expectationCounting('round_the_clock'),
    medium: expectationCounting('business_hours'),
    low: expectationCounting('business_hours'),
  }),
  /** CONTRACT §4 names no time zone: Monday to Friday, 09:00–17:00 UTC, until RevOps says. */
  businessHours: businessHoursSchema.default(DEFAULT_BUSINESS_HOURS),
  /** Per owner id, over the pool's and playbook's hours: where a rep actually works. */
  ownerHours: z.record(ownerId, businessHoursOverride).default({}),
  /**
   * The owner is reminded when this much of the response window is left: the larger of the
   * fraction and the minutes (at most the whole window), counted on the expectation's clock.
   */
  reminder: z
    .strictObject({
      windowFraction: z.number().min(0).max(1).default(0.25),
      minMinutes: z.number().int().min(0).default(10),
    })
    .default({ windowFraction: 0.25, minMinutes: 10 }),
  /**
   * What happens when a response expectation is missed: after `graceMinutes` past the due time the
   * lead is escalated once, either reassigned to the next member of the owner's pool (the reason
   * says why) or left with its owner while the pool's team lead gets a task.
   */
  escalation: z
    .strictObject({
      graceMinutes: z.number().int().min(0).max(10_080).default(15),
      action: z.enum(['reassign', 'notify_team_lead']).default('reassign'),
      /** Team lead per pool id (a HubSpot owner id), for `notify_team_lead`. */
      teamLeads: z.record(z.string(), ownerId).default({}),
    })
    .default({ graceMinutes: 15, action: 'reassign', teamLeads: {} }),
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
  /**
   * CONTRACT §5: HubSpot's own funnel fields follow the handoff stage, so HubSpot's reports see the
   * handoff too. Each can be turned off; the Leads object (Sales Hub Professional and up) is off
   * until RevOps turn it on, and only then does the app ask for the Leads scopes.
   */
  stages: z
    .strictObject({
      /** `lifecyclestage` moves forward only: MQL, SQL, opportunity; never past a stage already set. */
      lifecycleStage: z.boolean().default(true),
      leadStatus: z
        .strictObject({
          enabled: z.boolean().default(true),
          /** `hs_lead_status` option per stage; a value the portal lacks is skipped, never created. */
          byStage: z.partialRecord(z.enum(LEAD_STAGES), z.string().min(1)).default(DEFAULT_LEAD_STATUS),
        })
        .default({ enabled: true, byStage: DEFAULT_LEAD_STATUS }),
      leadsObject: z
        .strictObject({
          enabled: z.boolean().default(false),
          /** `hs_lead_type` of the leads Handoff creates. */
          leadType: z.string().min(1).default('NEW_BUSINESS'),
          /** Lead pipeline stage ids (`hs_pipeline_stage`) that move the handoff stage. */
          stageMoves: z
            .strictObject({
              accepted: z.array(z.string().min(1)).default(DEFAULT_LEAD_STAGE_MOVES.accepted),
              qualified: z.array(z.string().min(1)).default(DEFAULT_LEAD_STAGE_MOVES.qualified),
              disqualified: z.array(z.string().min(1)).default(DEFAULT_LEAD_STAGE_MOVES.disqualified),
            })
            .default(DEFAULT_LEAD_STAGE_MOVES),
        })
        .default({ enabled: false, leadType: 'NEW_BUSINESS', stageMoves: DEFAULT_LEAD_STAGE_MOVES }),
    })
    .default({
      lifecycleStage: true,
      leadStatus: { enabled: true, byStage: DEFAULT_LEAD_STATUS },
      leadsObject: { enabled: false, leadType: 'NEW_BUSINESS', stageMoves: DEFAULT_LEAD_STAGE_MOVES },
    }),
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
export type BusinessHours = Playbook['businessHours'];
export type BusinessHoursOverride = z.output<typeof businessHoursOverride>;
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

/** Opening before closing in every combination of hours a lead can be counted in. */
function checkHours(playbook: z.output<typeof playbookObject>, ctx: z.RefinementCtx): void {
  const closesAfterOpening = (...layers: Array<BusinessHoursOverride | undefined>) => {
    const { start, end } = resolveHours(playbook.businessHours, layers);
    // A malformed time is reported on its own field; comparing it would only repeat that.
    if (!isTimeOfDay(start) || !isTimeOfDay(end)) return true;
    return minutesOf(end) > minutesOf(start);
  };
  const report = (path: (string | number)[], ...layers: Array<BusinessHoursOverride | undefined>) => {
    const { start, end } = resolveHours(playbook.businessHours, layers);
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'end'],
      input: { start, end },
      message: `closing time ${end} must be later than opening time ${start} (overnight hours are not supported)`,
    });
  };
  // An override is checked only when it sets a time itself; otherwise the fault is inherited.
  const setsTimes = (hours: BusinessHoursOverride | undefined) =>
    hours?.start !== undefined || hours?.end !== undefined;
  if (!closesAfterOpening()) report(['businessHours']);
  playbook.pools.forEach((pool, index) => {
    if (setsTimes(pool.businessHours) && !closesAfterOpening(pool.businessHours)) {
      report(['pools', index, 'businessHours'], pool.businessHours);
    }
  });
  for (const [owner, hours] of Object.entries(playbook.ownerHours)) {
    if (!setsTimes(hours)) continue;
    const under = [undefined, ...playbook.pools.map((pool) => pool.businessHours)];
    const failing = under.findIndex((poolHours) => !closesAfterOpening(poolHours, hours));
    if (failing >= 0) report(['ownerHours', owner], under[failing], hours);
  }
}

/** Later layers replace earlier ones field by field; a layer's absent fields are inherited. */
export function resolveHours(
  base: BusinessHours,
  layers: ReadonlyArray<BusinessHoursOverride | undefined>,
): BusinessHours {
  const hours = { ...base };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [field, value] of Object.entries(layer)) {
      if (value !== undefined) Object.assign(hours, { [field]: value });
    }
  }
  return hours;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function isDayOrRangeOfDays(text: string): boolean {
  const days = text.split('..').map((day) => day.trim());
  const [first, last = first] = days;
  return (
    days.length <= 2 &&
    days.every(isCalendarDay) &&
    first !== undefined &&
    last !== undefined &&
    first <= last
  );
}

function isCalendarDay(text: string): boolean {
  if (!isoDay.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
