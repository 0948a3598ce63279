import { DIMENSIONS, isoDay, isoWeekStart, type Dimension } from '../reporting/handoff-facts';
import type { Cell, ReportTable } from '../reporting/metric-tables';
import { breakdownTable, DIMENSION_LABELS } from './breakdown-table';
import { DEFAULT_TOP, type DashboardOptions } from './dashboard-options';
import { count, duration, percent, rateWithCounts } from './format';
import { html, type Html } from './html';
import { funnelSection, type FunnelView } from './funnel-section';
import { barChart, trendChart } from './svg-charts';
import { accountabilitySection, type AccountabilityView } from './accountability-section';
import { ratingSection, type RatingView } from './rating-section';

export interface DashboardView {
  from: number;
  to: number;
  by: Dimension;
  /** What runs now: the playbook's name and version. */
  playbook: string;
  options: DashboardOptions;
  period: 'day' | 'week';
  /** Groups folded into the breakdown's "Other" row. */
  folded: number;
  truncated: boolean;
  overall: ReportTable;
  trend: ReportTable;
  breakdown: ReportTable;
  reasons: ReportTable;
  completeness: ReportTable;
  /** The lead funnel section (its own file); absent where no funnel was loaded. */
  funnel?: FunnelView;
  /** CONTRACT §6's check; absent where a caller builds a view without it. */
  accountability?: AccountabilityView;
  /** Sales' lead-quality ratings; absent where a caller builds a view without them. */
  ratings?: RatingView;
}

/**
 * The page in the order a RevOps lead reads it on a Monday: the headline figures, the trend, the
 * breakdown, then why leads were turned away and what marketing did not capture. Each section is
 * its own function; a new one (the lifecycle funnel) slots in after the trend.
 */
export function dashboardBody(view: DashboardView): Html {
  const toDay = isoDay(view.to - 1);
  const link = linkTo(view);
  const query = `from=${isoDay(view.from)}&to=${toDay}`;
  return html`<h1>Handoff quality</h1>
    ${filters(view, toDay)}
    ${view.truncated ? html`<p class="error">The period has more handoffs than one report reads; narrow it.</p>` : ''}
    <p class="muted" id="period-line">
      ${isoDay(view.from)} to ${toDay} (UTC) · playbook: <span id="playbook-name">${view.playbook}</span>
    </p>
    ${tiles(view.overall.rows[0] ?? { handoffs: 0, routed: 0 })}
    ${view.accountability ? accountabilitySection(view.accountability) : ''}
    <section class="card" id="trend-section">
      <h2>Trend per ${view.period} ${csvLinks(query, 'handoffs', view.period)}</h2>
      <p class="muted">
        Per <a href="${link({ period: 'day' })}">day</a> · <a href="${link({ period: 'week' })}">week</a>
      </p>
      ${trendChart(trendPoints(view), {
        title: `Handoffs and acceptance rate per ${view.period}`,
        rateLabel: 'acceptance rate',
        period: view.period,
      })}
    </section>
    ${view.funnel ? funnelSection(view.funnel, query) : ''}
    <section class="card" id="breakdown-section">
      <h2>By ${DIMENSION_LABELS[view.by].toLowerCase()} ${csvLinks(query, 'handoffs', view.by)}</h2>
      ${topLine(view, link)}
      <div class="table-wrap">
        ${breakdownTable(view.breakdown, { ...view.options, folded: view.folded, link })}
      </div>
    </section>
    ${view.ratings ? ratingSection(view.ratings, query) : ''}
    <div class="two-columns">
      <section class="card" id="reasons-section">
        <h2>Disqualification reasons ${csvLinks(query, 'reasons', 'all')}</h2>
        ${reasons(view.reasons)}
      </section>
      <section class="card" id="completeness-section">
        <h2>CRM completeness at handoff ${csvLinks(query, 'completeness', 'all')}</h2>
        ${completenessBars(view.completeness)}
      </section>
    </div>`;
}

function filters(view: DashboardView, toDay: string): Html {
  return html`<form class="inline" method="get" action="/admin">
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
  </form>`;
}

/** A link to this dashboard with some parameters changed. */
function linkTo(view: DashboardView): (params: Record<string, string>) => string {
  return (params) => {
    const { options } = view;
    const all: Record<string, string> = {
      from: isoDay(view.from),
      to: isoDay(view.to - 1),
      by: view.by,
      sort: options.sort,
      dir: options.dir,
      top: options.top === null ? 'all' : String(options.top),
      period: options.period,
      ...params,
    };
    return `/admin?${new URLSearchParams(all).toString()}`;
  };
}

function topLine(view: DashboardView, link: (params: Record<string, string>) => string): Html {
  if (view.folded > 0) {
    return html`<p class="muted" id="top-line">
      The ${view.options.top} biggest groups; ${view.folded} smaller ones are added up in “Other”.
      <a href="${link({ top: 'all' })}">Show all ${view.options.top! + view.folded}</a>
    </p>`;
  }
  return view.options.top === null
    ? html`<p class="muted" id="top-line">
        Every group.
        <a href="${link({ top: String(DEFAULT_TOP) })}">Show the top ${DEFAULT_TOP} and “Other”</a>
      </p>`
    : html``;
}

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
      `p95 ${duration(row[`${prefix}_p95_s`] ?? null)} · n=${count(row[`${prefix}_n`] ?? 0)}`,
    );
  const rateTile = (metric: string, label: string, part: string, whole: string) =>
    tile(
      metric,
      label,
      percent(row[metric] ?? null),
      row[metric] ?? null,
      `${count(row[part] ?? 0)} of ${count(row[whole] ?? 0)}`,
    );
  return html`<div class="tiles">
    ${tile('handoffs', 'Handoffs', count(row.handoffs ?? 0), row.handoffs ?? 0, `${count(row.routed ?? 0)} routed to a person`)}
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

/** Every period of the window, empty ones included: a gap in the axis would hide a quiet day. */
function trendPoints(view: DashboardView) {
  const byKey = new Map(view.trend.rows.map((row) => [String(row.key), row]));
  const points = [];
  const start = view.period === 'week' ? Date.parse(`${isoWeekStart(view.from)}T00:00:00Z`) : view.from;
  const stepMs = (view.period === 'week' ? 7 : 1) * 86_400_000;
  for (let at = start; at < view.to; at += stepMs) {
    const key = isoDay(at);
    const row = byKey.get(key);
    points.push({
      label: key,
      count: Number(row?.handoffs ?? 0),
      rate: typeof row?.acceptance_rate === 'number' ? row.acceptance_rate : null,
    });
  }
  return points;
}

function reasons(table: ReportTable): Html {
  if (table.rows.length === 0) return html`<p class="muted">No disqualifications in this period.</p>`;
  return barChart(
    table.rows.map((row) => ({
      label: `${String(row.reason_label ?? String(row.reason).replace(/_/g, ' '))} · by ${row.decided_by === 'playbook' ? 'playbook' : 'rep'}`,
      value: Number(row.count ?? 0),
      text: `${count(row.count ?? 0)} · ${percent(row.share ?? null)}`,
    })),
    { title: 'Disqualification reason mix' },
  );
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
  return html`<span class="muted links">
    <a href="/admin/api/metrics?${params}">JSON</a> · <a href="/admin/api/metrics.csv?${params}">CSV</a></span
  >`;
}
