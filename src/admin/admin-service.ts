import type { ReplayResult } from '../cli/handoff-commands';
import { isHandoffError } from '../errors';
import type { Playbook } from '../handoff';
import type { PortalPlaybooks } from '../portal-playbooks';
import type { Dimension } from '../reporting/handoff-facts';
import type { FunnelDimension } from '../reporting/funnel-facts';
import { funnelReport, loadFunnelFacts, type FunnelQuery } from '../reporting/funnel-report';
import type { FunnelTable } from '../reporting/funnel-tables';
import { reportTable, type ReportTable } from '../reporting/metric-tables';
import { loadHandoffFacts, type ReportQuery } from '../reporting/quality-report';
import type { Store } from '../store/store';
import type { AuditResult } from './audit-page';
import type { DashboardView } from './dashboard-page';
import type { FunnelView } from './funnel-section';
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
  /** Ages funnel cohorts and stalled leads (the running app's clock; tests fix it). */
  now?: () => number;
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

  async funnel(portalId: number, query: FunnelQuery): Promise<{ table: FunnelTable; truncated: boolean }> {
    const { facts, truncated } = await loadFunnelFacts(this.deps.store, portalId, query);
    return { table: funnelReport(facts, query, this.now()), truncated };
  }

  /** The dashboard's funnel section: by the page's dimension where the funnel has it, else by source. */
  async funnelView(portalId: number, window: { from: number; to: number }, by: string): Promise<FunnelView> {
    const { facts } = await loadFunnelFacts(this.deps.store, portalId, window);
    const cut: FunnelDimension = ['source', 'offer', 'owner', 'team', 'week'].includes(by)
      ? (by as FunnelDimension)
      : 'source';
    const table = (name: FunnelQuery['table'], dimension: FunnelDimension) =>
      funnelReport(facts, { ...window, table: name, by: dimension }, this.now());
    return {
      overall: table('funnel', 'all'),
      breakdown: table('funnel', cut),
      cohort: table('cohort', 'week'),
      stalled: table('stalled', 'all'),
    };
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
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
      funnel: await this.funnelView(portalId, query, query.by),
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
      last: options.last ?? DRY_RUN_DEFAULT,
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
