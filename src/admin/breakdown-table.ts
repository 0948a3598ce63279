import type { Dimension } from '../reporting/handoff-facts';
import type { Cell, ReportTable } from '../reporting/metric-tables';
import { OTHER_KEY } from '../reporting/top-groups';
import type { DashboardOptions, SortColumn } from './dashboard-options';
import { count, duration, percent, statusLabel } from './format';
import { html, type Html } from './html';

export const DIMENSION_LABELS: Record<Dimension, string> = {
  all: 'All handoffs',
  source: 'Source',
  entry_point: 'Entry point',
  offer: 'Offer',
  owner: 'Owner',
  team: 'Team',
  status: 'Status',
  playbook_version: 'Playbook version',
  day: 'Day',
  week: 'Week',
};

type Row = Record<string, Cell>;

const RATES: Array<{ column: SortColumn; title: string; part: string; whole: string }> = [
  { column: 'acceptance_rate', title: 'Accepted', part: 'accepted', whole: 'routed' },
  { column: 'qualification_rate', title: 'Qualified', part: 'qualified', whole: 'routed' },
  { column: 'opportunity_rate', title: 'Opportunity', part: 'opportunities', whole: 'handoffs' },
  { column: 'no_response_rate', title: 'No response', part: 'no_response', whole: 'routed' },
];

/** Rows in the chosen order; "Other" stays last whatever the order, as the remainder it is. */
export function sortRows(rows: readonly Row[], sort: SortColumn, dir: 'asc' | 'desc'): Row[] {
  const sign = dir === 'asc' ? 1 : -1;
  const compare = (a: Row, b: Row): number => {
    const x = a[sort] ?? null;
    const y = b[sort] ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1; // empty cells last
    return typeof x === 'number' && typeof y === 'number'
      ? sign * (x - y)
      : sign * String(x).localeCompare(String(y));
  };
  const other = rows.filter((row) => row.key === OTHER_KEY);
  return [...rows.filter((row) => row.key !== OTHER_KEY)].sort(compare).concat(other);
}

/** The group's name as people read it: the owner's name with the id beside it, a status's label. */
function groupName(row: Row, by: Dimension, folded: number): Html {
  const key = String(row.key);
  if (key === OTHER_KEY) return html`Other <span class="muted">(${folded} smaller groups)</span>`;
  if (by === 'owner' && typeof row.owner_name === 'string') {
    return html`${row.owner_name} <span class="muted id">${key}</span>`;
  }
  return html`${by === 'status' ? statusLabel(key) : key}`;
}

function delay(row: Row, prefix: string): Html {
  return html`${duration(row[`${prefix}_p50_s`] ?? null)}
    <span class="counts"
      >p95 ${duration(row[`${prefix}_p95_s`] ?? null)} · n=${count(row[`${prefix}_n`] ?? 0)}</span
    >`;
}

export function breakdownTable(
  table: ReportTable,
  options: DashboardOptions & { folded: number; link: (params: Record<string, string>) => string },
): Html {
  const header = (column: SortColumn, title: string, numeric = true) => {
    const active = options.sort === column;
    const dir =
      active && options.dir === 'desc' ? 'asc' : active ? 'desc' : column === 'key' ? 'asc' : 'desc';
    const arrow = active ? (options.dir === 'desc' ? ' ▼' : ' ▲') : '';
    return html`<th
      class="${numeric ? 'num' : ''}"
      data-sort="${column}"
      aria-sort="${active ? (options.dir === 'desc' ? 'descending' : 'ascending') : 'none'}"
    >
      <a href="${options.link({ sort: column, dir })}">${title}${arrow}</a>
    </th>`;
  };
  const rows = sortRows(table.rows, options.sort, options.dir).map(
    (row) =>
      html`<tr data-key="${String(row.key)}">
        <td class="group">${groupName(row, table.by, options.folded)}</td>
        <td class="num" data-col="handoffs">${count(row.handoffs ?? 0)}</td>
        <td class="num" data-col="routed">${count(row.routed ?? 0)}</td>
        ${RATES.map(
          (rate) =>
            html`<td class="num" data-col="${rate.column}">
              ${percent(row[rate.column] ?? null)}
              <span class="counts">(${count(row[rate.part] ?? 0)} of ${count(row[rate.whole] ?? 0)})</span>
            </td>`,
        )}
        <td class="num" data-col="created_to_routed">${delay(row, 'created_to_routed')}</td>
        <td class="num" data-col="routed_to_first_action">${delay(row, 'routed_to_first_action')}</td>
      </tr>`,
  );
  return html`<table id="breakdown" class="breakdown">
    <thead>
      <tr>
        ${header('key', DIMENSION_LABELS[table.by], false)} ${header('handoffs', 'Handoffs')}
        ${header('routed', 'Routed')} ${RATES.map((rate) => header(rate.column, rate.title))}
        ${header('created_to_routed_p50_s', 'Created → routed (median)')}
        ${header('routed_to_first_action_p50_s', 'Routed → first action (median)')}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
