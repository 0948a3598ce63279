import { DIMENSIONS, isoDay, type Dimension } from '../reporting/handoff-facts';
import type { Cell, ReportTable } from '../reporting/metric-tables';
import { duration, percent, rateWithCounts } from './format';
import { html, type Html } from './html';
import { funnelSection, type FunnelView } from './funnel-section';
import { barChart, trendChart } from './svg-charts';

export interface DashboardView {
  from: number;
  to: number;
  by: Dimension;
  truncated: boolean;
  overall: ReportTable;
  trend: ReportTable;
  breakdown: ReportTable;
  reasons: ReportTable;
  completeness: ReportTable;
  /** The lead funnel section (its own file); absent where no funnel was loaded. */
  funnel?: FunnelView;
}

const DIMENSION_LABELS: Record<Dimension, string> = {
  all: 'All handoffs',
  source: 'Source',
  entry_point: 'Entry point',
  offer: 'Offer',
  owner: 'Owner',
  team: 'Team',
  status: 'Status',
  day: 'Day',
  week: 'Week',
};

/** A figure the browser test reads back: the shown text plus the raw value in `data-value`. */
function tile(metric: string, label: string, value: string, raw: Cell, sub: string): Html {
  return html`<div class="tile" data-metric="${metric}" data-value="${raw === null ? '' : String(raw)}">
    <div class="label">${label}</div>
    <div class="value">${value}</div>
    <div class="sub">${sub}</div>
  </div>`;
}

function tiles(row: Record<string, Cell>): Html {
  const speed = (prefix: string, label: string) =>
    tile(
      `${prefix}_p50_s`,
      label,
      `${duration(row[`${prefix}_p50_s`] ?? null)} median`,
      row[`${prefix}_p50_s`] ?? null,
      `p95 ${duration(row[`${prefix}_p95_s`] ?? null)} · n=${row[`${prefix}_n`] ?? 0}`,
    );
  const rateTile = (metric: string, label: string, part: string, whole: string) =>
    tile(
      metric,
      label,
      percent(row[metric] ?? null),
      row[metric] ?? null,
      `${row[part] ?? 0} of ${row[whole] ?? 0}`,
    );
  return html`<div class="tiles">
    ${tile('handoffs', 'Handoffs', String(row.handoffs ?? 0), row.handoffs ?? 0, `${row.routed ?? 0} routed to a person`)}
    ${rateTile('acceptance_rate', 'Lead acceptance', 'accepted', 'routed')}
    ${rateTile('qualification_rate', 'Qualification', 'qualified', 'routed')}
    ${rateTile('opportunity_rate', 'Source to opportunity', 'opportunities', 'handoffs')}
    ${rateTile('no_response_rate', 'No response', 'no_response', 'routed')}
    ${rateTile('disqualification_rate', 'Disqualified', 'disqualified', 'handoffs')}
    ${speed('created_to_routed', 'Speed to assignment (created → routed)')}
    ${speed('received_to_routed', 'Webhook received → routed')}
    ${speed('routed_to_first_action', 'Speed to first action')}
  </div>`;
}

