import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

import { createApp } from '../../src/api/create-app.js';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/domain/deps.js';
import type { ModelServices } from '../../src/domain/models/model-services.js';
import { systemClock } from '../../src/lib/clock.js';
import { cryptoIds } from '../../src/lib/ids.js';
import { createLogger } from '../../src/log.js';
import type { Store } from '../../src/store/store.js';
import { createModelServices } from '../../src/worker/model-services.js';
import { startWorker, type RunningWorker } from '../../src/worker/start-worker.js';

import { makeStore } from './make-store.js';

// One USE-lite per test process: loading it takes seconds and its vectors never depend on the test.
const sharedModelServices = createModelServices({ embedderProcesses: 0 });

export const ADMIN_TOKEN = 'sift_test-admin-token-0123456789abcdef';

export type CallOptions = {
  token?: string | null;
  body?: unknown;
  /** Sent verbatim instead of JSON-encoding `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
};

export type CallResult = {
  statusCode: number;
  body: Record<string, unknown> & { status: 'ok' | 'error'; message?: string };
  headers: Record<string, unknown>;
};

export type TestApp = {
  app: FastifyInstance;
  store: Store;
  deps: Deps;
  call(method: string, url: string, options?: CallOptions): Promise<CallResult>;
  /** Runs jobs (training, predictions) in this process until `close`. */
  startWorker(): void;
  close(): Promise<void>;
};

/**
 * An in-process Sift on the backend of the current vitest project. Every call checks the protocol rules
 * that hold for all routes: a JSON envelope whose `status` agrees with the HTTP code, and Server-Timing.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { models?: ModelServices; webDistDir?: string } = {},
): Promise<TestApp> {
  const store = await makeStore();
  const config = loadConfig({
    SIFT_ADMIN_TOKEN: ADMIN_TOKEN,
    SIFT_LOG_LEVEL: 'silent',
    SIFT_DATA_DIR: '/tmp/sift-test-unused',
    ...env,
  });
  const deps: Deps = {
    store,
    clock: systemClock,
    ids: cryptoIds,
    log: createLogger(config),
    config,
    models: options.models ?? sharedModelServices,
  };
  const { app } = await createApp(
    deps,
    options.webDistDir === undefined ? {} : { webDistDir: options.webDistDir },
  );
  let worker: RunningWorker | null = null;
  return {
    app,
    store,
    deps,
    async call(method, url, options = {}) {
      const token = options.token === undefined ? ADMIN_TOKEN : options.token;
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (token !== null) {
        headers['authorization'] = `Bearer ${token}`;
      }
      let payload: string | undefined = options.rawBody;
      if (payload === undefined && options.body !== undefined) {
        payload = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(payload === undefined ? {} : { payload }),
      });
      expect(response.headers['server-timing'], `${method} ${url}`).toMatch(
        /^total;dur=\d+(\.\d+)?$/,
      );
      const body = response.json<CallResult['body']>();
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      expect(body.status, `${method} ${url} → ${response.statusCode} ${response.body}`).toBe(
        ok ? 'ok' : 'error',
      );
      if (!ok) {
        expect(typeof body.message === 'string' && body.message.length > 0).toBe(true);
      }
      return { statusCode: response.statusCode, body, headers: response.headers };
    },
    startWorker() {
      worker ??= startWorker(deps, { pollMillis: 50 });
    },
    async close() {
      await worker?.stop();
      await app.close();
      await store.close();
    },
  };
}
