import { FUNNEL_STAGES, LEAD_STAGES, rank, type LeadStage } from '../handoff/lead-stages';
import { currentStage, type FunnelDimension, type FunnelFact } from './funnel-facts';
import { NONE } from './handoff-facts';
import type { Cell } from './metric-tables';
import { distribution, rate } from './percentiles';

/**
 * The funnel tables: MQL → SAL → SQL → opportunity per value of a dimension, each rate over the
 * stage before it and beside both counts; the time spent in each stage as count, median and 95th
 * percentile (seconds); a cohort view by MQL week; the leads a manager should chase. JSON, CSV and
 * the admin page render these same tables.
 */

export const FUNNEL_TABLE_NAMES = ['funnel', 'cohort', 'stalled'] as const;
export type FunnelTableName = (typeof FUNNEL_TABLE_NAMES)[number];

export interface FunnelTable {
  name: FunnelTableName;
  by: FunnelDimension;
  columns: string[];
  rows: Array<Record<string, Cell>>;
}

const DAY_MS = 86_400_000;
const seconds = (ms: number) => Math.round(ms / 100) / 10;
/** Stages a lead spends time in before moving on or leaving. */
const TIMED_STAGES = ['mql', 'sal', 'sql'] as const;

export const FUNNEL_COLUMNS = [
  'key',
  'mql',
  'sal',
  'sal_rate',
  'sql',
  'sql_rate',
  'opportunity',
  'opportunity_rate',
  'mql_to_opportunity_rate',
  'recycled',
  'disqualified',
  ...TIMED_STAGES.flatMap((stage) => [`${stage}_time_n`, `${stage}_time_p50_s`, `${stage}_time_p95_s`]),
];

export function funnelTable(facts: readonly FunnelFact[], by: FunnelDimension): FunnelTable {
  const rows = groupBy(facts, by).map(([key, group]) => funnelRow(key, group));
  return { name: 'funnel', by, columns: FUNNEL_COLUMNS, rows };
}

function funnelRow(key: string, facts: readonly FunnelFact[]): Record<string, Cell> {
  const reached = (stage: LeadStage) => facts.filter((fact) => fact.entered[stage]).length;
  const [mql, sal, sql, opportunity] = FUNNEL_STAGES.map(reached) as [number, number, number, number];
  const row: Record<string, Cell> = {
    key,
    mql,
    sal,
    sal_rate: rate(sal, mql),
    sql,
    sql_rate: rate(sql, sal),
    opportunity,
    opportunity_rate: rate(opportunity, sql),
    mql_to_opportunity_rate: rate(opportunity, mql),
    recycled: reached('recycled'),
    disqualified: reached('disqualified'),
  };
  for (const stage of TIMED_STAGES) {
    const times = distribution(facts.flatMap((fact) => timeInStage(fact, stage)));
    Object.assign(row, {
      [`${stage}_time_n`]: times.count,
      [`${stage}_time_p50_s`]: times.p50,
      [`${stage}_time_p95_s`]: times.p95,
    });
  }
  return row;
}

/**
 * Seconds spent in `stage`: from entering it to entering the next stage reached (forward or an
 * exit). Nothing for a stage skipped on the way (no time was spent in it) or not left yet.
 */
export function timeInStage(fact: FunnelFact, stage: LeadStage): number[] {
  const entry = fact.entered[stage];
  if (!entry || entry.skipped) return [];
  const later = LEAD_STAGES.filter((other) => rank(other) > rank(stage))
    .flatMap((other) => fact.entered[other]?.at ?? [])
    .filter((at) => at >= entry.at);
  return later.length === 0 ? [] : [seconds(Math.min(...later) - entry.at)];
}

/** Weeks after MQL at which the cohort view reads cumulative conversion. */
export const COHORT_WEEKS = [1, 2, 4] as const;

