import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';

import type { Config } from '../config.js';
import type { Deps } from '../domain/deps.js';
import { systemClock } from '../lib/clock.js';
import { cryptoIds } from '../lib/ids.js';
import { createLogger } from '../log.js';
import { openStore } from '../store/open-store.js';
import { createModelServices } from '../worker/model-services.js';
import { superviseWorker, type SupervisedWorker } from '../worker/supervise-worker.js';

import { createApp } from './create-app.js';
import { lockDataDir } from './data-dir-lock.js';

export type RunningServer = {
  app: FastifyInstance;
  url: string;
  /** The admin token generated on first start (null when SIFT_ADMIN_TOKEN set it or it already existed). */
  generatedAdminToken: string | null;
  adminTokenFile: string | null;
  close(): Promise<void>;
};

/** Entrypoint of `sift server`: store → deps → app → listen. */
export async function startServer(config: Config): Promise<RunningServer> {
  const log = createLogger(config);
  // The data dir holds the database and the admin token: the server's user only (issue 20 #5).
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(config.dataDir, 0o700);
  // The SQLite file lives in the data dir; with PostgreSQL several servers may share one database.
  const lock =
    config.databaseUrl === null
      ? lockDataDir(config.dataDir, new Date(Number(systemClock.nowMicros() / 1000n)).toISOString())
      : null;
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(config);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const models = createModelServices({ embedderProcesses: config.embedderProcesses });
  const deps: Deps = { store, clock: systemClock, ids: cryptoIds, log, config, models };
  const { app, generatedAdminToken } = await createApp(deps);
  let adminTokenFile: string | null = null;
  if (generatedAdminToken !== null) {
    adminTokenFile = join(config.dataDir, 'admin-token');
    writeFileSync(adminTokenFile, `${generatedAdminToken}\n`, { mode: 0o600 });
    chmodSync(adminTokenFile, 0o600);
  }
  const address = await app.listen({ port: config.port, host: config.host });
  log.info({ address, store: store.dialect }, 'sift server listening');
  // architecture.md §2: the embedded default forks one worker process and supervises it.
  const worker: SupervisedWorker | null =
    config.worker === 'embedded' ? superviseWorker(log) : null;
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
        await worker?.stop();
        await models.close();
        await store.close();
        lock?.release();
      })();
      return closing;
    },
  };
}
