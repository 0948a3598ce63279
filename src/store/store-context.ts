import type { Kysely } from 'kysely';
import type { StoreDatabase, StoreDialect } from './schema';

/**
 * What a repository needs from the store that made it: where its queries go and how to run several
 * statements as one. A store bound to a transaction hands its repositories that transaction, so
 * `tx.jobs.enqueue(…)` commits with everything else `tx` did.
 */
export interface StoreContext {
  readonly dialect: StoreDialect;
  /** Where queries go: the joined transaction when there is one, else the pool. */
  db(): Kysely<StoreDatabase>;
  /** Runs several statements atomically, joining the current transaction if there is one. */
  atomically<T>(work: (db: Kysely<StoreDatabase>) => Promise<T>): Promise<T>;
  /** True when calls run inside a transaction (a bound store, or one joined by the call chain). */
  inTransaction(): boolean;
}
