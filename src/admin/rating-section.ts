import { RATING_SCALE_TEXT } from '../handoff/lead-rating';
import type { Cell } from '../reporting/metric-tables';
import {
  distributionTable,
  ratingTable,
  type RatedHandoff,
  type RatingDimension,
  type RatingTable,
} from '../reporting/rating-report';
import { count, percent, rateWithCounts } from './format';
import { html, type Html } from './html';
import { barChart } from './svg-charts';

/**
 * Sales' lead-quality ratings on the dashboard (issue 11): the period's average and how many
 * handoffs were rated, the spread over the 1–5 scale, and the same by source, offer and campaign,
 * so marketing sees which channels send leads sales rate well.
 */

export interface RatingView {
  overall: RatingTable;
  distribution: RatingTable;
  by: Record<Exclude<RatingDimension, 'all'>, RatingTable>;
}

const BY: Array<[Exclude<RatingDimension, 'all'>, string]> = [
  ['source', 'Source'],
  ['offer', 'Offer'],
  ['campaign', 'Campaign'],
];
/** Groups shown per table; the JSON and CSV have every one. */
const SHOWN = 8;

export function ratingView(handoffs: readonly RatedHandoff[]): RatingView {
  return {
    overall: ratingTable(handoffs, 'all'),
    distribution: distributionTable(handoffs),
    by: {
      source: ratingTable(handoffs, 'source'),
      offer: ratingTable(handoffs, 'offer'),
      campaign: ratingTable(handoffs, 'campaign'),
    },
  };
}

export function ratingSection(view: RatingView, query: string): Html {
  const overall = view.overall.rows[0] ?? { rated: 0, routed: 0, average_rating: null };
  return html`<section class="card" id="rating-section">
    <h2>Lead quality rated by sales ${links(query, 'ratings', 'source')}</h2>
    <p
      id="rating-line"
      data-average="${overall.average_rating === null ? '' : String(overall.average_rating)}"
      data-rated="${String(overall.rated ?? 0)}"
    >
      Average <strong>${oneDecimal(overall.average_rating ?? null)}</strong> on ${RATING_SCALE_TEXT} ·
      ${rateWithCounts(overall.rated_rate ?? null, overall.rated ?? 0, overall.routed ?? 0)} of the handoffs
      routed to a person rated
    </p>
    ${
      Number(overall.rated ?? 0) === 0
        ? html`<p class="muted">No ratings for this period's handoffs yet.</p>`
        : html`${barChart(
              view.distribution.rows.map((row) => ({
                label: `Rated ${String(row.rating)}`,
                value: Number(row.count ?? 0),
                text: `${count(row.count ?? 0)} · ${percent(row.share ?? null)}`,
              })),
              { title: 'How sales rated the period’s leads' },
            )}
            <p class="muted">${links(query, 'distribution', 'all')}</p>
            <div class="two-columns">${BY.map(([by, label]) => groupTable(view.by[by], label, query))}</div>`
    }
  </section>`;
}

function groupTable(table: RatingTable, label: string, query: string): Html {
  const rows = table.rows.filter((row) => Number(row.rated ?? 0) > 0).slice(0, SHOWN);
  return html`<div class="table-wrap" data-by="${table.by}">
    <h3>By ${label.toLowerCase()} ${links(query, 'ratings', table.by)}</h3>
    <table class="breakdown">
      <thead>
        <tr>
          <th>${label}</th>
          <th class="num">Average</th>
          <th class="num">Rated</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr data-key="${String(row.key)}">
              <td>${String(row.key)}</td>
              <td class="num" data-col="average_rating">${oneDecimal(row.average_rating ?? null)}</td>
              <td class="num" data-col="rated">
                ${count(row.rated ?? 0)} <span class="counts">of ${count(row.routed ?? 0)}</span>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function oneDecimal(value: Cell): string {
  return typeof value === 'number' ? value.toFixed(1) : '–';
}

function links(query: string, table: string, by: RatingDimension): Html {
  const params = `${query}&table=${table}&by=${by}`;
  return html`<span class="muted links">
    <a href="/admin/api/ratings?${params}">JSON</a> · <a href="/admin/api/ratings.csv?${params}">CSV</a></span
  >`;
}
