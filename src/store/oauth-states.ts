import type { Kysely } from 'kysely';
import type { StoreDatabase } from './schema';
import type { ConsumeStateResult } from './store';

/** Spent OAuth states are kept a day so a late callback still hears `expired`, then dropped. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

/** Saves a state, to be run in one transaction; also drops states long past their expiry. */
export async function saveOAuthState(
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
export async function consumeOAuthState(
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
