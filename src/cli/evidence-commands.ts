import { writeFile } from 'node:fs/promises';
import { parseEvidenceQuery, parseSuggestQuery } from '../evidence/evidence-query';
import type { EvidenceService, Progress } from '../evidence/evidence-service';
import { evidenceTable, suggestionJson } from '../evidence/evidence-view';
import { formatEvidence, formatSuggestion } from '../evidence/format-evidence';
import { toCsv } from '../reporting/metric-tables';
import { optionValue } from './cli-context';

/**
 * `evidence [--from DAY] [--to DAY] [--version pb-…] [--min N] [--json | --csv]` and
 * `suggest … [--keep 0.9] [--fewer 0.2] [--out FILE] [--json]`: the evidence page and the
 * suggestion on the command line. Nothing is saved: `--out` writes the suggested playbook for
 * `replay --playbook FILE` (a live replay against HubSpot) or the playbook editor.
 */
export interface EvidenceCommandContext {
  evidence: EvidenceService;
  portalId: number;
  now: number;
  progress?: Progress;
}

const QUERY_OPTIONS = ['from', 'to', 'version', 'min', 'keep', 'fewer'] as const;

function queryOf(argv: readonly string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const name of QUERY_OPTIONS) {
    const value = optionValue([...argv], `--${name}`);
    if (value !== undefined) query[name] = value;
  }
  // The goal reads as RevOps say it: --keep-opportunities 0.9 --fewer-mqls 0.2.
  const keep = optionValue([...argv], '--keep-opportunities');
  const fewer = optionValue([...argv], '--fewer-mqls');
  if (keep !== undefined) query.keep = keep;
  if (fewer !== undefined) query.fewer = fewer;
  return query;
}

export async function evidenceCommand(
  context: EvidenceCommandContext,
  argv: readonly string[],
): Promise<string> {
  const query = parseEvidenceQuery(queryOf(argv), context.now);
  const report = await context.evidence.evidence(context.portalId, query, context.progress);
  if (argv.includes('--csv')) return toCsv(evidenceTable(report.rows)).trimEnd();
  if (argv.includes('--json')) {
    const { rows, ...rest } = report;
    return JSON.stringify({ ...rest, ...evidenceTable(rows) }, null, 2);
  }
  return formatEvidence(report);
}

export async function suggestCommand(
  context: EvidenceCommandContext,
  argv: readonly string[],
): Promise<string> {
  const query = parseSuggestQuery(queryOf(argv), context.now);
  const report = await context.evidence.suggest(context.portalId, query, context.progress);
  const out = optionValue([...argv], '--out');
  const lines: string[] = [];
  if (out !== undefined) {
    const { text } = await context.evidence.suggestionText(context.portalId, report.suggestion);
    await writeFile(out, text);
  }
  if (argv.includes('--json')) {
    return JSON.stringify(suggestionJson(report), null, 2);
  }
  lines.push(formatSuggestion(report));
  if (out !== undefined) {
    lines.push(
      '',
      `Wrote the suggested playbook to ${out}: try it live with replay --playbook ${out}, or save it on the Playbook page.`,
    );
  }
  return lines.join('\n');
}
