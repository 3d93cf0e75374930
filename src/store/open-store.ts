import { join } from 'node:path';

import { createPostgresStore } from './postgres/create-postgres-store.js';
import { createSqliteStore } from './sqlite/create-sqlite-store.js';
import type { Store } from './store.js';

/** The store of the configuration: PostgreSQL when `SIFT_DATABASE_URL` is set, else SQLite in the data dir. */
export async function openStore(config: {
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly sqliteSynchronous: 'NORMAL' | 'FULL';
  readonly pgPoolSize?: number;
}): Promise<Store> {
  if (config.databaseUrl !== null) {
    return createPostgresStore({
      url: config.databaseUrl,
      ...(config.pgPoolSize === undefined ? {} : { maxConnections: config.pgPoolSize }),
    });
  }
  return createSqliteStore({
    filename: join(config.dataDir, 'sift.sqlite'),
    synchronous: config.sqliteSynchronous,
  });
}
