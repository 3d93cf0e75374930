import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createApp } from '../src/api/create-app.js';
import { loadConfig } from '../src/config.js';
import type { Deps } from '../src/domain/deps.js';
import { systemClock } from '../src/lib/clock.js';
import { cryptoIds } from '../src/lib/ids.js';
import { createLogger } from '../src/log.js';
import { createSqliteStore } from '../src/store/sqlite/create-sqlite-store.js';
import { createModelServices } from '../src/worker/model-services.js';

// One Sift in this process on a temporary SQLite file, for the benchmarks and the eval harness: the
// production app and domain, encoders in process (benches time the work, not IPC), called through
// `app.inject` with the admin token.

export type InProcessSift = {
  deps: Deps;
  app: Awaited<ReturnType<typeof createApp>>['app'];
  /** A request as the admin; anything but 200 throws with the response body. */
  call: (method: string, url: string, body?: unknown) => Promise<Record<string, unknown>>;
  close: () => Promise<void>;
};

export async function startInProcessSift(options: {
  token: string;
  /** Prefix of the temporary data directory. */
  name: string;
  trainDebounceMillis: number;
}): Promise<InProcessSift> {
  const directory = mkdtempSync(join(tmpdir(), `${options.name}-`));
  const config = loadConfig({
    SIFT_ADMIN_TOKEN: options.token,
    SIFT_LOG_LEVEL: 'warn',
    SIFT_DATA_DIR: directory,
    SIFT_TRAIN_DEBOUNCE_MS: String(options.trainDebounceMillis),
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
  return {
    deps,
    app,
    async call(method, url, body) {
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      const parsed = response.json<Record<string, unknown>>();
      if (response.statusCode !== 200) {
        throw new Error(
          `${method} ${url} → ${response.statusCode} ${JSON.stringify(parsed).slice(0, 500)}`,
        );
      }
      return parsed;
    },
    async close() {
      await app.close();
      await models.close();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Creates project `bench` and source `bench/<name>` and syncs the records as body-only comments. */
export async function addBenchSource(
  sift: InProcessSift,
  name: string,
  records: readonly { id: string; text: string }[],
): Promise<string> {
  await sift.call('PUT', '/api/_private/projects/bench', { user_ids: [] });
  const source = await sift.call('PUT', `/api/v1/sources/bench/${name}`, { source: {} });
  for (let start = 0; start < records.length; start += 4096) {
    await sift.call('POST', `/api/v1/sources/bench/${name}/sync`, {
      comments: records.slice(start, start + 4096).map((record) => ({
        id: record.id,
        timestamp: '2022-03-15T09:00:00Z',
        messages: [{ body: { text: record.text } }],
      })),
    });
  }
  return (source['source'] as { id: string }).id;
}