function breakdownTable(table: ReportTable): Html {
  const rows = table.rows.map(
    (row) =>
      html`<tr data-key="${String(row.key)}">
        <td>${String(row.key)}</td>
        <td class="num" data-col="handoffs">${String(row.handoffs)}</td>
        <td class="num" data-col="routed">${String(row.routed)}</td>
        <td class="num" data-col="acceptance_rate">
          ${rateWithCounts(row.acceptance_rate ?? null, row.accepted ?? 0, row.routed ?? 0)}
        </td>
        <td class="num" data-col="qualification_rate">
          ${rateWithCounts(row.qualification_rate ?? null, row.qualified ?? 0, row.routed ?? 0)}
        </td>
        <td class="num" data-col="opportunity_rate">
          ${rateWithCounts(row.opportunity_rate ?? null, row.opportunities ?? 0, row.handoffs ?? 0)}
        </td>
        <td class="num" data-col="no_response_rate">
          ${rateWithCounts(row.no_response_rate ?? null, row.no_response ?? 0, row.routed ?? 0)}
        </td>
        <td class="num">
          ${duration(row.created_to_routed_p50_s ?? null)} / ${duration(row.created_to_routed_p95_s ?? null)}
        </td>
        <td class="num">
          ${duration(row.routed_to_first_action_p50_s ?? null)} /
          ${duration(row.routed_to_first_action_p95_s ?? null)}
          <span class="muted">n=${String(row.routed_to_first_action_n ?? 0)}</span>
        </td>
      </tr>`,
  );
  return html`<table id="breakdown">
    <thead>
      <tr>
        <th>${DIMENSION_LABELS[table.by]}</th>
        <th class="num">Handoffs</th>
        <th class="num">Routed</th>
        <th class="num">Accepted</th>
        <th class="num">Qualified</th>
        <th class="num">Opportunity</th>
        <th class="num">No response</th>
        <th class="num">Created → routed p50 / p95</th>
        <th class="num">Routed → first action p50 / p95</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function completenessBars(table: ReportTable): Html {
  const row = table.rows[0];
  if (!row) return html`<p class="muted">No handoffs in this period.</p>`;
  const fields = table.columns.filter((column) => column.endsWith('_rate'));
  return barChart(
    fields.map((field) => {
      const name = field.replace(/_rate$/, '');
      return {
        label: name.replace(/_/g, ' '),
        value: Number(row[field] ?? 0),
        text: rateWithCounts(row[field] ?? null, row[`${name}_present`] ?? 0, row.handoffs ?? 0),
      };
    }),
    { title: 'Context fields present at handoff' },
  );
}

function csvLinks(query: string, table: string, by: Dimension): Html {
  const params = `${query}&table=${table}&by=${by}`;
  return html`<span class="muted">
    <a href="/admin/api/metrics?${params}">JSON</a> · <a href="/admin/api/metrics.csv?${params}">CSV</a></span
  >`;
}

export function dashboardBody(view: DashboardView): Html {
  const toDay = isoDay(view.to - 1);
  const query = `from=${isoDay(view.from)}&to=${toDay}`;
  const overall = view.overall.rows[0] ?? { handoffs: 0, routed: 0 };
  const trendPoints = view.trend.rows.map((row) => ({
    label: String(row.key),
    count: Number(row.handoffs ?? 0),
    rate: typeof row.acceptance_rate === 'number' ? row.acceptance_rate : null,
  }));
  const reasonBars = view.reasons.rows.map((row) => ({
    label: `${String(row.reason)}${row.decided_by === 'playbook' ? ' (playbook)' : ''}`,
    value: Number(row.count ?? 0),
    text: `${String(row.count)} · ${percent(row.share ?? null)}`,
  }));
  return html`<h1>Handoff quality</h1>
    <form class="inline" method="get" action="/admin">
      <label>From (UTC) <input type="date" name="from" value="${isoDay(view.from)}" /></label>
      <label>To (UTC) <input type="date" name="to" value="${toDay}" /></label>
      <label
        >Break down by
        <select name="by">
          ${DIMENSIONS.filter((d) => d !== 'all').map(
            (d) =>
              html`<option value="${d}" ${d === view.by ? 'selected' : ''}>${DIMENSION_LABELS[d]}</option>`,
          )}
        </select>
      </label>
      <button type="submit" class="primary">Show</button>
    </form>
    ${view.truncated ? html`<p class="error">The period has more handoffs than one report reads; narrow it.</p>` : ''}
    <h2>${isoDay(view.from)} to ${toDay}</h2>
    ${tiles(overall)}
    <section class="card">
      <h2>Trend per ${view.trend.by} ${csvLinks(query, 'handoffs', view.trend.by)}</h2>
      ${trendChart(trendPoints, { title: 'Handoffs and acceptance rate per period', rateLabel: 'acceptance rate' })}
    </section>
    <section class="card">
      <h2>By ${DIMENSION_LABELS[view.by].toLowerCase()} ${csvLinks(query, 'handoffs', view.by)}</h2>
      ${breakdownTable(view.breakdown)}
    </section>
    <section class="card">
      <h2>Disqualification reasons ${csvLinks(query, 'reasons', view.by)}</h2>
      ${reasonBars.length > 0 ? barChart(reasonBars, { title: 'Disqualification reason mix' }) : html`<p class="muted">No disqualifications in this period.</p>`}
    </section>
    <section class="card">
      <h2>CRM completeness at handoff ${csvLinks(query, 'completeness', view.by)}</h2>
      ${completenessBars(view.completeness)}
    </section>
    ${view.funnel ? funnelSection(view.funnel, query) : ''}`;
}
