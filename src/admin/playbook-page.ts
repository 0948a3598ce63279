import { sideText } from '../cli/format-replay';
import type { ReplayResult } from '../cli/handoff-commands';
import type { StoredPlaybookVersion } from '../store/store';
import { dateTime } from './format';
import { html, type Html } from './html';

export interface PlaybookView {
  csrf: string;
  /** What runs now: a saved version, or the fallback. */
  active: { version: StoredPlaybookVersion | null; fallbackLabel: string };
  draft: { text: string; format: 'yaml' | 'json'; note: string };
  history: StoredPlaybookVersion[];
  /** Every playbook the portal can compare (saved versions, then the fallback), with version ids. */
  versions?: Array<{ key: string; label: string; id: string }>;
  diff?: { from: string; to: string; lines: string[] } | { error: string };
  problems?: string[];
  saved?: number;
  dryRun?: { last: number; result: ReplayResult } | { last: number; error: string };
  last: number;
}

function activeLine(view: PlaybookView): Html {
  const version = view.active.version;
  return version
    ? html`Running version <strong id="active-version">${version.version}</strong>, saved
        ${dateTime(version.createdAt)} by ${version.actor}.`
    : html`Running <strong id="active-version">${view.active.fallbackLabel}</strong>; no version saved for
        this portal yet.`;
}

