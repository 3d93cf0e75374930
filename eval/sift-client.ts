import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { prefillEmbeddings } from '../bench/embedding-cache.js';
import { createApp } from '../src/api/create-app.js';
import { loadConfig } from '../src/config.js';
import type { Deps } from '../src/domain/deps.js';
import { featureSpecOf, prepareDocument } from '../src/domain/models/comment-features.js';
import { systemClock } from '../src/lib/clock.js';
import { cryptoIds } from '../src/lib/ids.js';
import { formatMicros } from '../src/lib/timestamps.js';
import { createLogger } from '../src/log.js';
import { createSqliteStore } from '../src/store/sqlite/create-sqlite-store.js';
import { createModelServices } from '../src/worker/model-services.js';
import { startWorker, type RunningWorker } from '../src/worker/start-worker.js';

// ml.md §10.1: the harness talks to Sift only through its HTTP API, either to an in-process server
// (createApp + a worker running the production `model-train` handler) or to a running one (--via-api).

export type EvalClient = {
  call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  /** In-process only: copies cached dense vectors of these texts into the store (ml.md §10.1). */
  prefill?(texts: readonly string[]): Promise<void>;
  /**
   * In-process only: hold training while a run's annotations go in, so that each run trains once, from
   * cold, as a server with the default debounce does for a burst of annotations (warm starts from
   * intermediate versions would make figures depend on timing).
   */
  pauseTraining?(): Promise<void>;
  resumeTraining?(): void;
  /** In-process only: serves the same deployment over real HTTP on a free port; returns its URL. */
  listen?(): Promise<string>;
  close(): Promise<void>;
};

const TOKEN = 'sift_eval-harness-admin-token-01';

function check(
  method: string,
  path: string,
  status: number,
  body: Record<string, unknown>,
): Record<string, unknown> {
  if (status !== 200) {
    throw new Error(`${method} ${path} → ${status} ${JSON.stringify(body).slice(0, 500)}`);
  }
  return body;
}

export async function inProcessSift(family = 'english'): Promise<EvalClient> {
  const directory = mkdtempSync(join(tmpdir(), 'sift-eval-'));
  const config = loadConfig({
    SIFT_ADMIN_TOKEN: TOKEN,
    SIFT_LOG_LEVEL: 'warn',
    SIFT_DATA_DIR: directory,
    SIFT_TRAIN_DEBOUNCE_MS: '0',
  });
  const store = createSqliteStore({ filename: join(directory, 'sift.sqlite') });
  const models = createModelServices({ embedderProcesses: 0, trainThreads: config.trainThreads });
  const deps: Deps = {
    store,
    clock: systemClock,
    ids: cryptoIds,
    log: createLogger(config),
    config,
    models,
  };
  const { app } = await createApp(deps);
  let worker: RunningWorker | null = null;
  return {
    async call(method, path, body) {
      const response = await app.inject({
        method: method as 'GET',
        url: path,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      return check(method, path, response.statusCode, response.json<Record<string, unknown>>());
    },
    async prefill(texts) {
      const dense = featureSpecOf(family).dense;
      if (dense === null) {
        return;
      }
      const inputs = texts.flatMap((text, index) => {
        const prepared = prepareDocument(String(index), [{ body: { text } }]);
        return prepared.encoderHash === null
          ? []
          : [{ hash: prepared.encoderHash, text: prepared.encoderInput }];
      });
      await prefillEmbeddings(
        store,
        await models.denseEmbedder(dense),
        inputs,
        formatMicros(systemClock.nowMicros()),
      );
    },
    async pauseTraining() {
      await worker?.stop();
      worker = null;
    },
    resumeTraining() {
      worker ??= startWorker(deps, { pollMillis: 20, kinds: ['model-train'] });
    },
    async listen() {
      return app.listen({ host: '127.0.0.1', port: 0 });
    },
    async close() {
      await worker?.stop();
      await app.close();
      await models.close();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export function httpSift(baseUrl: string, token = TOKEN): EvalClient {
  const base = baseUrl.replace(/\/+$/u, '');
  return {
    async call(method, path, body) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return check(
        method,
        path,
        response.status,
        (await response.json()) as Record<string, unknown>,
      );
    },
    async close() {},
  };
}
