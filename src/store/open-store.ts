import { KyselyStore } from './kysely-store';
import { migrateToLatest } from './migrations';
import { openPostgres } from './postgres';
import type { StoreDatabase, StoreDialect } from './schema';
import { openSqlite } from './sqlite';
import type { Store } from './store';
import type { Kysely } from 'kysely';

export interface OpenStoreOptions {
  /** PostgreSQL only: the schema to use (created if missing), so tests can each have their own. */
  schema?: string;
  /** PostgreSQL only: connections in this process's pool. */
  maxConnections?: number;
}

/** The engine and Kysely instance behind a `DATABASE_URL`, before migrations. */
export async function openDatabase(
  databaseUrl: string,
  options: OpenStoreOptions = {},
): Promise<{ db: Kysely<StoreDatabase>; dialect: StoreDialect }> {
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length);
    if (file === '') throw new Error('DATABASE_URL "sqlite:" names no file: use sqlite:./data/handoff.db');
    return { db: openSqlite(file), dialect: 'sqlite' };
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return { db: await openPostgres(databaseUrl, options), dialect: 'postgres' };
  }
  throw new Error('DATABASE_URL must start with sqlite: (e.g. sqlite:./data/handoff.db) or postgres://');
}

/**
 * Opens the store named by `databaseUrl` (`sqlite:PATH`, `sqlite::memory:` or `postgres://…`),
 * brings its schema up to date and returns it.
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { db, dialect } = await openDatabase(databaseUrl, options);
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db, dialect);
}
