import { DEFAULT_PLAYBOOK, loadPlaybook, type Playbook, playbookVersionId } from '../handoff';
import type { Store, StoredDecision, StoredPlaybookVersion } from '../store/store';

/** One playbook a portal ran: a saved version, HANDOFF_CONFIG's file, or the built-in one. */
export interface KnownPlaybook {
  id: string;
  playbook: Playbook;
  /** "version 3", "HANDOFF_CONFIG / built-in playbook". */
  label: string;
  saved: StoredPlaybookVersion | null;
}

/**
 * Every playbook a portal's decisions can name, by version id, so a dry run can decide each lead
 * again with the version that decided it. Decisions stored before version ids existed (migration
 * 0007) get the version that was running when they were decided: the newest saved before then,
 * else the fallback.
 */
export class PlaybookHistory {
  private readonly byId = new Map<string, KnownPlaybook>();

  constructor(
    private readonly fallback: KnownPlaybook,
    private readonly saved: readonly KnownPlaybook[],
  ) {
    for (const known of [fallback, ...saved]) if (!this.byId.has(known.id)) this.byId.set(known.id, known);
    const builtIn = playbookVersionId(DEFAULT_PLAYBOOK);
    if (!this.byId.has(builtIn)) {
      this.byId.set(builtIn, {
        id: builtIn,
        playbook: DEFAULT_PLAYBOOK,
        label: 'built-in playbook',
        saved: null,
      });
    }
  }

  /** The playbook that decided this lead, and whether its id named it (false: inferred by time). */
  deciding(decision: Pick<StoredDecision, 'playbookVersion' | 'decidedAt'>): {
    known: KnownPlaybook;
    exact: boolean;
  } {
    const exact = decision.playbookVersion ? this.byId.get(decision.playbookVersion) : undefined;
    if (exact) return { known: exact, exact: true };
    const running = this.saved.find(
      (version) => (version.saved?.createdAt ?? Infinity) <= decision.decidedAt,
    );
    return { known: running ?? this.fallback, exact: false };
  }

  get(id: string): KnownPlaybook | undefined {
    return this.byId.get(id);
  }

  /** Saved versions newest first, then the fallback. */
  list(): KnownPlaybook[] {
    return [...this.saved, this.fallback];
  }
}

/** The portal's saved versions (newest first) that still parse, with the fallback behind them. */
export async function loadPlaybookHistory(
  store: Store,
  portalId: number,
  fallback: { playbook: Playbook; label: string },
): Promise<PlaybookHistory> {
  const rows = await store.playbooks.list({ portalId, limit: 1000 });
  const saved: KnownPlaybook[] = [];
  for (const row of rows) {
    const playbook = parseSaved(row);
    if (playbook) {
      saved.push({ id: playbookVersionId(playbook), playbook, label: `version ${row.version}`, saved: row });
    }
  }
  const id = playbookVersionId(fallback.playbook);
  const builtIn = id === playbookVersionId(DEFAULT_PLAYBOOK);
  const fallbackKnown = {
    id,
    playbook: fallback.playbook,
    label: builtIn ? 'built-in playbook' : fallback.label,
    saved: null,
  };
  return new PlaybookHistory(fallbackKnown, saved);
}

function parseSaved(version: StoredPlaybookVersion): Playbook | null {
  try {
    return loadPlaybook(version.text, version.fileName);
  } catch {
    // Rows outlive deploys: a version today's schema refuses cannot be replayed.
    return null;
  }
}
