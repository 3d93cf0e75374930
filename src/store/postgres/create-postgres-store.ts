import { fileURLToPath } from 'node:url';

import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

import { createKyselyStore } from '../kysely/create-kysely-store.js';
import { listMigrations } from '../migration-files.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

// An arbitrary constant: serialises migrations when several Sift processes start at once.
const MIGRATION_LOCK_KEY = 7_309_411;

export type PostgresStoreOptions = {
  url: string;
  /** A schema to create and use instead of `public` (test isolation, architecture.md §6.5). */
  schema?: string;
  maxConnections?: number;
};

/** Connects to PostgreSQL and applies pending migrations. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`invalid schema name '${options.schema}'`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  try {
    await applyPostgresMigrations(pool, options.schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return createKyselyStore(
    db,
    {
      dialect: 'postgres',
      skipLocked: true,
      expectedSchemaVersion: Math.max(0, ...listMigrations(MIGRATIONS_DIR).map((m) => m.version)),
    },
    () => db.destroy(),
  );
}

async function applyPostgresMigrations(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    if (schema !== undefined) {
      // The name was checked against a strict identifier pattern above.
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    }
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS sift_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM sift_migrations')).rows.map(
        (row) => row.version,
      ),
    );
    for (const file of listMigrations(MIGRATIONS_DIR)) {
      if (applied.has(file.version)) {
        continue;
      }
      await client.query(file.sql);
      await client.query(
        'INSERT INTO sift_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [file.version, file.name, new Date().toISOString()],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
