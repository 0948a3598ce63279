import { ruleName } from '../handoff/rule-names';
import type { StoredDecision, StoredOutcomeEvent } from '../store/store';
import { ownerLabel, reasonLabel, type DisplayNames } from './display-names';
import { dateTime, decimal, statusLabel } from './format';
import { html, type Html } from './html';

export interface AuditResult {
  decision: StoredDecision;
  outcomes: StoredOutcomeEvent[];
  /** The portal's saved playbook version in force when it was decided; null: the file or built-in one. */
  playbookVersion: number | null;
}

export interface AuditView {
  query: string;
  names: DisplayNames;
  /** Null when nothing was searched: the page then lists `recent`. */
  results: AuditResult[] | null;
  recent: StoredDecision[];
}

interface RecordView {
  playbook?: string;
  inputs?: Record<string, unknown>;
  checks?: Array<{ step: number; rule: string; applied: boolean; detail: string }>;
  fit?: { score: number; lines: Array<{ rule: string; points: number; reason: string }> };
  intent?: { score: number; lines: Array<{ rule: string; points: number; reason: string }> };
  account?: {
    candidates?: Array<{ companyId: string; name: string; confidence: number; strength: string }>;
    chosenCompanyId?: string;
  };
  routing?: {
    steps?: Array<{ step: string; outcome: string; detail: string }>;
    poolId?: string;
    ownerId?: string;
  };
}

function list<T>(items: readonly T[] | undefined, each: (item: T) => Html): Html {
  return items && items.length > 0
    ? html`<ul>
        ${items.map((item) => html`<li>${each(item)}</li>`)}
      </ul>`
    : html`<p class="muted">none</p>`;
}

function scoreLines(title: string, score: RecordView['fit']): Html {
  if (!score) return html``;
  return html`<h3>${title}: ${score.score}</h3>
    ${list(score.lines, (line) => html`<code>${line.points >= 0 ? '+' : ''}${line.points}</code> ${line.rule}: ${line.reason}`)}`;
}

function decisionSection(result: AuditResult, names: DisplayNames): Html {
  const { decision } = result;
  const record = (decision.record ?? {}) as RecordView;
  const inputs = Object.entries(record.inputs ?? {}).filter(([, value]) => value !== undefined);
  return html`<section class="card decision" data-decision-id="${decision.id}">
    <h2>
      Contact ${decision.contactId}, round ${decision.round}:
      ${statusLabel(decision.status)}${decision.priority ? ` (${decision.priority} priority)` : ''}
    </h2>
    <p class="reason"><strong>Why:</strong> ${decision.reason}</p>
    <table>
      <tr>
        <th>Decided</th>
        <td>
          ${dateTime(decision.decidedAt)} with playbook “${record.playbook ?? '?'}”,
          ${
            result.playbookVersion === null
              ? 'no saved version (HANDOFF_CONFIG or the built-in one)'
              : html`<a href="/admin/playbook?version=${result.playbookVersion}"
                  >version ${result.playbookVersion}</a
                >`
          }
        </td>
      </tr>
      <tr>
        <th>Owner</th>
        <td>
          <span class="owner">${ownerLabel(names, decision.ownerId)}</span
          >${record.routing?.poolId ? ` (pool ${record.routing.poolId})` : ''}
        </td>
      </tr>
      <tr>
        <th>Match</th>
        <td>
          ${decision.match}${decision.companyId ? `, company ${decision.companyId}` : ''}${decision.dealId ? `, deal ${decision.dealId}` : ''};
          <span class="index-version"
            >${
              (decision.indexVersion ?? null) === null
                ? 'searched HubSpot (CRM index not ready)'
                : `CRM index version ${decision.indexVersion}`
            }</span
          >
        </td>
      </tr>
      <tr>
        <th>Written to HubSpot</th>
        <td>${dateTime(decision.writtenAt)}</td>
      </tr>
      <tr>
        <th>SLA</th>
        <td>
          ${decision.slaStatus ?? 'none'}, due ${dateTime(decision.slaDueAt)}, first action
          ${dateTime(decision.firstActionAt)}
        </td>
      </tr>
    </table>
    <h3>Inputs seen</h3>
    <table>
      ${inputs.map(
        ([name, value]) =>
          html`<tr>
            <th>${name}</th>
            <td>${Array.isArray(value) ? value.join(', ') : String(value)}</td>
          </tr>`,
      )}
    </table>
    <h3>Rules checked, in order</h3>
    ${list(record.checks, (check) => html`${check.applied ? '✔' : '✗'} ${check.step}. ${ruleName(check.rule)}: ${check.detail}`)}
    ${scoreLines('Fit', record.fit)} ${scoreLines('Intent', record.intent)}
    <h3>Account candidates</h3>
    ${list(record.account?.candidates, (c) => html`${c.name} (company ${c.companyId}), ${c.strength}, confidence ${decimal(c.confidence)}${c.companyId === record.account?.chosenCompanyId ? ' ← chosen' : ''}`)}
    <h3>Routing</h3>
    ${list(record.routing?.steps, (step) => html`${step.step}: ${step.outcome}, ${step.detail}`)}
    <h3>Outcomes</h3>
    ${list(result.outcomes, (o) => html`${dateTime(o.occurredAt)} ${statusLabel(o.outcome)}${o.reasonId ? ` (${reasonLabel(names, o.reasonId)})` : ''} by ${o.actor} via ${o.source}${o.note ? `: “${o.note}”` : ''}`)}
    <details>
      <summary>Properties written and the full record (JSON)</summary>
      <pre>${JSON.stringify({ properties: decision.properties, record: decision.record }, null, 2)}</pre>
    </details>
  </section>`;
}

function recentList(recent: readonly StoredDecision[], names: DisplayNames): Html {
  if (recent.length === 0) return html`<p class="muted">No handoff decisions in this portal yet.</p>`;
  return html`<section class="card">
    <h2>Latest decisions</h2>
    <table id="recent-decisions">
      <thead>
        <tr>
          <th>Decided</th>
          <th>Contact</th>
          <th>Status</th>
          <th>Owner</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        ${recent.map(
          (decision) =>
            html`<tr data-contact-id="${decision.contactId}">
              <td class="nowrap">${dateTime(decision.decidedAt)}</td>
              <td><a href="/admin/audit?q=${decision.contactId}">${decision.contactId}</a></td>
              <td class="nowrap">${statusLabel(decision.status)}</td>
              <td class="owner">${ownerLabel(names, decision.ownerId)}</td>
              <td class="why">${decision.reason}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

export function auditBody(view: AuditView): Html {
  const { query, results, names } = view;
  return html`<h1>Audit: why was this routed here?</h1>
    <form class="inline" method="get" action="/admin/audit">
      <label>Email or HubSpot contact id <input type="search" name="q" value="${query}" size="40" /></label>
      <button type="submit" class="primary">Search</button>
    </form>
    ${
      results === null
        ? recentList(view.recent, names)
        : results.length === 0
          ? html`<p class="muted" id="no-results">No handoff decision for “${query}” in this portal.</p>`
          : results.map((result) => decisionSection(result, names))
    }`;
}
