import type { EvidenceQuery, SuggestQuery } from '../evidence/evidence-query';
import type { EvidenceReport, SuggestionReport } from '../evidence/evidence-service';
import { EVIDENCE_DIMENSIONS } from '../evidence/evidence-tables';
import { describeSuggestion } from '../evidence/suggest-playbook';
import { DIMENSION_TITLES, DISPLAY_COLUMNS, displayRow } from '../evidence/evidence-view';
import { html, type Html } from './html';

/**
 * The Evidence page: which rules, score bands, sources, offers and priorities predict
 * opportunities over a period, and a suggestion for a stated goal with its backtest and an apply
 * button (a new playbook version, CSRF-protected like the playbook editor).
 */
export interface EvidenceView {
  csrf: string;
  report: EvidenceReport;
  suggestion?: SuggestionReport;
}

const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const percent = (value: number) => `${Math.round(value * 100)}%`;

/** The query as URL parameters, so links and forms keep the period. */
export function queryParams(query: EvidenceQuery | SuggestQuery): Record<string, string> {
  return {
    from: day(query.from),
    to: day(query.to - 1),
    ...(query.version ? { version: query.version } : {}),
    min: String(query.minSample),
    ...('goal' in query
      ? { keep: String(query.goal.keepOpportunities), fewer: String(query.goal.fewerMqls) }
      : {}),
  };
}

function periodForm(query: EvidenceQuery): Html {
  return html`<form class="inline" method="get" action="/admin/evidence">
    <label>From <input type="date" name="from" value="${day(query.from)}" /></label>
    <label>To <input type="date" name="to" value="${day(query.to - 1)}" /></label>
    <label
      >Playbook version <input name="version" placeholder="all, or pb-…" value="${query.version ?? ''}"
    /></label>
    <label>Minimum MQLs a side <input name="min" size="4" value="${query.minSample}" /></label>
    <button type="submit">Show</button>
  </form>`;
}

