import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';

import type { Config } from '../config.js';
import type { Deps } from '../domain/deps.js';
import { systemClock } from '../lib/clock.js';
import { cryptoIds } from '../lib/ids.js';
import { createLogger } from '../log.js';
import { createPostgresStore } from '../store/postgres/create-postgres-store.js';
import { createSqliteStore } from '../store/sqlite/create-sqlite-store.js';
import type { Store } from '../store/store.js';

import { createApp } from './create-app.js';

export type RunningServer = {
  app: FastifyInstance;
  url: string;
  /** The admin token generated on first start (null when SIFT_ADMIN_TOKEN set it or it already existed). */
  generatedAdminToken: string | null;
  adminTokenFile: string | null;
  close(): Promise<void>;
};

export async function openStore(config: Config): Promise<Store> {
  if (config.databaseUrl !== null) {
    return createPostgresStore({ url: config.databaseUrl });
  }
  return createSqliteStore({
    filename: join(config.dataDir, 'sift.sqlite'),
    synchronous: config.sqliteSynchronous,
  });
}

/** Entrypoint of `sift server`: store → deps → app → listen. */
export async function startServer(config: Config): Promise<RunningServer> {
  const log = createLogger(config);
  mkdirSync(config.dataDir, { recursive: true });
  const store = await openStore(config);
  const deps: Deps = { store, clock: systemClock, ids: cryptoIds, log, config };
  const { app, generatedAdminToken } = await createApp(deps);
  let adminTokenFile: string | null = null;
  if (generatedAdminToken !== null) {
    adminTokenFile = join(config.dataDir, 'admin-token');
    writeFileSync(adminTokenFile, `${generatedAdminToken}\n`, { mode: 0o600 });
    chmodSync(adminTokenFile, 0o600);
  }
  const address = await app.listen({ port: config.port, host: config.host });
  log.info({ address, store: store.dialect }, 'sift server listening');
  let closing: Promise<void> | null = null;
  return {
    app,
    url: address,
    generatedAdminToken,
    adminTokenFile,
    close() {
      closing ??= (async () => {
        // Stop accepting, let in-flight requests finish (Fastify waits for them), then close the store.
        await app.close();
        await store.close();
      })();
      return closing;
    },
  };
}
