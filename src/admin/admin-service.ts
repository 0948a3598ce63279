import type { ReplayResult } from '../cli/handoff-commands';
import { isHandoffError } from '../errors';
import { accountabilityGaps, countGaps, gapAge, type Playbook, type RoutingFallback } from '../handoff';
import { describeDiff, diffPlaybooks } from '../handoff/diff-playbooks';
import type { PortalPlaybooks } from '../playbooks/portal-playbooks';
import type { FunnelDimension } from '../reporting/funnel-facts';
import { funnelReport, loadFunnelFacts, type FunnelQuery } from '../reporting/funnel-report';
import type { FunnelTable } from '../reporting/funnel-tables';
import { reportTable, type ReportTable } from '../reporting/metric-tables';
import { loadHandoffFacts, type ReportQuery } from '../reporting/quality-report';
import type { Store } from '../store/store';
import {
  loadRatedHandoffs,
  ratingReport,
  type RatingQuery,
  type RatingTable,
} from '../reporting/rating-report';
import { ratingView } from './rating-section';
import { withNames } from '../reporting/name-columns';
import { foldSmallGroups } from '../reporting/top-groups';
import { parseDashboardOptions, type DashboardOptions } from './dashboard-options';
import type { AccountabilityView } from './accountability-section';
import type { AuditResult, AuditView } from './audit-page';
import type { DisplayNames } from './display-names';
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
  /** Owner id → name for a portal (HubSpot's owners); ids only when absent. */
  ownerNames?: (portalId: number) => Promise<ReadonlyMap<string, string>>;
  /** The running app's clock: ages funnel cohorts and stalled leads, and reads "past due". */
  now?: () => number;
}

const DAY_MS = 86_400_000;
const AUDIT_LIMIT = 20;
/** The audit page opens on the portal's latest decisions, not an empty search. */
const RECENT_LIMIT = 25;
export const DRY_RUN_DEFAULT = 200;
export const DRY_RUN_MAX = 1000;
/** Leads listed as lacking someone accountable; past this the page says "+". */
export const ACCOUNTABILITY_LIMIT = 200;
/** How many of the latest decisions are searched for pool fallbacks. */
const FALLBACK_SCAN = 500;

/** What each admin page shows, for one portal: the routes only pick the portal and render. */
export class AdminService {
  constructor(private readonly deps: AdminServiceDeps) {}

  /** Owner names, and reason labels from the playbook the portal runs. */
  private async names(portalId: number): Promise<DisplayNames> {
    const playbook = await this.deps.playbooks.forPortal(portalId);
    const reasons = new Map(playbook.disqualification.reasons.map((reason) => [reason.id, reason.label]));
    return { owners: (await this.deps.ownerNames?.(portalId)) ?? new Map(), reasons };
  }

  async metrics(portalId: number, query: ReportQuery): Promise<{ table: ReportTable; truncated: boolean }> {
    const { facts, truncated } = await loadHandoffFacts(this.deps.store, portalId, query);
    const names = await this.names(portalId);
    return { table: withNames(reportTable(query.table, facts, query.by), names), truncated };
  }

  /** "Default playbook, version 3" or "Default playbook (HANDOFF_CONFIG file)": what runs now. */
  private async playbookLabel(portalId: number): Promise<string> {
    const active = await this.deps.playbooks.active(portalId);
    return active.version
      ? `${active.playbook.name}, version ${active.version.version}`
      : `${active.playbook.name} (${this.deps.fallbackLabel})`;
  }

  async funnel(portalId: number, query: FunnelQuery): Promise<{ table: FunnelTable; truncated: boolean }> {
    const { facts, truncated } = await loadFunnelFacts(this.deps.store, portalId, query);
    return { table: funnelReport(facts, query, this.now()), truncated };
  }

