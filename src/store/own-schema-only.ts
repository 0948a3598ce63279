import { sql, type DatabaseIntrospector, type Kysely, type TableMetadata } from 'kysely';
import type { StoreDatabase } from './schema';

/**
 * The database as kysely's Migrator should see it on PostgreSQL: its bookkeeping looks for its
 * tables with an introspection of every schema in the database, and that query fails with "schema
 * … does not exist" when another process drops a schema while it runs (other test runs and
 * reliability worlds sharing one database do). Here the introspection reads the store's own
 * schema only; everything else is the database itself.
 */
export function ownSchemaOnly(db: Kysely<StoreDatabase>, schema: string): Kysely<StoreDatabase> {
  const introspection: DatabaseIntrospector = {
    getSchemas: () => db.introspection.getSchemas(),
    getMetadata: async () => ({ tables: await ownTables() }),
    getTables: () => ownTables(),
  };
  const ownTables = async (): Promise<TableMetadata[]> => {
    const { rows } = await sql<{ name: string; type: string }>`
      select table_name as name, table_type as type from information_schema.tables
      where table_schema = ${schema}`.execute(db);
    return rows.map((row) => ({ name: row.name, schema, isView: row.type === 'VIEW', columns: [] }));
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      // Kysely keeps its state in private fields: its methods must run on the real instance.
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
