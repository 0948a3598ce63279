import {
  ACCEPTED_OUTCOMES,
  CONTEXT_FIELDS,
  QUALIFIED_OUTCOMES,
  type Dimension,
  type HandoffFact,
} from './handoff-facts';
import { distribution, rate, type Distribution } from './percentiles';

/**
 * The report tables: one row per value of the chosen dimension, every rate beside the counts it
 * divides, every delay as count, median and 95th percentile (seconds). JSON, CSV and the admin
 * page all render these same tables.
 */
export type Cell = string | number | null;
export interface ReportTable {
  name: TableName;
  by: Dimension;
  columns: string[];
  rows: Array<Record<string, Cell>>;
}

export const TABLE_NAMES = ['handoffs', 'reasons', 'completeness'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

function groupBy(facts: readonly HandoffFact[], by: Dimension): Array<[string, HandoffFact[]]> {
  const groups = new Map<string, HandoffFact[]>();
  for (const fact of facts) {
    const key = fact.keys[by];
    groups.set(key, [...(groups.get(key) ?? []), fact]);
  }
  const entries = [...groups.entries()];
  // Periods read in time order; everything else biggest first.
  return by === 'day' || by === 'week'
    ? entries.sort(([a], [b]) => a.localeCompare(b))
    : entries.sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b));
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

function delayColumns(prefix: string, delays: Distribution): Record<string, Cell> {
  return {
    [`${prefix}_n`]: delays.count,
    [`${prefix}_p50_s`]: delays.p50,
    [`${prefix}_p95_s`]: delays.p95,
  };
}

function delays(
  facts: readonly HandoffFact[],
  from: (f: HandoffFact) => number | null,
  to: (f: HandoffFact) => number | null,
): Distribution {
  const values: number[] = [];
  for (const fact of facts) {
    const start = from(fact);
    const end = to(fact);
    if (start !== null && end !== null && end >= start) values.push(seconds(end - start));
  }
  return distribution(values);
}

const HANDOFF_COLUMNS = [
  'key',
  'handoffs',
  'routed',
  'accepted',
  'acceptance_rate',
  'qualified',
  'qualification_rate',
  'opportunities',
  'opportunity_rate',
  'no_response',
  'no_response_rate',
  'disqualified',
  'disqualification_rate',
  'created_to_routed_n',
  'created_to_routed_p50_s',
  'created_to_routed_p95_s',
  'received_to_routed_n',
  'received_to_routed_p50_s',
  'received_to_routed_p95_s',
  'routed_to_first_action_n',
  'routed_to_first_action_p50_s',
  'routed_to_first_action_p95_s',
];

/** Volume, conversion and speed per group. */
export function handoffTable(facts: readonly HandoffFact[], by: Dimension): ReportTable {
  const rows = groupBy(facts, by).map(([key, group]) => {
    const routed = group.filter((fact) => fact.routed);
    const hasAny = (fact: HandoffFact, outcomes: ReadonlySet<string>) =>
      [...fact.outcomes].some((outcome) => outcomes.has(outcome));
    const accepted = routed.filter((fact) => hasAny(fact, ACCEPTED_OUTCOMES)).length;
    const qualified = routed.filter((fact) => hasAny(fact, QUALIFIED_OUTCOMES)).length;
    const opportunities = group.filter((fact) => fact.outcomes.has('qualified_opportunity')).length;
    const noResponse = routed.filter((fact) => fact.outcomes.has('no_response')).length;
    const disqualified = group.filter((fact) => fact.disqualification !== null).length;
    return {
      key,
      handoffs: group.length,
      routed: routed.length,
      accepted,
      acceptance_rate: rate(accepted, routed.length),
      qualified,
      qualification_rate: rate(qualified, routed.length),
      opportunities,
      opportunity_rate: rate(opportunities, group.length),
      no_response: noResponse,
      no_response_rate: rate(noResponse, routed.length),
      disqualified,
      disqualification_rate: rate(disqualified, group.length),
      ...delayColumns(
        'created_to_routed',
        delays(
          routed,
          (f) => f.contactCreatedAt,
          (f) => f.routedAt,
        ),
      ),
      ...delayColumns(
        'received_to_routed',
        delays(
          routed,
          (f) => f.webhookReceivedAt,
          (f) => f.routedAt,
        ),
      ),
      ...delayColumns(
        'routed_to_first_action',
        delays(
          routed,
          (f) => f.routedAt,
          (f) => f.firstActionAt,
        ),
      ),
    };
  });
  return { name: 'handoffs', by, columns: HANDOFF_COLUMNS, rows };
}

/** Disqualification reasons per group: by the rep, else by the playbook. */
export function reasonTable(facts: readonly HandoffFact[], by: Dimension): ReportTable {
  const rows: Array<Record<string, Cell>> = [];
  for (const [key, group] of groupBy(facts, by)) {
    const disqualified = group.filter((fact) => fact.disqualification !== null);
    const counts = new Map<string, { reason: string; decided_by: string; count: number }>();
    for (const fact of disqualified) {
      const { reasonId, by: decidedBy } = fact.disqualification as NonNullable<
        HandoffFact['disqualification']
      >;
      const id = `${reasonId}\u0000${decidedBy}`;
      const entry = counts.get(id) ?? { reason: reasonId, decided_by: decidedBy, count: 0 };
      entry.count += 1;
      counts.set(id, entry);
    }
    const sorted = [...counts.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
    for (const entry of sorted) {
      rows.push({
        key,
        ...entry,
        disqualified: disqualified.length,
        share: rate(entry.count, disqualified.length),
      });
    }
  }
  return {
    name: 'reasons',
    by,
    columns: ['key', 'reason', 'decided_by', 'count', 'disqualified', 'share'],
    rows,
  };
}

/** Which context fields were present at handoff time, per group. */
export function completenessTable(facts: readonly HandoffFact[], by: Dimension): ReportTable {
  const rows = groupBy(facts, by).map(([key, group]) => {
    const row: Record<string, Cell> = { key, handoffs: group.length };
    let complete = 0;
    for (const fact of group) if (CONTEXT_FIELDS.every((field) => fact.context[field])) complete += 1;
    for (const field of CONTEXT_FIELDS) {
      const present = group.filter((fact) => fact.context[field]).length;
      row[`${field}_present`] = present;
      row[`${field}_rate`] = rate(present, group.length);
    }
    row.all_fields_present = complete;
    row.all_fields_rate = rate(complete, group.length);
    return row;
  });
  const columns = [
    'key',
    'handoffs',
    ...CONTEXT_FIELDS.flatMap((field) => [`${field}_present`, `${field}_rate`]),
    'all_fields_present',
    'all_fields_rate',
  ];
  return { name: 'completeness', by, columns, rows };
}

export function reportTable(name: TableName, facts: readonly HandoffFact[], by: Dimension): ReportTable {
  if (name === 'reasons') return reasonTable(facts, by);
  if (name === 'completeness') return completenessTable(facts, by);
  return handoffTable(facts, by);
}

/** RFC 4180 CSV with a header row; cells that a spreadsheet would run as formulas are quoted flat. */
export function toCsv<T extends Pick<ReportTable, 'columns' | 'rows'>>(table: T): string {
  const cell = (value: Cell): string => {
    if (value === null) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    table.columns.join(','),
    ...table.rows.map((row) => table.columns.map((c) => cell(row[c] ?? null)).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
