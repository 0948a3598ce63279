import { parseDocument, stringify as toYaml } from 'yaml';
import { diffPlaybooks } from '../handoff/diff-playbooks';
import { loadPlaybook } from '../handoff/load-playbook';
import type { Playbook } from '../handoff/playbook';
import type { PortalPlaybooks } from '../playbooks/portal-playbooks';
import { REPORT_DECISION_LIMIT } from '../reporting/quality-report';
import type { ReportingDecision, Store } from '../store/store';
import type { EvidenceQuery, SuggestQuery } from './evidence-query';
import { evidenceLeads, type EvidenceLead } from './evidence-leads';
import { evidenceRows, type EvidenceRow } from './evidence-tables';
import { playbookRules } from './playbook-rules';
import { suggestPlaybook, type Suggestion } from './suggest-playbook';

/** Sales ratings of the leads decided in a period (the store's `feedback.ratings` unless replaced). */
export type ReadRatings = (
  portalId: number,
  window: { from: number; to: number },
) => Promise<ReadonlyArray<{ contactId: string; rating: number }>>;

export interface EvidenceServiceOptions {
  store: Store;
  playbooks: Pick<PortalPlaybooks, 'active'>;
  /** Defaults to the store's ratings given since the period began (a lead is rated after its handoff). */
  ratings?: ReadRatings;
}

export interface EvidenceReport {
  query: EvidenceQuery;
  leads: number;
  mqls: number;
  rows: EvidenceRow[];
  /** False until sales have rated a lead of the period. */
  rated: boolean;
  truncated: boolean;
}

export interface SuggestionReport {
  query: SuggestQuery;
  /** The saved version the suggestion changes (0: the fallback playbook). */
  baseVersion: number;
  leads: number;
  suggestion: Suggestion;
  truncated: boolean;
}

const DAY_MS = 86_400_000;
/** A stage can be stamped a little before its decision (the contact's creation time). */
const EARLY_STAMP_MS = DAY_MS;
/** Long periods are read a week at a time so a progress bar can move. */
const CHUNK_MS = 7 * DAY_MS;

export type Progress = (done: number, total: number) => void;

/** The evidence and the suggestion for one portal, read from the store. */
export class EvidenceService {
  constructor(private readonly options: EvidenceServiceOptions) {}

  async evidence(portalId: number, query: EvidenceQuery, onProgress?: Progress): Promise<EvidenceReport> {
    const { playbook } = await this.options.playbooks.active(portalId);
    const { leads, truncated } = await this.leads(portalId, query, playbook, onProgress);
    const points = new Map(playbookRules(playbook).map((rule) => [rule.name, rule.points]));
    return {
      query,
      leads: leads.length,
      mqls: leads.filter((lead) => lead.reached.mql !== undefined).length,
      rows: evidenceRows(leads, { minSample: query.minSample, points }),
      rated: leads.some((lead) => lead.rating !== undefined),
      truncated,
    };
  }

  async suggest(portalId: number, query: SuggestQuery, onProgress?: Progress): Promise<SuggestionReport> {
    const active = await this.options.playbooks.active(portalId);
    const { leads, truncated } = await this.leads(portalId, query, active.playbook, onProgress);
    return {
      query,
      baseVersion: active.version?.version ?? 0,
      leads: leads.length,
      suggestion: suggestPlaybook(leads, active.playbook, query.goal, { minSample: query.minSample }),
      truncated,
    };
  }

  /**
   * The suggestion as the text of the next playbook version: the active version's own text with
   * only the changed points and thresholds edited (comments and layout kept), or the whole
   * playbook written out when the text does not spell those rules out.
   */
  async suggestionText(
    portalId: number,
    suggestion: Suggestion,
  ): Promise<{ text: string; format: 'yaml' | 'json' }> {
    const active = await this.options.playbooks.active(portalId);
    const format = active.fileName.endsWith('.json') ? 'json' : 'yaml';
    const document = parseDocument(active.text);
    const edits = suggestion.diff.fields.map((change) => ({
      path: change.path.split('.'),
      value: change.after,
    }));
    const spelled = edits.every(({ path }) => document.hasIn(path.map(step)));
    if (spelled && document.errors.length === 0) {
      for (const { path, value } of edits) document.setIn(path.map(step), value);
      const text = format === 'json' ? JSON.stringify(document.toJS(), null, 2) + '\n' : document.toString();
      if (samePlaybook(text, format, suggestion.playbook)) return { text, format };
    }
    return {
      text:
        format === 'json' ? JSON.stringify(suggestion.playbook, null, 2) + '\n' : toYaml(suggestion.playbook),
      format,
    };
  }

  private async leads(
    portalId: number,
    query: EvidenceQuery,
    playbook: Playbook,
    onProgress: Progress = () => undefined,
  ): Promise<{ leads: EvidenceLead[]; truncated: boolean }> {
    const decisions: ReportingDecision[] = [];
    const chunks = Math.max(1, Math.ceil((query.to - query.from) / CHUNK_MS));
    let truncated = false;
    for (let index = 0; index < chunks; index += 1) {
      const from = query.from + index * CHUNK_MS;
      const to = Math.min(query.to, from + CHUNK_MS);
      const limit = REPORT_DECISION_LIMIT - decisions.length;
      const rows = await this.options.store.reports.decisions({ portalId, from, to, limit });
      decisions.push(...rows);
      onProgress(index + 1, chunks + 1);
      if (rows.length === limit) {
        truncated = true;
        break;
      }
    }
    const [transitions, ratings] = await Promise.all([
      this.options.store.stages.list({ portalId, from: query.from - EARLY_STAMP_MS }),
      this.options.ratings
        ? this.options.ratings(portalId, query)
        : this.options.store.feedback.ratings(portalId, { from: query.from }),
    ]);
    onProgress(chunks + 1, chunks + 1);
    const chosen = query.version
      ? decisions.filter((decision) => versionOf(decision) === query.version)
      : decisions;
    return {
      leads: evidenceLeads(chosen, transitions, ratings, playbook),
      truncated,
    };
  }
}

function versionOf(decision: ReportingDecision): string | undefined {
  if (decision.playbookVersion) return decision.playbookVersion;
  const record = decision.record as { playbookVersion?: unknown } | null;
  return typeof record?.playbookVersion === 'string' ? record.playbookVersion : undefined;
}

/** Array indexes in a diff path are digits; the YAML document wants them as numbers. */
function step(part: string): string | number {
  return /^\d+$/.test(part) ? Number(part) : part;
}

/** Whether the edited text reads back as exactly the suggested playbook. */
function samePlaybook(text: string, format: 'yaml' | 'json', playbook: Playbook): boolean {
  try {
    return diffPlaybooks(playbook, loadPlaybook(text, `playbook.${format}`)).same;
  } catch {
    return false;
  }
}