  async ratings(portalId: number, query: RatingQuery): Promise<{ table: RatingTable; truncated: boolean }> {
    const { handoffs, truncated } = await loadRatedHandoffs(this.deps.store, portalId, query);
    return { table: ratingReport(handoffs, query), truncated };
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

  async dashboard(
    portalId: number,
    query: ReportQuery,
    options: DashboardOptions = parseDashboardOptions({}),
  ): Promise<DashboardView> {
    const { facts, truncated } = await loadHandoffFacts(this.deps.store, portalId, query);
    // Days read well up to two months; beyond that, weeks.
    const period: 'day' | 'week' =
      options.period !== 'auto' ? options.period : query.to - query.from > 62 * DAY_MS ? 'week' : 'day';
    const names = await this.names(portalId);
    const by = query.by === 'all' ? 'source' : query.by;
    const folded = options.top === null ? { facts, folded: 0 } : foldSmallGroups(facts, by, options.top);
    return {
      playbook: await this.playbookLabel(portalId),
      from: query.from,
      to: query.to,
      by,
      options,
      period,
      folded: folded.folded,
      truncated,
      overall: reportTable('handoffs', facts, 'all'),
      trend: reportTable('handoffs', facts, period),
      breakdown: withNames(reportTable('handoffs', folded.facts, by), names),
      reasons: withNames(reportTable('reasons', facts, 'all'), names),
      completeness: reportTable('completeness', facts, 'all'),
      funnel: await this.funnelView(portalId, query, query.by),
      accountability: await this.accountability(portalId),
      ratings: ratingView((await loadRatedHandoffs(this.deps.store, portalId, query)).handoffs),
    };
  }

  /** CONTRACT §6: leads handed to sales with nobody accountable, and recent pool fallbacks. */
  async accountability(portalId: number): Promise<AccountabilityView> {
    const now = (this.deps.now ?? Date.now)();
    const gaps = await this.deps.store.decisions.gaps({ portalId, now, limit: ACCOUNTABILITY_LIMIT });
    const recent = await this.deps.store.decisions.list({ portalId, limit: FALLBACK_SCAN });
    const fallbacks = recent.flatMap((decision) => {
      const fallback = fallbackOf(decision.record);
      return fallback ? [{ decision, fallback }] : [];
    });
    return {
      now,
      counts: countGaps(gaps, now),
      leads: gaps.map((decision) => ({
        decision,
        gaps: accountabilityGaps(decision, now),
        age: gapAge(decision.decidedAt, now),
      })),
      limit: ACCOUNTABILITY_LIMIT,
      fallbacks,
      names: await this.names(portalId),
    };
  }

  /**
   * Decisions for an email or a contact id, each with its contact's recorded outcomes; with no
   * query, the portal's latest decisions as a list to open.
   */
  async audit(portalId: number, query: string): Promise<AuditView> {
    const q = query.trim();
    const names = await this.names(portalId);
    if (q === '') {
      const recent = await this.deps.store.decisions.list({ portalId, limit: RECENT_LIMIT });
      return { query: q, names, results: null, recent };
    }
    const decisions = /^\d+$/.test(q)
      ? await this.deps.store.decisions.list({ portalId, contactId: q, limit: AUDIT_LIMIT })
      : q.includes('@')
        ? await this.deps.store.reports.decisionsByEmail(portalId, q, AUDIT_LIMIT)
        : [];
    const outcomes = new Map<string, AuditResult['outcomes']>();
    for (const contactId of new Set(decisions.map((decision) => decision.contactId))) {
      outcomes.set(contactId, await this.deps.store.outcomes.list({ portalId, contactId, limit: 50 }));
    }
    // Newest first: the version a decision ran with is the newest one saved before it.
    const versions = await this.deps.store.playbooks.list({ portalId, limit: 200 });
    const results = decisions.map((decision) => ({
      decision,
      playbookVersion: versions.find((v) => v.createdAt <= decision.decidedAt)?.version ?? null,
      // A contact's outcomes since this round was decided (until a newer round took over).
      outcomes: (outcomes.get(decision.contactId) ?? []).filter((o) =>
        o.decisionId !== null ? o.decisionId === decision.id : o.occurredAt >= decision.decidedAt,
      ),
    }));
    return { query: q, names, results, recent: [] };
  }

  async playbookView(
    portalId: number,
    csrf: string,
    options: { version?: number; draft?: PlaybookView['draft']; last?: number } = {},
  ): Promise<PlaybookView> {
    const active = await this.deps.playbooks.active(portalId);
    const history = await this.deps.store.playbooks.list({ portalId, limit: 50 });
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

/** The stored record's pool fallback (CONTRACT §6), checked here: records outlive deploys. */
function fallbackOf(record: unknown): RoutingFallback | undefined {
  const fallback = (record as { routing?: { fallback?: Partial<RoutingFallback> } } | null)?.routing
    ?.fallback;
  if (!fallback || typeof fallback.detail !== 'string' || typeof fallback.poolId !== 'string')
    return undefined;
  if (fallback.kind !== 'pool_full' && fallback.kind !== 'no_members') return undefined;
  return { kind: fallback.kind, poolId: fallback.poolId, detail: fallback.detail };
}
