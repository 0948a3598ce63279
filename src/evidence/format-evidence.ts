import type { BacktestCounts } from './backtest';
import type { EvidenceReport, SuggestionReport } from './evidence-service';
import { EVIDENCE_DIMENSIONS } from './evidence-tables';
import { DIMENSION_TITLES, DISPLAY_COLUMNS, displayRow } from './evidence-view';
import { describeSuggestion } from './suggest-playbook';

const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const percent = (value: number) => `${Math.round(value * 100)}%`;

/** Aligned text columns, one line per row. */
function columns(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] as number))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function periodLine(report: {
  query: { from: number; to: number; version?: string; minSample: number };
}): string {
  const { query } = report;
  return `${day(query.from)} to ${day(query.to - 1)}, ${query.version ? `playbook version ${query.version}` : 'every playbook version'}, minimum ${query.minSample} MQLs a side`;
}

export function formatEvidence(report: EvidenceReport): string {
  const lines = [
    `Evidence: ${report.leads} decided leads, ${report.mqls} MQLs (${periodLine(report)}).`,
    'Opp/MQL: share of MQLs that became opportunities; lift: that rate with the signal ÷ without it;',
    'adjusted odds: the effect with the other rules held equal. Rates come with their counts.',
  ];
  if (report.truncated) lines.push('The period holds more decisions than one report reads: narrow it.');
  for (const dimension of EVIDENCE_DIMENSIONS) {
    const rows = report.rows.filter((row) => row.dimension === dimension);
    if (rows.length === 0) continue;
    const header = DISPLAY_COLUMNS.filter(
      (column) => dimension === 'rule' || (column !== 'Points' && column !== 'Adjusted odds'),
    );
    const cells = rows.map((row) => {
      const shown = displayRow(row, report.rated);
      return header.map((column) => shown[column]);
    });
    lines.push('', DIMENSION_TITLES[dimension], ...columns(header, cells));
  }
  return lines.join('\n');
}

const counts = (c: BacktestCounts) => `${c.mqls} MQLs, ${c.sqls} SQLs, ${c.opportunities} opportunities`;

export function formatSuggestion(report: SuggestionReport, maxLeads = 20): string {
  const { suggestion } = report;
  const { goal, backtest } = suggestion;
  const lines = [
    `Suggestion from ${suggestion.trainedOn.mqls} MQLs (${suggestion.trainedOn.opportunities} opportunities), ${periodLine(report)}.`,
    `Goal: keep at least ${percent(goal.keepOpportunities)} of the opportunities while sending ${goal.fewerMqls >= 0 ? `${percent(goal.fewerMqls)} fewer` : `at most ${percent(-goal.fewerMqls)} more`} MQLs: ${suggestion.goalMet ? 'met' : 'NOT met (the closest thresholds are shown)'}.`,
    '',
    'Points (a fitted weight is the log-odds of becoming an opportunity, other rules held equal):',
    ...columns(
      ['Rule', 'Now', 'Suggested', 'Weight', 'MQLs'],
      suggestion.rules.map((rule) => [
        rule.name,
        String(rule.before),
        rule.after === rule.before ? '=' : String(rule.after),
        rule.weight === null ? `too few (n=${rule.mqls})` : rule.weight.toFixed(2),
        String(rule.mqls),
      ]),
    ),
    '',
    `Thresholds: fit floor ${suggestion.thresholds.before.fitFloor} → ${suggestion.thresholds.after.fitFloor}, sales-ready fit ${suggestion.thresholds.before.fit} → ${suggestion.thresholds.after.fit}, intent ${suggestion.thresholds.before.intent} → ${suggestion.thresholds.after.intent}.`,
    '',
    `Playbook diff against version ${report.baseVersion === 0 ? 'in use (fallback)' : report.baseVersion}:`,
    ...describeSuggestion(suggestion, suggestion.playbook).map((line) => `  ${line}`),
    '',
    'Backtest over the period (stored score lines scored again):',
    `  now:       ${counts(backtest.before)}`,
    `  kept:      ${counts(backtest.kept)} (${percent(share(backtest.kept.opportunities, backtest.before.opportunities))} of the opportunities, ${percent(1 - share(backtest.kept.mqls + backtest.added, backtest.before.mqls))} fewer MQLs)`,
    `  lost:      ${counts(minus(backtest.before, backtest.kept))}`,
    `  new MQLs:  ${backtest.added} (not handed to sales before: no outcome yet)`,
    '',
    'By source:',
    ...columns(
      ['Source', 'MQLs now', 'kept', 'new', 'SQLs kept', 'Opps kept'],
      backtest.bySource.map((row) => [
        row.source,
        String(row.before.mqls),
        String(row.kept.mqls),
        String(row.added),
        `${row.kept.sqls}/${row.before.sqls}`,
        `${row.kept.opportunities}/${row.before.opportunities}`,
      ]),
    ),
    '',
    `Leads that would change (${backtest.changes.length}${backtest.changes.length > maxLeads ? `, first ${maxLeads}` : ''}):`,
    ...backtest.changes
      .slice(0, maxLeads)
      .map(
        (change) =>
          `  ${change.contactId.padEnd(12)} ${change.before.mql ? 'MQL → not handed over' : 'not handed over → MQL'}  fit ${change.before.fit}→${change.after.fit}, intent ${change.before.intent}→${change.after.intent}  (${change.source}, reached ${change.reached})`,
      ),
  ];
  if (report.truncated) lines.push('', 'The period holds more decisions than one report reads: narrow it.');
  return lines.join('\n');
}

function share(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

function minus(a: BacktestCounts, b: BacktestCounts): BacktestCounts {
  return { mqls: a.mqls - b.mqls, sqls: a.sqls - b.sqls, opportunities: a.opportunities - b.opportunities };
}
