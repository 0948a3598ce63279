import type { Kysely, Selectable } from 'kysely';
import type { StoreDatabase } from './schema';
import type { StoreContext } from './store-context';

/**
 * Saved playbooks per portal, as RevOps edit them on the admin page. Versions only grow: the newest
 * one is the portal's active playbook, and going back to an old one saves it again as the newest,
 * so the history always shows what ran when.
 */
export interface PlaybookVersionsTable {
  portal_id: number;
  version: number;
  /** The playbook exactly as RevOps wrote it (JSON or YAML), validated before it was saved. */
  text: string;
  /** `playbook.json` or `playbook.yaml`: how the text is parsed. */
  file_name: string;
  /** `hubspot:<email>` or `admin-token`. */
  actor: string;
  note: string | null;
  created_at: number;
}

export interface PlaybookVersionTables {
  playbook_versions: PlaybookVersionsTable;
}

export interface NewPlaybookVersion {
  portalId: number;
  text: string;
  fileName: string;
  actor: string;
  note: string | null;
  createdAt: number;
}

export interface StoredPlaybookVersion extends NewPlaybookVersion {
  version: number;
}

/** Saves the next version (1 for the first); null when another save took that number first. */
export async function savePlaybookVersion(
  db: Kysely<StoreDatabase>,
  playbook: NewPlaybookVersion,
): Promise<number | null> {
  const latest = await db
    .selectFrom('playbook_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('portal_id', '=', playbook.portalId)
    .executeTakeFirst();
  const version = Number(latest?.version ?? 0) + 1;
  const row = await db
    .insertInto('playbook_versions')
    .values({
      portal_id: playbook.portalId,
      version,
      text: playbook.text,
      file_name: playbook.fileName,
      actor: playbook.actor,
      note: playbook.note,
      created_at: playbook.createdAt,
    })
    .onConflict((conflict) => conflict.columns(['portal_id', 'version']).doNothing())
    .returning('version')
    .executeTakeFirst();
  return row ? Number(row.version) : null;
}

/** Newest first; `version` picks one. */
export async function listPlaybookVersions(
  db: Kysely<StoreDatabase>,
  filter: { portalId: number; limit: number; version?: number },
): Promise<StoredPlaybookVersion[]> {
  const rows = await db
    .selectFrom('playbook_versions')
    .selectAll()
    .where('portal_id', '=', filter.portalId)
    .$if(filter.version !== undefined, (query) => query.where('version', '=', filter.version as number))
    .orderBy('version', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map(toStoredPlaybookVersion);
}

function toStoredPlaybookVersion(row: Selectable<PlaybookVersionsTable>): StoredPlaybookVersion {
  return {
    portalId: Number(row.portal_id),
    version: Number(row.version),
    text: row.text,
    fileName: row.file_name,
    actor: row.actor,
    note: row.note,
    createdAt: Number(row.created_at),
  };
}

/** Each portal's saved playbook versions; the newest is the one that decides. */
export interface PlaybookVersions {
  /** Saves the portal's next playbook version; null when a concurrent save took the number. */
  save(playbook: NewPlaybookVersion): Promise<number | null>;
  /** Newest first (the newest is the active one); `version` picks one. */
  list(filter: { portalId: number; limit: number; version?: number }): Promise<StoredPlaybookVersion[]>;
}

export class KyselyPlaybookVersions implements PlaybookVersions {
  constructor(private readonly store: StoreContext) {}

  save(playbook: NewPlaybookVersion): Promise<number | null> {
    return savePlaybookVersion(this.store.db(), playbook);
  }

  list(filter: { portalId: number; limit: number; version?: number }): Promise<StoredPlaybookVersion[]> {
    return listPlaybookVersions(this.store.db(), filter);
  }
}
