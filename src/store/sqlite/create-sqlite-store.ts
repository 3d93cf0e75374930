import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

import { createKyselyStore } from '../kysely/create-kysely-store.js';
import { listMigrations } from '../migration-files.js';
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
  database.pragma('busy_timeout = 5000');
  applySqliteMigrations(database);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
  return createKyselyStore(
    db,
    {
      dialect: 'sqlite',
      skipLocked: false,
      expectedSchemaVersion: Math.max(0, ...listMigrations(MIGRATIONS_DIR).map((m) => m.version)),
    },
    () => db.destroy(),
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
