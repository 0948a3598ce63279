import type { Kysely } from 'kysely';
import { migrateTo } from '../../src/store/migrations';
import { openDatabase, openStore, type OpenStoreOptions } from '../../src/store/open-store';
import type { StoreDatabase } from '../../src/store/schema';
import type { Store } from '../../src/store/store';

/** A database left at migration 0005 by an older release, seeded, then opened by this one. */
export async function openUpgraded(
  databaseUrl: string,
  options: OpenStoreOptions,
  seed: (db: Kysely<StoreDatabase>) => Promise<void>,
): Promise<Store> {
  const { db, dialect } = await openDatabase(databaseUrl, options);
  try {
    await migrateTo(db, dialect, '0005_playbook_versions');
    await seed(db);
  } finally {
    await db.destroy();
  }
  return openStore(databaseUrl, options);
}