export const COHORT_COLUMNS = [
  'key',
  'age_days',
  'mql',
  'sal',
  'sal_rate',
  'sql',
  'sql_rate',
  'opportunity',
  'opportunity_rate',
  ...COHORT_WEEKS.map((weeks) => `sql_within_${weeks}w_rate`),
  ...COHORT_WEEKS.map((weeks) => `opportunity_within_${weeks}w_rate`),
];

/**
 * One row per MQL week: how far that week's MQLs have got so far, and what share reached SQL and
 * opportunity within one, two and four weeks of becoming MQLs (comparable across cohorts of
 * different ages; `age_days` says how long a cohort has had).
 */
export function cohortTable(facts: readonly FunnelFact[], now: number): FunnelTable {
  const rows = groupBy(facts, 'week').map(([week, group]) => {
    const base = funnelRow(week, group);
    const within = (stage: LeadStage, weeks: number) =>
      rate(
        group.filter((fact) => {
          const at = fact.entered[stage]?.at;
          return at !== undefined && at - fact.mqlAt <= weeks * 7 * DAY_MS;
        }).length,
        group.length,
      );
    const row: Record<string, Cell> = {
      key: week,
      age_days: Math.max(0, Math.floor((now - Date.parse(`${week}T00:00:00Z`)) / DAY_MS)),
      ...Object.fromEntries(COHORT_COLUMNS.slice(2, 9).map((column) => [column, base[column] ?? null])),
    };
    for (const weeks of COHORT_WEEKS) {
      row[`sql_within_${weeks}w_rate`] = within('sql', weeks);
      row[`opportunity_within_${weeks}w_rate`] = within('opportunity', weeks);
    }
    return row;
  });
  return { name: 'cohort', by: 'week', columns: COHORT_COLUMNS, rows };
}

/** How long a lead may sit in a stage before the manager's list shows it as stalled. */
export const STALLED_AFTER_MS: Partial<Record<LeadStage, number>> = {
  mql: 2 * DAY_MS,
  sal: 7 * DAY_MS,
  sql: 21 * DAY_MS,
};
/** The list is for chasing, not for analysis: the longest waits first, this many at most. */
export const STALLED_LIMIT = 50;

export const STALLED_COLUMNS = ['contact_id', 'owner', 'stage', 'since', 'waiting_s', 'reason', 'source'];

/**
 * Leads still in the funnel that need a nudge: `sla_breach` when the first action is overdue,
 * `stalled_in_stage` when a lead has sat in MQL, SAL or SQL longer than the limits above.
 */
export function stalledTable(facts: readonly FunnelFact[], now: number): FunnelTable {
  const rows = facts
    .flatMap((fact) => {
      const stage = currentStage(fact);
      const since = fact.entered[stage]?.at;
      const limit = STALLED_AFTER_MS[stage];
      if (since === undefined || limit === undefined) return [];
      const breached =
        stage === 'mql' && fact.firstActionAt === null && fact.slaDueAt !== null && fact.slaDueAt < now;
      if (!breached && now - since <= limit) return [];
      return [
        {
          contact_id: fact.contactId,
          owner: fact.ownerId ?? NONE,
          stage,
          since: new Date(since).toISOString(),
          waiting_s: seconds(now - since),
          reason: breached ? 'sla_breach' : 'stalled_in_stage',
          source: fact.keys.source,
        },
      ];
    })
    .sort((a, b) => b.waiting_s - a.waiting_s || a.contact_id.localeCompare(b.contact_id))
    .slice(0, STALLED_LIMIT);
  return { name: 'stalled', by: 'all', columns: STALLED_COLUMNS, rows };
}

function groupBy(facts: readonly FunnelFact[], by: FunnelDimension): Array<[string, FunnelFact[]]> {
  const groups = new Map<string, FunnelFact[]>();
  for (const fact of facts) groups.set(fact.keys[by], [...(groups.get(fact.keys[by]) ?? []), fact]);
  const entries = [...groups.entries()];
  // Periods read in time order; everything else biggest first.
  return by === 'week' || by === 'month'
    ? entries.sort(([a], [b]) => a.localeCompare(b))
    : entries.sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b));
}