function dryRunSection(dryRun: NonNullable<PlaybookView['dryRun']>): Html {
  if ('error' in dryRun)
    return html`<section class="card" id="dry-run"><div class="error">${dryRun.error}</div></section>`;
  const { result } = dryRun;
  return html`<section class="card" id="dry-run">
    <h2>Dry run over the last ${dryRun.last} decisions</h2>
    <p>
      <span id="dry-run-changed">${result.changes.length}</span> of ${result.compared} would change
      (${result.skipped} skipped: contact gone from HubSpot). Nothing was written.
    </p>
    <p class="muted" id="dry-run-versions">
      Each lead is compared with the version that decided it
      ${(result.versions ?? []).map((v) => html`<span>${v.label} <code>${v.id}</code> (${v.leads})</span> `)},
      both decided now from the same HubSpot data and the same round-robin position: only status, pool and
      eligibility changes move a
      lead${result.inferred ? html`; ${result.inferred} decided before version ids were kept were compared with the version running then` : ''}.
    </p>
    ${
      result.changes.length === 0
        ? ''
        : html`<table>
            <thead>
              <tr>
                <th>Contact</th>
                <th>Changes</th>
                <th>Now</th>
                <th>With this draft</th>
                <th>Why (draft)</th>
              </tr>
            </thead>
            <tbody>
              ${result.changes.map(
                (change) =>
                  html`<tr>
                    <td><a href="/admin/audit?q=${change.contactId}">${change.contactId}</a></td>
                    <td>${(change.kinds ?? []).join(', ')}</td>
                    <td>${sideText(change.before)}</td>
                    <td>${sideText(change.after)}</td>
                    <td>${change.after.reason}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}

function versionsSection(view: PlaybookView): Html {
  const versions = view.versions ?? [];
  const options = (selected: string) =>
    versions.map(
      (v) =>
        html`<option value="${v.key}" ${v.key === selected ? 'selected' : ''}>${v.label} · ${v.id}</option>`,
    );
  const diff = view.diff;
  return html`<section class="card" id="versions">
    <h2>Compare versions</h2>
    <p class="muted">
      Each decision records the version id (<code>pb-…</code>) of the playbook that made it; the dashboard and
      CSV can be cut by it (by = playbook version).
    </p>
    <form
      method="get"
      action="/admin/playbook/diff"
      class="inline"
      style="display:flex;gap:12px;align-items:end"
    >
      <label
        >From
        <select name="from">
          ${options(versions[1]?.key ?? '')}
        </select></label
      >
      <label
        >To
        <select name="to">
          ${options(versions[0]?.key ?? '')}
        </select></label
      >
      <button type="submit" id="diff-button">Show changes</button>
    </form>
    ${
      diff === undefined
        ? ''
        : 'error' in diff
          ? html`<div class="error">${diff.error}</div>`
          : html`<div id="diff">
              <p>From ${diff.from} to ${diff.to}:</p>
              <ul>
                ${diff.lines.map((line) => html`<li>${line}</li>`)}
              </ul>
            </div>`
    }
  </section>`;
}

export function playbookBody(view: PlaybookView): Html {
  return html`<h1>Playbook</h1>
    <p>${activeLine(view)}</p>
    ${view.saved ? html`<div class="ok" id="saved">Saved version ${view.saved}; new handoffs use it within seconds.</div>` : ''}
    ${
      view.problems
        ? html`<div class="error" id="playbook-errors" role="alert">
            <strong>Not saved: the playbook is invalid.</strong>
            <ul>
              ${view.problems.map((problem) => html`<li>${problem}</li>`)}
            </ul>
          </div>`
        : ''
    }
    ${view.dryRun ? dryRunSection(view.dryRun) : ''}
    ${view.versions || view.diff ? versionsSection(view) : ''}
    <section class="card">
      <form method="post" action="/admin/playbook" id="playbook-form">
        <input type="hidden" name="_csrf" value="${view.csrf}" />
        <textarea name="text" rows="28" spellcheck="false">${view.draft.text}</textarea>
        <div class="inline" style="display:flex;gap:12px;align-items:end;margin-top:8px;flex-wrap:wrap">
          <label
            >Format
            <select name="format">
              <option value="yaml" ${view.draft.format === 'yaml' ? 'selected' : ''}>YAML</option>
              <option value="json" ${view.draft.format === 'json' ? 'selected' : ''}>JSON</option>
            </select></label
          >
          <label
            >Note <input name="note" value="${view.draft.note}" size="40" placeholder="what changed and why"
          /></label>
          <button type="submit" class="primary" id="save">Validate and save</button>
          <label
            >Last N decisions <input type="number" name="last" value="${view.last}" min="1" max="1000"
          /></label>
          <button type="submit" formaction="/admin/playbook/dry-run" id="dry-run-button">Dry run</button>
        </div>
      </form>
      <p class="muted">
        Validated against the same schema as HANDOFF_CONFIG (docs/playbook.schema.json). The dry run reads the
        contacts again from HubSpot and decides them with the draft; it writes nothing.
      </p>
      <p class="muted" id="business-hours-note">
        Business hours default to Monday–Friday 09:00–17:00 <strong>UTC</strong>: the response clock of medium
        and low priority leads counts in them. Set <code>businessHours.timeZone</code> to your team's time
        zone (for example Europe/Berlin), and per pool or owner where teams differ.
      </p>
    </section>
    <section class="card">
      <h2>History</h2>
      ${
        view.history.length === 0
          ? html`<p class="muted">No saved versions.</p>`
          : html`<table id="history">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Version id</th>
                  <th>Saved</th>
                  <th>By</th>
                  <th>Note</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${view.history.map(
                  (version) =>
                    html`<tr data-version="${version.version}">
                      <td>${version.version}</td>
                      <td><code>${idOf(view, version.version)}</code></td>
                      <td>${dateTime(version.createdAt)}</td>
                      <td>${version.actor}</td>
                      <td>${version.note ?? ''}</td>
                      <td>
                        <a href="/admin/playbook?version=${version.version}">open as draft</a>
                        <form method="post" action="/admin/playbook/restore" style="display:inline">
                          <input type="hidden" name="_csrf" value="${view.csrf}" />
                          <input type="hidden" name="version" value="${version.version}" />
                          <button type="submit">run this again</button>
                        </form>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
}

function idOf(view: PlaybookView, version: number): string {
  return view.versions?.find((v) => v.key === String(version))?.id ?? '';
}
