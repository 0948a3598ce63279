import type { FunnelDimension } from '../reporting/funnel-facts';
import { COHORT_WEEKS, type FunnelTable } from '../reporting/funnel-tables';
import type { Cell } from '../reporting/metric-tables';
import { duration, percent, rateWithCounts } from './format';
import { funnelChart } from './funnel-chart';
import { html, type Html } from './html';

/** What the dashboard's funnel section shows for the period. */
export interface FunnelView {
  overall: FunnelTable;
  breakdown: FunnelTable;
  cohort: FunnelTable;
  stalled: FunnelTable;
}

const STAGE_LABELS = { mql: 'MQL', sal: 'SAL', sql: 'SQL', opportunity: 'Opportunity' } as const;
/** Each step after MQL: its stage, its rate column and the stage the rate divides by. */
const STEPS = [
  ['sal', 'sal_rate', 'mql'],
  ['sql', 'sql_rate', 'sal'],
  ['opportunity', 'opportunity_rate', 'sql'],
] as const;

const BY_LABELS: Record<FunnelDimension, string> = {
  all: 'All',
  source: 'Source',
  campaign: 'Campaign',
  offer: 'Offer',
  owner: 'Owner',
  team: 'Team',
  week: 'MQL week',
  month: 'MQL month',
  playbook_version: 'Playbook version',
};

const num = (value: Cell | undefined) => (typeof value === 'number' ? value : 0);

function links(query: string, table: string, by: FunnelDimension): Html {
  const params = `${query}&table=${table}&by=${by}`;
  return html`<span class="muted">
    <a href="/admin/api/funnel?${params}">JSON</a> · <a href="/admin/api/funnel.csv?${params}">CSV</a></span
  >`;
}

function stageTimes(row: Record<string, Cell>, stage: 'mql' | 'sal' | 'sql'): Html {
  return html`${duration(row[`${stage}_time_p50_s`] ?? null)} /
    ${duration(row[`${stage}_time_p95_s`] ?? null)}
    <span class="muted">n=${String(row[`${stage}_time_n`] ?? 0)}</span>`;
}

function breakdownTable(table: FunnelTable): Html {
  const rows = table.rows.map(
    (row) =>
      html`<tr data-key="${String(row.key)}">
        <td>${String(row.key)}</td>
        <td class="num" data-col="mql">${String(row.mql)}</td>
        ${STEPS.map(
          ([stage, rate, before]) =>
            html`<td class="num" data-col="${rate}">
              ${rateWithCounts(row[rate] ?? null, row[stage] ?? 0, row[before] ?? 0)}
            </td>`,
        )}
        <td class="num">${stageTimes(row, 'mql')}</td>
        <td class="num">${stageTimes(row, 'sal')}</td>
        <td class="num">${stageTimes(row, 'sql')}</td>
      </tr>`,
  );
  return html`<table id="funnel-breakdown">
    <thead>
      <tr>
        <th>${BY_LABELS[table.by]}</th>
        <th class="num">MQL</th>
        <th class="num">→ SAL</th>
        <th class="num">→ SQL</th>
        <th class="num">→ Opportunity</th>
        <th class="num">In MQL p50 / p95</th>
        <th class="num">In SAL p50 / p95</th>
        <th class="num">In SQL p50 / p95</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function cohortTable(table: FunnelTable): Html {
  const rows = table.rows.map(
    (row) =>
      html`<tr data-key="${String(row.key)}">
        <td>${String(row.key)}</td>
        <td class="num">${String(row.age_days)} d</td>
        <td class="num">${String(row.mql)}</td>
        <td class="num">${rateWithCounts(row.sal_rate ?? null, row.sal ?? 0, row.mql ?? 0)}</td>
        ${COHORT_WEEKS.map((weeks) => html`<td class="num">${percent(row[`sql_within_${weeks}w_rate`] ?? null)}</td>`)}
        ${COHORT_WEEKS.map(
          (weeks) => html`<td class="num">${percent(row[`opportunity_within_${weeks}w_rate`] ?? null)}</td>`,
        )}
      </tr>`,
  );
  return html`<table id="funnel-cohorts">
    <thead>
      <tr>
        <th>MQL week</th>
        <th class="num">Age</th>
        <th class="num">MQL</th>
        <th class="num">→ SAL</th>
        ${COHORT_WEEKS.map((weeks) => html`<th class="num">SQL ≤ ${String(weeks)} w</th>`)}
        ${COHORT_WEEKS.map((weeks) => html`<th class="num">Opp. ≤ ${String(weeks)} w</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function stalledList(table: FunnelTable): Html {
  if (table.rows.length === 0)
    return html`<p class="muted">Nobody to chase: no lead is overdue or stalled.</p>`;
  const rows = table.rows.map(
    (row) =>
      html`<tr data-contact="${String(row.contact_id)}">
        <td><a href="/admin/audit?q=${String(row.contact_id)}">${String(row.contact_id)}</a></td>
        <td>${String(row.owner)}</td>
        <td>${STAGE_LABELS[row.stage as keyof typeof STAGE_LABELS] ?? String(row.stage)}</td>
        <td class="num">${duration(row.waiting_s ?? null)}</td>
        <td>${row.reason === 'sla_breach' ? 'SLA breached' : 'Stalled in stage'}</td>
        <td>${String(row.source)}</td>
      </tr>`,
  );
  return html`<table id="funnel-stalled">
    <thead>
      <tr>
        <th>Contact</th>
        <th>Owner</th>
        <th>Stage</th>
        <th class="num">Waiting</th>
        <th>Why</th>
        <th>Source</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

/** The dashboard's "Lead funnel" section: chart, breakdown, cohorts and who to chase. */
export function funnelSection(view: FunnelView, query: string): Html {
  const overall = view.overall.rows[0] ?? {};
  const steps = [
    { stage: 'mql', label: STAGE_LABELS.mql, count: num(overall.mql), rate: null },
    ...STEPS.map(([stage, rate]) => ({
      stage,
      label: STAGE_LABELS[stage],
      count: num(overall[stage]),
      rate: typeof overall[rate] === 'number' ? (overall[rate] as number) : null,
    })),
  ];
  return html`<section class="card" id="funnel">
      <h2>Lead funnel: MQL → SAL → SQL → opportunity ${links(query, 'funnel', 'all')}</h2>
      ${
        num(overall.mql) === 0
          ? html`<p class="muted">No lead reached sales (MQL) in this period.</p>`
          : funnelChart(steps, {
              title: 'Lead funnel: MQL, SAL, SQL and opportunity, with conversion per step',
            })
      }
    </section>
    <section class="card">
      <h2>
        Funnel by ${BY_LABELS[view.breakdown.by].toLowerCase()} ${links(query, 'funnel', view.breakdown.by)}
      </h2>
      ${breakdownTable(view.breakdown)}
    </section>
    <section class="card">
      <h2>Cohorts by MQL week ${links(query, 'cohort', 'week')}</h2>
      ${cohortTable(view.cohort)}
    </section>
    <section class="card">
      <h2>Who to chase: SLA breached or stalled in stage ${links(query, 'stalled', 'all')}</h2>
      ${stalledList(view.stalled)}
    </section>`;
}
