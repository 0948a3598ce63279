import { FUNNEL_STAGES, rank, type LeadStage, type StageEntry } from './lead-stages';
import type { Playbook } from './playbook';

/**
 * What a stage change writes on the contact (CONTRACT §3 and §5): `handoff_stage`, the round's
 * `handoff_*_at` times, and HubSpot's own `lifecyclestage` and `hs_lead_status` when the playbook
 * lets them follow. Pure: each write-back adds these to the update it already makes.
 */

/** HubSpot's lifecycle stages in their forward order (HUBSPOT-NOTES). */
export const LIFECYCLE_ORDER = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
] as const;

const LIFECYCLE_FOR_STAGE: Partial<Record<LeadStage, (typeof LIFECYCLE_ORDER)[number]>> = {
  mql: 'marketingqualifiedlead',
  sql: 'salesqualifiedlead',
  opportunity: 'opportunity',
};

export const STAGE_TIME_PROPERTIES = {
  mql: 'handoff_mql_at',
  sal: 'handoff_sal_at',
  sql: 'handoff_sql_at',
  opportunity: 'handoff_opportunity_at',
} as const satisfies Record<(typeof FUNNEL_STAGES)[number], string>;

/** The contact properties read to decide what a stage change writes. */
export const STAGE_INPUT_PROPERTIES = [
  'handoff_stage',
  ...Object.values(STAGE_TIME_PROPERTIES),
  'lifecyclestage',
  'hs_lead_status',
] as const;

export interface StagePropertyInput {
  /** Stages just entered, in order (from `advanceStage`). */
  entered: readonly StageEntry[];
  /** The contact's current values (missing: unknown). */
  current: Readonly<Record<string, string | null | undefined>>;
  settings: Playbook['stages'];
  /** The portal's `hs_lead_status` option values; null when not read (the status is then left). */
  leadStatusOptions: ReadonlySet<string> | null;
}

/** The properties to write for the stages just entered; empty when nothing was entered. */
export function stageProperties(input: StagePropertyInput): Record<string, string> {
  const last = input.entered.at(-1);
  if (!last) return {};
  const properties: Record<string, string> = { handoff_stage: last.stage };
  // A new round starts its funnel afresh: the previous round's later times would mislead reports.
  if (input.entered.some((entry) => entry.stage === 'mql') && last.round > 1) {
    for (const name of Object.values(STAGE_TIME_PROPERTIES)) properties[name] = '';
  }
  for (const entry of input.entered) {
    if (entry.stage in STAGE_TIME_PROPERTIES) {
      properties[STAGE_TIME_PROPERTIES[entry.stage as keyof typeof STAGE_TIME_PROPERTIES]] = new Date(
        entry.enteredAt,
      ).toISOString();
    }
  }
  const furthest = input.entered.reduce((a, b) => (rank(b.stage) >= rank(a.stage) ? b : a)).stage;
  const lifecycle = input.settings.lifecycleStage
    ? lifecycleStageFor(furthest, input.current.lifecyclestage)
    : undefined;
  if (lifecycle) properties.lifecyclestage = lifecycle;
  const status = input.settings.leadStatus.enabled
    ? leadStatusFor(last.stage, input.settings.leadStatus.byStage, input.leadStatusOptions)
    : undefined;
  if (status) properties.hs_lead_status = status;
  return unchanged(properties, input.current);
}

/** Leaves out values the contact already has (a property not read counts as unknown: written). */
function unchanged(
  properties: Record<string, string>,
  current: StagePropertyInput['current'],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(properties).filter(
      ([name, value]) => !(name in current && (current[name] ?? '') === value),
    ),
  );
}

/**
 * The lifecycle stage to set for `stage`, or undefined to leave it: only forward, never over a
 * stage a person set higher (customer and evangelist included), and never over a stage this app
 * does not know (a portal's own stage, or `other`), which is a person's deliberate choice.
 */
export function lifecycleStageFor(stage: LeadStage, current: string | null | undefined): string | undefined {
  const target = LIFECYCLE_FOR_STAGE[stage];
  if (!target) return undefined;
  if (!current) return target;
  const at = (LIFECYCLE_ORDER as readonly string[]).indexOf(current);
  if (at < 0) return undefined;
  return at < LIFECYCLE_ORDER.indexOf(target) ? target : undefined;
}

/** The portal's lead status option for `stage`; undefined when unmapped or the portal lacks it. */
export function leadStatusFor(
  stage: LeadStage,
  byStage: Partial<Record<LeadStage, string>>,
  options: ReadonlySet<string> | null,
): string | undefined {
  const wanted = byStage[stage];
  return wanted && options?.has(wanted) ? wanted : undefined;
}
