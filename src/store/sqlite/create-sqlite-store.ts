import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

import { createKyselyStore } from '../kysely/create-kysely-store.js';
import { listMigrations } from '../migration-files.js';
import { createThreadedQueryRepo } from '../query/query-reader.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export type SqliteStoreOptions = {
  /** A file path, or `:memory:` for tests. */
  filename: string;
  synchronous?: 'NORMAL' | 'FULL';
};

/** Opens (creating if needed) the embedded store and applies pending migrations. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  if (options.filename !== ':memory:') {
    restrictFiles(options.filename);
  }
  const database = new BetterSqlite3(options.filename);
  database.pragma('journal_mode = WAL');
  if (options.filename !== ':memory:') {
    // SQLite gives -wal and -shm the mode of the database file; this covers files left by older versions.
    restrictFiles(options.filename);
  }
  // NORMAL survives a process kill in WAL mode; FULL also survives power loss (architecture.md §6.2).
  database.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  database.pragma('foreign_keys = ON');
  // Waits for the other process's write lock instead of failing at once. Every write transaction of
  // the worker is short (a page of vectors or predictions, one version), so 5 s is never reached
  // unless something is wrong, and it bounds how long a request can block the event loop.
  database.pragma('busy_timeout = 5000');
  applySqliteMigrations(database);
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }),
  });
  // Heavy dataset-query reads go to a reader thread on files (issue 14); `:memory:` cannot be shared.
  const reader = options.filename === ':memory:' ? null : createThreadedQueryRepo(options.filename);
  return createKyselyStore(
    db,
    {
      dialect: 'sqlite',
      skipLocked: false,
      expectedSchemaVersion: Math.max(0, ...listMigrations(MIGRATIONS_DIR).map((m) => m.version)),
    },
    async () => {
      await reader?.close();
      await db.destroy();
    },
    false,
    reader ?? undefined,
  );
}

/**
 * The database holds every comment, attachment and token digest: only the server's user may read it
 * (issue 20 #5). A new directory is created 0700; the database file is created 0600 before SQLite opens
 * it, and an existing one (with its -wal and -shm) is tightened to 0600.
 */
function restrictFiles(filename: string): void {
  mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
  if (!existsSync(filename)) {
    closeSync(openSync(filename, 'a', 0o600));
  }
  for (const path of [filename, `${filename}-wal`, `${filename}-shm`]) {
    if (existsSync(path)) {
      chmodSync(path, 0o600);
    }
  }
}

/**
 * Every transaction starts `BEGIN IMMEDIATE` (docs/adr/2026-12-06-job-priorities-and-write-transactions.md).
 * A deferred transaction that reads and then writes cannot take the write lock once another process
 * (the worker) committed after its read: SQLite answers SQLITE_BUSY_SNAPSHOT at once, without waiting,
 * and the request failed with "database is locked". IMMEDIATE takes the write lock before the first read,
 * so the busy timeout applies and the transaction always sees the newest commit.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

// Kysely prepares every query afresh; preparing a multi-row INSERT costs about as much as running it,
// so a batch upload paid it on every request. Kysely serialises queries on the one connection, so a
// cached statement is never used by two queries at once.
const STATEMENT_CACHE_SIZE = 512;

function withStatementCache(database: BetterSqlite3.Database): {
  prepare(sql: string): BetterSqlite3.Statement;
  close(): void;
} {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql) {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) {
          cache.delete(cache.keys().next().value!);
        }
      } else {
        // Re-inserting keeps the map in least-recently-used order.
        cache.delete(sql);
      }
      cache.set(sql, statement);
      return statement;
    },
    close: () => {
      cache.clear();
      database.close();
    },
  };
}

function applySqliteMigrations(database: BetterSqlite3.Database): void {
  database.exec(
    'CREATE TABLE IF NOT EXISTS sift_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    database
      .prepare('SELECT version FROM sift_migrations')
      .all()
      .map((row) => (row as { version: number }).version),
  );
  for (const file of listMigrations(MIGRATIONS_DIR)) {
    if (applied.has(file.version)) {
      continue;
    }
    // IMMEDIATE takes the write lock up front, so two processes starting together cannot both migrate.
    database
      .transaction(() => {
        const again = database
          .prepare('SELECT 1 FROM sift_migrations WHERE version = ?')
          .get(file.version);
        if (again) {
          return;
        }
        database.exec(file.sql);
        database
          .prepare('INSERT INTO sift_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(file.version, file.name, new Date().toISOString());
      })
      .immediate();
  }
}
