import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { StoreDatabase } from './schema';

export interface PostgresOptions {
  /** Schema to live in (created if missing); tests use a fresh one each. Default: the server's search_path. */
  schema?: string;
  /** Pool size per process. */
  maxConnections?: number;
}

const INT8_OID = 20;

/**
 * `bigint` columns hold epoch milliseconds, ids, portal and object ids: all far below 2^53, so they
 * are read as plain numbers rather than pg's default strings.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens a pool on `url`, and with `schema`, creates it and makes it the only schema searched. */
export async function openPostgres(
  url: string,
  options: PostgresOptions = {},
): Promise<Kysely<StoreDatabase>> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name "${schema}": use lower-case letters, digits and _`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  if (schema) {
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    } catch (error) {
      // Two processes starting together may both try to create it; the loser finds it there.
      const exists = await sql<{
        found: number;
      }>`select 1 as found from pg_namespace where nspname = ${schema}`.execute(db);
      if (exists.rows.length === 0) {
        await db.destroy();
        throw error;
      }
    }
  }
  return db;
}
