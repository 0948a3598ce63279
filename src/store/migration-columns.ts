import type { ColumnDefinitionBuilder } from 'kysely';
import type { StoreDialect } from './schema';

/** An auto-numbered key: bigint identity in PostgreSQL, INTEGER AUTOINCREMENT in SQLite. */
export function idType(dialect: StoreDialect): 'bigint' | 'integer' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

export function autoId(col: ColumnDefinitionBuilder, dialect: StoreDialect): ColumnDefinitionBuilder {
  // AUTOINCREMENT keeps SQLite from reusing the id of a deleted newest row, so an id in an old log
  // line never names a different row.
  return dialect === 'postgres'
    ? col.primaryKey().generatedByDefaultAsIdentity()
    : col.primaryKey().autoIncrement();
}