function tables(report: EvidenceReport): Html[] {
  return EVIDENCE_DIMENSIONS.flatMap((dimension) => {
    const rows = report.rows.filter((row) => row.dimension === dimension);
    if (rows.length === 0) return [];
    const columns = DISPLAY_COLUMNS.filter(
      (column) => dimension === 'rule' || (column !== 'Points' && column !== 'Adjusted odds'),
    );
    return [
      html`<section class="card" id="evidence-${dimension}">
        <h2>${DIMENSION_TITLES[dimension]}</h2>
        <div class="table-wrap">
          <table class="breakdown">
            <thead>
              <tr>
                ${columns.map((column) => html`<th class="${column === 'Signal' ? '' : 'num'}">${column}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${rows.map((row) => {
                const shown = displayRow(row, report.rated);
                return html`<tr class="${row.enough ? '' : 'muted'}">
                  ${columns.map(
                    (column) =>
                      html`<td class="${column === 'Signal' ? 'group' : 'num'}">${shown[column]}</td>`,
                  )}
                </tr>`;
              })}
            </tbody>
          </table>
        </div>
      </section>`,
    ];
  });
}

function goalForm(view: EvidenceView): Html {
  const goal = view.suggestion?.query.goal ?? { keepOpportunities: 0.9, fewerMqls: 0.2 };
  const params = queryParams(view.report.query);
  return html`<form class="inline" method="get" action="/admin/evidence" id="goal-form">
    ${Object.entries(params).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
    <label
      >Keep at least (share of opportunities) <input name="keep" size="5" value="${goal.keepOpportunities}"
    /></label>
    <label>Send fewer MQLs by (share) <input name="fewer" size="5" value="${goal.fewerMqls}" /></label>
    <input type="hidden" name="suggest" value="1" />
    <button type="submit">Suggest points and thresholds</button>
  </form>`;
}

function suggestionSection(view: EvidenceView, report: SuggestionReport): Html {
  const { suggestion } = report;
  const { backtest } = suggestion;
  const counts = (c: { mqls: number; sqls: number; opportunities: number }) =>
    html`<td class="num">${c.mqls}</td>
      <td class="num">${c.sqls}</td>
      <td class="num">${c.opportunities}</td>`;
  const lost = {
    mqls: backtest.before.mqls - backtest.kept.mqls,
    sqls: backtest.before.sqls - backtest.kept.sqls,
    opportunities: backtest.before.opportunities - backtest.kept.opportunities,
  };
  const share = (part: number, whole: number) => (whole === 0 ? '–' : percent(part / whole));
  return html`<section class="card" id="suggestion">
    <h2>Suggestion</h2>
    <p class="${suggestion.goalMet ? 'ok' : 'error'}" id="goal-status">
      Goal: keep at least ${percent(suggestion.goal.keepOpportunities)} of the opportunities while sending
      ${percent(suggestion.goal.fewerMqls)} fewer MQLs —
      ${suggestion.goalMet ? 'met in the backtest' : 'not reachable with these rules; the closest thresholds are shown'}.
      Fitted on ${suggestion.trainedOn.mqls} MQLs (${suggestion.trainedOn.opportunities} opportunities).
    </p>
    <h3>Playbook diff</h3>
    <pre id="suggestion-diff">${describeSuggestion(suggestion, suggestion.playbook).join('\n')}</pre>
    <h3>Backtest over the period</h3>
    <table id="backtest">
      <thead>
        <tr>
          <th></th>
          <th class="num">MQLs</th>
          <th class="num">SQLs</th>
          <th class="num">Opportunities</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>Now</td>
          ${counts(backtest.before)}
        </tr>
        <tr>
          <td>Kept</td>
          ${counts(backtest.kept)}
        </tr>
        <tr>
          <td>Lost</td>
          ${counts(lost)}
        </tr>
        <tr>
          <td>New MQLs (no outcome yet)</td>
          <td class="num">${backtest.added}</td>
          <td></td>
          <td></td>
        </tr>
      </tbody>
    </table>
    <p>
      Opportunities kept: ${share(backtest.kept.opportunities, backtest.before.opportunities)}; MQLs sent:
      ${share(backtest.kept.mqls + backtest.added, backtest.before.mqls)} of today's.
    </p>
    <h3>By source</h3>
    <table>
      <thead>
        <tr>
          <th>Source</th>
          <th class="num">MQLs now</th>
          <th class="num">Kept</th>
          <th class="num">New</th>
          <th class="num">SQLs kept</th>
          <th class="num">Opportunities kept</th>
        </tr>
      </thead>
      <tbody>
        ${backtest.bySource.map(
          (row) =>
            html`<tr>
              <td>${row.source}</td>
              <td class="num">${row.before.mqls}</td>
              <td class="num">${row.kept.mqls}</td>
              <td class="num">${row.added}</td>
              <td class="num">${row.kept.sqls}/${row.before.sqls}</td>
              <td class="num">${row.kept.opportunities}/${row.before.opportunities}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h3>Leads that would change (${backtest.changes.length})</h3>
    <table id="changed-leads">
      <thead>
        <tr>
          <th>Contact</th>
          <th>Change</th>
          <th class="num">Fit</th>
          <th class="num">Intent</th>
          <th>Source</th>
          <th>Reached</th>
        </tr>
      </thead>
      <tbody>
        ${backtest.changes.slice(0, 200).map(
          (change) =>
            html`<tr>
              <td><a href="/admin/audit?q=${change.contactId}">${change.contactId}</a></td>
              <td>${change.before.mql ? 'no longer handed to sales' : 'newly handed to sales'}</td>
              <td class="num">${change.before.fit} → ${change.after.fit}</td>
              <td class="num">${change.before.intent} → ${change.after.intent}</td>
              <td>${change.source}</td>
              <td>${change.reached}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      suggestion.diff.same
        ? html`<p class="muted">Nothing to apply: the playbook already says this.</p>`
        : html`<form method="post" action="/admin/evidence/apply" id="apply-suggestion">
            <input type="hidden" name="_csrf" value="${view.csrf}" />
            ${Object.entries({ ...queryParams(report.query), base: String(report.baseVersion) }).map(
              ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`,
            )}
            <p class="muted">
              Applying saves a new playbook version with these points and thresholds (undo it from the
              Playbook page). Try it live first with the Playbook page's dry run if you like.
            </p>
            <button class="primary" type="submit">Apply as a new playbook version</button>
          </form>`
    }
  </section>`;
}

export function evidenceBody(view: EvidenceView): Html {
  const { report } = view;
  const params = new URLSearchParams(queryParams(report.query)).toString();
  return html`<h1>Evidence</h1>
    <section class="card">
      ${periodForm(report.query)}
      <p id="evidence-summary">
        ${report.leads} decided leads, ${report.mqls} MQLs from ${day(report.query.from)} to
        ${day(report.query.to - 1)}. Opp/MQL is the share of MQLs that became opportunities; lift is that rate
        with the signal ÷ without it; adjusted odds hold the other rules equal. Below
        ${report.query.minSample} MQLs a side a row says "too few (n=…)".
        <span class="links"
          ><a href="/admin/api/evidence?${params}">JSON</a> ·
          <a href="/admin/api/evidence.csv?${params}">CSV</a></span
        >
      </p>
      ${report.truncated ? html`<p class="error">The period holds more decisions than one report reads: narrow it.</p>` : ''}
    </section>
    <section class="card">${goalForm(view)}</section>
    ${view.suggestion ? suggestionSection(view, view.suggestion) : ''} ${tables(report)}`;
}
