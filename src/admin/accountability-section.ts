import {
  ACCOUNTABILITY_GAPS,
  GAP_AGES,
  type AccountabilityGap,
  type GapAge,
  type RoutingFallback,
} from '../handoff';
import type { StoredDecision } from '../store/store';
import { ownerLabel, type DisplayNames } from './display-names';
import { count, dateTime, statusLabel } from './format';
import { html, type Html } from './html';

/**
 * CONTRACT §6 on the dashboard: leads handed to sales that nobody is accountable for (no owner,
 * due time, task, or a first action past due), which should read zero, and the recent leads a
 * full or empty pool sent to a fallback, which RevOps fixes by staffing the pool.
 */

export interface AccountabilityView {
  now: number;
  counts: Record<AccountabilityGap, Record<GapAge, number>>;
  leads: Array<{ decision: StoredDecision; gaps: AccountabilityGap[]; age: GapAge }>;
  /** The list stops at this many leads; the counts cover only those listed. */
  limit: number;
  fallbacks: Array<{ decision: StoredDecision; fallback: RoutingFallback }>;
  names: DisplayNames;
}

export const GAP_LABELS: Record<AccountabilityGap, string> = {
  owner: 'no owner',
  due_time: 'no due time',
  task: 'no task',
  first_action: 'first action past due',
};

const AGE_LABELS: Record<GapAge, string> = {
  under_1h: 'under 1 hour',
  '1h_to_1d': '1 hour to 1 day',
  over_1d: 'over 1 day',
};

/** The dashboard lists this many of each; the counts cover them all and the JSON has every one. */
const SHOWN = 10;

function moreLine(shown: number, total: number): Html {
  return total > shown
    ? html`<p class="muted">
        The ${shown} oldest of ${count(total)}; every one is in the
        <a href="/admin/api/accountability">JSON</a>.
      </p>`
    : html``;
}

export function accountabilitySection(view: AccountabilityView): Html {
  const total = view.leads.length;
  return html`<section class="card" id="accountability-section">
    <h2>
      Handed to sales without owner, due time, task or first action
      <a href="/admin/api/accountability">JSON</a>
    </h2>
    <p id="accountability-total">
      ${total === 0 ? 'None: every lead handed to sales has someone accountable.' : `${count(total)}${total >= view.limit ? '+' : ''} leads need someone accountable.`}
    </p>
    ${total === 0 ? '' : countsTable(view)} ${total === 0 ? '' : leadsTable(view)}
    <h3>Pool fallbacks</h3>
    ${view.fallbacks.length === 0 ? html`<p class="muted" id="fallbacks-none">No lead went to a fallback owner or pool recently.</p>` : fallbacksTable(view)}
  </section>`;
}

function countsTable(view: AccountabilityView): Html {
  return html`<table id="accountability-counts">
    <thead>
      <tr>
        <th>Missing</th>
        ${GAP_AGES.map((age) => html`<th>${AGE_LABELS[age]}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${ACCOUNTABILITY_GAPS.map(
        (gap) =>
          html`<tr>
            <td>${GAP_LABELS[gap]}</td>
            ${GAP_AGES.map((age) => html`<td>${count(view.counts[gap][age])}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function leadsTable(view: AccountabilityView): Html {
  return html`<table id="accountability-leads">
      <thead>
        <tr>
          <th>Contact</th>
          <th>Status</th>
          <th>Owner</th>
          <th>Decided</th>
          <th>Missing</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        ${oldestFirst(view.leads.map((lead) => ({ ...lead, at: lead.decision.decidedAt })))
          .slice(0, SHOWN)
          .map(
            ({ decision, gaps }) =>
              html`<tr>
                <td><a href="/admin/audit?q=${decision.contactId}">${decision.contactId}</a></td>
                <td>${statusLabel(decision.status)}</td>
                <td>${decision.ownerId ? ownerLabel(view.names, decision.ownerId) : '–'}</td>
                <td>${dateTime(decision.decidedAt)}</td>
                <td>${gaps.map((gap) => GAP_LABELS[gap]).join(', ')}</td>
                <td>${decision.reason}</td>
              </tr>`,
          )}
      </tbody>
    </table>
    ${moreLine(SHOWN, view.leads.length)}`;
}

function fallbacksTable(view: AccountabilityView): Html {
  return html`<table id="fallback-leads">
      <thead>
        <tr>
          <th>Contact</th>
          <th>Decided</th>
          <th>Owner</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        ${view.fallbacks.slice(0, SHOWN).map(
          ({ decision, fallback }) =>
            html`<tr>
              <td><a href="/admin/audit?q=${decision.contactId}">${decision.contactId}</a></td>
              <td>${dateTime(decision.decidedAt)}</td>
              <td>${decision.ownerId ? ownerLabel(view.names, decision.ownerId) : 'none'}</td>
              <td>${fallback.detail}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${moreLine(SHOWN, view.fallbacks.length)}`;
}

/** The longest-waiting leads first: they are the ones to chase. */
function oldestFirst<T extends { at: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.at - b.at);
}
