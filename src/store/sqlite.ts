import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import type { StoreDatabase } from './schema';

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/** An async lock: one holder at a time, first come first served. */
class AsyncLock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const turn = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return turn;
  }
}

/**
 * One lock per database file in this process. better-sqlite3 is synchronous: if two connections in
 * one process held the same file (two stores opened on it, as tests do), the second writer would
 * spin in busy_timeout on the event loop while the first could never finish. Serializing every use
 * of a file here keeps that from happening; other processes are kept apart by SQLite's own locks.
 */
const fileLocks = new Map<string, AsyncLock>();

function lockFor(file: string): AsyncLock {
  if (file === ':memory:') return new AsyncLock();
  let lock = fileLocks.get(file);
  if (!lock) {
    lock = new AsyncLock();
    fileLocks.set(file, lock);
  }
  return lock;
}

/**
 * Kysely's SQLite driver, with transactions that take the write lock up front (`BEGIN IMMEDIATE`).
 * A deferred transaction that reads then writes fails with SQLITE_BUSY when another process wrote in
 * between, and busy_timeout cannot help it; an immediate one simply waits its turn.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  private releaseFile?: () => void;

  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly lock: AsyncLock,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    this.releaseFile = await this.lock.acquire();
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    const release = this.releaseFile;
    this.releaseFile = undefined;
    release?.();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly database: Database.Database,
    private readonly lock: AsyncLock,
  ) {
    super({ database });
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.database }, this.lock);
  }
}

/**
 * Opens (creating on first start, with its folder) the SQLite file at `file`, or an in-memory
 * database for `:memory:`.
 */
export function openSqlite(file: string): Kysely<StoreDatabase> {
  const location = file === ':memory:' ? file : path.resolve(file);
  if (location !== ':memory:') fs.mkdirSync(path.dirname(location), { recursive: true });
  const database = new Database(location);
  // WAL lets readers (the admin page, a second process) run while the worker writes.
  database.pragma('journal_mode = WAL');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('foreign_keys = ON');
  return new Kysely<StoreDatabase>({ dialect: new ImmediateSqliteDialect(database, lockFor(location)) });
}
