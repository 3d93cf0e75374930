import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { createPostgresStore } from '../../src/store/postgres/create-postgres-store.js';
import { createSqliteStore } from '../../src/store/sqlite/create-sqlite-store.js';
import type { Store } from '../../src/store/store.js';

/** The PostgreSQL test database: TEST_DATABASE_URL, else the local trust-auth server (stack.md §5.1). */
export function testDatabaseUrl(): string {
  return process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** A fresh in-memory SQLite store. */
export function makeSqliteStore(): Store {
  return createSqliteStore({ filename: ':memory:' });
}

/** A fresh PostgreSQL store in its own schema, dropped again on close (architecture.md §6.5). */
export async function makePostgresStore(): Promise<Store> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = testDatabaseUrl();
  const store = await createPostgresStore({ url, schema, maxConnections: 4 });
  return {
    ...store,
    async close() {
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The backend chosen by the vitest project (SIFT_TEST_STORE). */
export async function makeStore(): Promise<Store> {
  return process.env['SIFT_TEST_STORE'] === 'postgres' ? makePostgresStore() : makeSqliteStore();
}
