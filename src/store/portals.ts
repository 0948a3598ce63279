import type { Kysely } from 'kysely';
import { toPortalRecord, toPortalRow } from './rows';
import type { StoreDatabase } from './schema';
import type { StoreContext } from './store-context';

export type PortalStatus = 'installed' | 'uninstalled';

/** An installed HubSpot account. Token fields hold ciphertext only; the store never sees a token. */
export interface PortalRecord {
  portalId: number;
  status: PortalStatus;
  accessTokenCipher: string | null;
  refreshTokenCipher: string | null;
  accessTokenExpiresAt: number | null;
  scopes: string[];
  installedAt: number;
  updatedAt: number;
}

export type ConsumeStateResult = 'ok' | 'unknown' | 'used' | 'expired';

/** Installed portals (their encrypted tokens) and the OAuth states of installs under way. */
export interface Portals {
  upsert(portal: PortalRecord): Promise<void>;
  get(portalId: number): Promise<PortalRecord | null>;
  /** Portals with OAuth tokens that are installed. */
  installed(): Promise<PortalRecord[]>;
  /** Remembers an OAuth `state` (stored as given; callers pass a hash). */
  saveOAuthState(stateHash: string, expiresAt: number, now: number): Promise<void>;
  /** Uses a state once: the first call with a known, unexpired state gets `ok`. */
  consumeOAuthState(stateHash: string, now: number): Promise<ConsumeStateResult>;
}

export class KyselyPortals implements Portals {
  constructor(private readonly store: StoreContext) {}

  async upsert(portal: PortalRecord): Promise<void> {
    const { portal_id: _key, ...changes } = toPortalRow(portal);
    await this.store
      .db()
      .insertInto('portals')
      .values(toPortalRow(portal))
      .onConflict((conflict) => conflict.column('portal_id').doUpdateSet(changes))
      .execute();
  }

  async get(portalId: number): Promise<PortalRecord | null> {
    const row = await this.store
      .db()
      .selectFrom('portals')
      .selectAll()
      .where('portal_id', '=', portalId)
      .executeTakeFirst();
    return row ? toPortalRecord(row) : null;
  }

  async installed(): Promise<PortalRecord[]> {
    const rows = await this.store
      .db()
      .selectFrom('portals')
      .selectAll()
      .where('status', '=', 'installed')
      .execute();
    return rows.map(toPortalRecord);
  }

  async saveOAuthState(stateHash: string, expiresAt: number, now: number): Promise<void> {
    await this.store.atomically((db) => saveOAuthState(db, stateHash, expiresAt, now));
  }

  consumeOAuthState(stateHash: string, now: number): Promise<ConsumeStateResult> {
    return consumeOAuthState(this.store.db(), stateHash, now);
  }
}

/** Spent OAuth states are kept a day so a late callback still hears `expired`, then dropped. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

/** Saves a state, to be run in one transaction; also drops states long past their expiry. */
async function saveOAuthState(
  db: Kysely<StoreDatabase>,
  stateHash: string,
  expiresAt: number,
  now: number,
): Promise<void> {
  await db
    .deleteFrom('oauth_states')
    .where('expires_at', '<', now - RETENTION_MS)
    .execute();
  // A state already saved keeps its first record, so saving it again can never revive a used one.
  await db
    .insertInto('oauth_states')
    .values({ state_hash: stateHash, expires_at: expiresAt, created_at: now, used_at: null })
    .onConflict((conflict) => conflict.column('state_hash').doNothing())
    .execute();
}

/** Uses a state once. */
async function consumeOAuthState(
  db: Kysely<StoreDatabase>,
  stateHash: string,
  now: number,
): Promise<ConsumeStateResult> {
  // One conditional UPDATE decides the winner, so two racing callbacks cannot both get `ok`.
  const taken = await db
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 1) return 'ok';
  const row = await db
    .selectFrom('oauth_states')
    .select('used_at')
    .where('state_hash', '=', stateHash)
    .executeTakeFirst();
  if (!row) return 'unknown';
  return row.used_at === null ? 'expired' : 'used';
}
