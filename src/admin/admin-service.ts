import type { ReplayResult } from '../cli/handoff-commands';
import { isHandoffError } from '../errors';
import type { Playbook } from '../handoff';
import { describeDiff, diffPlaybooks } from '../handoff/diff-playbooks';
import type { PortalPlaybooks } from '../portal-playbooks';
import type { Dimension } from '../reporting/handoff-facts';
import { reportTable, type ReportTable } from '../reporting/metric-tables';
import { loadHandoffFacts, type ReportQuery } from '../reporting/quality-report';
import type { Store } from '../store/store';
import type { AuditResult } from './audit-page';
import type { DashboardView } from './dashboard-page';
import type { PlaybookView } from './playbook-page';

/** Replays a draft playbook over a portal's last `last` decisions (reads HubSpot, writes nothing). */
export type DryRun = (portalId: number, playbook: Playbook, last: number) => Promise<ReplayResult>;

export interface AdminServiceDeps {
  store: Store;
  playbooks: PortalPlaybooks;
  /** Null when HubSpot cannot be read for a dry run (never in the running app). */
  dryRun: DryRun | null;
  /** What runs without a saved version: "HANDOFF_CONFIG (file)" or "the built-in playbook". */
  fallbackLabel: string;
}

const DAY_MS = 86_400_000;
const AUDIT_LIMIT = 20;
export const DRY_RUN_DEFAULT = 200;
export const DRY_RUN_MAX = 1000;

/** What each admin page shows, for one portal: the routes only pick the portal and render. */
export class AdminService {
  constructor(private readonly deps: AdminServiceDeps) {}

  async metrics(portalId: number, query: ReportQuery): Promise<{ table: ReportTable; truncated: boolean }> {
    const { facts, truncated } = await loadHandoffFacts(this.deps.store, portalId, query);
    return { table: reportTable(query.table, facts, query.by), truncated };
  }

  async dashboard(portalId: number, query: ReportQuery): Promise<DashboardView> {
    const { facts, truncated } = await loadHandoffFacts(this.deps.store, portalId, query);
    // Days read well up to two months; beyond that, weeks.
    const period: Dimension = query.to - query.from > 62 * DAY_MS ? 'week' : 'day';
    return {
      from: query.from,
      to: query.to,
      by: query.by === 'all' ? 'source' : query.by,
      truncated,
      overall: reportTable('handoffs', facts, 'all'),
      trend: reportTable('handoffs', facts, period),
      breakdown: reportTable('handoffs', facts, query.by === 'all' ? 'source' : query.by),
      reasons: reportTable('reasons', facts, 'all'),
      completeness: reportTable('completeness', facts, 'all'),
    };
  }

  /** Decisions for an email or a contact id, each with its contact's recorded outcomes. */
  async audit(portalId: number, query: string): Promise<AuditResult[]> {
    const q = query.trim();
    const decisions = /^\d+$/.test(q)
      ? await this.deps.store.listDecisions({ portalId, contactId: q, limit: AUDIT_LIMIT })
      : q.includes('@')
        ? await this.deps.store.decisionsByEmail(portalId, q, AUDIT_LIMIT)
        : [];
    const outcomes = new Map<string, AuditResult['outcomes']>();
    for (const contactId of new Set(decisions.map((decision) => decision.contactId))) {
      outcomes.set(contactId, await this.deps.store.listOutcomes({ portalId, contactId, limit: 50 }));
    }
    return decisions.map((decision) => ({
      decision,
      // A contact's outcomes since this round was decided (until a newer round took over).
      outcomes: (outcomes.get(decision.contactId) ?? []).filter((o) =>
        o.decisionId !== null ? o.decisionId === decision.id : o.occurredAt >= decision.decidedAt,
      ),
    }));
  }

  async playbookView(
    portalId: number,
    csrf: string,
    options: { version?: number; draft?: PlaybookView['draft']; last?: number } = {},
  ): Promise<PlaybookView> {
    const active = await this.deps.playbooks.active(portalId);
    const history = await this.deps.store.listPlaybookVersions({ portalId, limit: 50 });
    const known = await this.deps.playbooks.history(portalId);
    const opened =
      options.version === undefined ? undefined : history.find((v) => v.version === options.version);
    const source = opened ?? { text: active.text, fileName: active.fileName };
    return {
      csrf,
      active: { version: active.version, fallbackLabel: this.deps.fallbackLabel },
      draft: options.draft ?? {
        text: source.text,
        format: source.fileName.endsWith('.json') ? 'json' : 'yaml',
        note: opened ? `back to version ${opened.version}` : '',
      },
      history,
      versions: known.list().map((entry) => ({
        key: entry.saved ? String(entry.saved.version) : 'fallback',
        label: entry.saved
          ? `version ${entry.saved.version}`
          : `${this.deps.fallbackLabel} (runs without a saved version)`,
        id: entry.id,
      })),
      last: options.last ?? DRY_RUN_DEFAULT,
    };
  }

  /**
   * A readable diff between two of the portal's playbooks: `from`/`to` are saved version numbers or
   * `fallback` (HANDOFF_CONFIG or the built-in playbook). Versions today's schema refuses cannot be
   * compared.
   */
  async playbookDiff(
    portalId: number,
    from: string,
    to: string,
  ): Promise<{ from: string; to: string; lines: string[] } | { error: string }> {
    const known = (await this.deps.playbooks.history(portalId)).list();
    const find = (key: string) =>
      known.find((entry) =>
        key === 'fallback' ? entry.saved === null : String(entry.saved?.version) === key,
      );
    const before = find(from);
    const after = find(to);
    if (!before || !after) {
      const keys = known.map((entry) => (entry.saved ? entry.saved.version : 'fallback')).join(', ');
      return {
        error: `Pick two versions to compare: ${keys} (a version this release cannot read is left out).`,
      };
    }
    return {
      from: `${before.label} (${before.id})`,
      to: `${after.label} (${after.id})`,
      lines: describeDiff(diffPlaybooks(before.playbook, after.playbook)),
    };
  }

  async dryRun(
    portalId: number,
    draft: { text: string; format: 'yaml' | 'json' },
    last: number,
  ): Promise<{ result: ReplayResult } | { problems: string[] } | { error: string }> {
    let playbook: Playbook;
    try {
      playbook = this.deps.playbooks.validate(draft.text, draft.format);
    } catch (error) {
      if (isHandoffError(error) && error.code === 'playbook_invalid') {
        return { problems: (error.details?.problems as string[] | undefined) ?? [error.message] };
      }
      throw error;
    }
    if (!this.deps.dryRun)
      return { error: 'Dry runs need HubSpot access, which this process does not have.' };
    try {
      return { result: await this.deps.dryRun(portalId, playbook, last) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { error: `The dry run could not read HubSpot: ${message}` };
    }
  }
}
