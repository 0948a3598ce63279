import { stringify as toYaml } from 'yaml';
import { HandoffError, isHandoffError } from '../errors';
import { loadPlaybook, type Playbook } from '../handoff';
import { loadPlaybookHistory, type PlaybookHistory } from './playbook-history';
import type { Store, StoredPlaybookVersion } from '../store/store';

export interface PortalPlaybooksOptions {
  store: Store;
  /** HANDOFF_CONFIG's playbook, or the built-in one: what runs until a portal saves its own. */
  fallback: Playbook;
  /** The fallback as RevOps wrote it (the file's text), for the editor's first draft. */
  fallbackText?: { text: string; fileName: string };
  /** How versions lists and dry runs name the fallback: "HANDOFF_CONFIG" or "built-in playbook". */
  fallbackLabel?: string;
  now: () => number;
  /** How long a process trusts its cached version before looking again (other processes save too). */
  ttlMs?: number;
  /** Called after a portal saves a version (its new disqualification reasons go to HubSpot). */
  onSaved?: (portalId: number) => void;
  /**
   * Checks that need the portal's HubSpot data (an archived or unknown `fallbackOwner`): each
   * problem refuses the save like a schema error. A check that cannot reach HubSpot should answer
   * no problems; start-up provisioning reports them later.
   */
  checkWithHubSpot?: (portalId: number, playbook: Playbook) => Promise<string[]>;
}

interface Cached {
  version: number;
  playbook: Playbook;
  checkedAt: number;
}

export interface ActivePlaybook {
  playbook: Playbook;
  /** Null while the portal runs the fallback. */
  version: StoredPlaybookVersion | null;
  text: string;
  fileName: string;
}

/**
 * The playbook each portal runs: its newest saved version, else HANDOFF_CONFIG or the built-in one.
 * A saved version is validated before it is stored, and parsed again when read (rows outlive
 * deploys: a version the current schema refuses falls back instead of stopping intake, and the
 * playbook page then shows the fallback running).
 */
export class PortalPlaybooks {
  private readonly cache = new Map<number, Cached>();
  private readonly ttlMs: number;

  constructor(private readonly options: PortalPlaybooksOptions) {
    this.ttlMs = options.ttlMs ?? 5_000;
  }

  async forPortal(portalId: number): Promise<Playbook> {
    const cached = this.cache.get(portalId);
    const now = this.options.now();
    if (cached && now - cached.checkedAt < this.ttlMs) return cached.playbook;
    const [latest] = await this.options.store.playbooks.list({ portalId, limit: 1 });
    if (!latest) {
      this.cache.set(portalId, { version: 0, playbook: this.options.fallback, checkedAt: now });
      return this.options.fallback;
    }
    if (cached && cached.version === latest.version) {
      cached.checkedAt = now;
      return cached.playbook;
    }
    const playbook = parseSaved(latest) ?? this.options.fallback;
    this.cache.set(portalId, { version: latest.version, playbook, checkedAt: now });
    return playbook;
  }

  async active(portalId: number): Promise<ActivePlaybook> {
    const [latest] = await this.options.store.playbooks.list({ portalId, limit: 1 });
    if (latest) {
      const playbook = parseSaved(latest);
      if (playbook) return { playbook, version: latest, text: latest.text, fileName: latest.fileName };
    }
    const fallback = this.options.fallbackText ?? {
      text: toYaml(this.options.fallback),
      fileName: 'playbook.yaml',
    };
    return { playbook: this.options.fallback, version: null, ...fallback };
  }

  /** Every playbook the portal's decisions can name, by version id (dry runs, version lists). */
  history(portalId: number): Promise<PlaybookHistory> {
    return loadPlaybookHistory(this.options.store, portalId, {
      playbook: this.options.fallback,
      label: this.options.fallbackLabel ?? 'HANDOFF_CONFIG',
    });
  }

  /** Validates a draft; a bad one is a 422 listing every problem, and nothing is saved. */
  validate(text: string, format: 'yaml' | 'json'): Playbook {
    const fileName = `playbook.${format}`;
    if (text.trim() === '') {
      throw new HandoffError('playbook_invalid', 'The playbook is empty', 422, {
        problems: ['the playbook is empty'],
      });
    }
    try {
      return loadPlaybook(text, fileName);
    } catch (error) {
      if (!isHandoffError(error)) throw error;
      const problems = Array.isArray(error.details?.problems)
        ? (error.details.problems as string[])
        : [error.message];
      throw new HandoffError('playbook_invalid', `The playbook is invalid: ${problems.join('; ')}`, 422, {
        problems,
      });
    }
  }

  /** Validates and saves the portal's next version, which becomes the one that runs. */
  async save(
    portalId: number,
    draft: { text: string; format: 'yaml' | 'json'; actor: string; note: string | null },
  ): Promise<number> {
    const playbook = this.validate(draft.text, draft.format);
    const problems = (await this.options.checkWithHubSpot?.(portalId, playbook)) ?? [];
    if (problems.length > 0) {
      throw new HandoffError('playbook_invalid', problems.join('; '), 422, { problems });
    }
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const version = await this.options.store.playbooks.save({
        portalId,
        text: draft.text,
        fileName: `playbook.${draft.format}`,
        actor: draft.actor,
        note: draft.note,
        createdAt: this.options.now(),
      });
      if (version !== null) {
        this.cache.delete(portalId);
        this.options.onSaved?.(portalId);
        return version;
      }
    }
    throw new HandoffError(
      'playbook_invalid',
      'Another save of this playbook happened at the same time: try again',
      409,
    );
  }
}

function parseSaved(version: StoredPlaybookVersion): Playbook | null {
  try {
    return loadPlaybook(version.text, version.fileName);
  } catch {
    return null;
  }
}
