import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createApp } from '../src/api/create-app.js';
import { loadConfig } from '../src/config.js';
import type { Deps } from '../src/domain/deps.js';
import { featureSpecOf, prepareComment } from '../src/domain/models/comment-features.js';
import { systemClock } from '../src/lib/clock.js';
import { cryptoIds } from '../src/lib/ids.js';
import { formatMicros } from '../src/lib/timestamps.js';
import { createLogger } from '../src/log.js';
import { sampleKey } from '../src/ml/index.js';
import { createSqliteStore } from '../src/store/sqlite/create-sqlite-store.js';
import { createModelServices } from '../src/worker/model-services.js';

import { prefillEmbeddings } from './embedding-cache.js';
import { readDataset, type DataRecord } from './shared-data.js';

// Shared setup of the model benchmarks (ml.md §10.6): CLINC150 in-scope training records as comments of
// one source, a dataset with the 150 intents (and their 10 domain parents), dense vectors pre-cached.

const TOKEN = 'sift_bench-models-admin-token-0001';

export type ModelBench = {
  deps: Deps;
  sourceId: string;
  records: DataRecord[];
  call(method: string, url: string, body?: unknown): Promise<Record<string, unknown>>;
  /** Creates a dataset over the source and annotates the given records with their gold label. */
  createDataset(name: string, annotated: readonly DataRecord[]): Promise<string>;
  annotate(dataset: string, annotated: readonly DataRecord[]): Promise<void>;
  close(): Promise<void>;
};

export function seededSample(
  records: readonly DataRecord[],
  count: number,
  seed: number,
): DataRecord[] {
  return [...records]
    .sort((a, b) => {
      const ka = sampleKey(seed, a.id);
      const kb = sampleKey(seed, b.id);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    })
    .slice(0, count);
}

export async function setUpModelBench(): Promise<ModelBench> {
  const records = readDataset('clinc150').filter(
    (record) => record.split === 'train' && record.labels[0] !== 'oos',
  );
  const directory = mkdtempSync(join(tmpdir(), 'sift-bench-models-'));
  const config = loadConfig({
    SIFT_ADMIN_TOKEN: TOKEN,
    SIFT_LOG_LEVEL: 'warn',
    SIFT_DATA_DIR: directory,
    SIFT_TRAIN_DEBOUNCE_MS: '600000',
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
  const call = async (method: string, url: string, body?: unknown) => {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const parsed = response.json<Record<string, unknown>>();
    if (response.statusCode !== 200) {
      throw new Error(`${method} ${url} → ${response.statusCode} ${JSON.stringify(parsed)}`);
    }
    return parsed;
  };
  await call('PUT', '/api/_private/projects/bench', { user_ids: [] });
  const source = await call('PUT', '/api/v1/sources/bench/clinc', { source: {} });
  const sourceId = (source['source'] as { id: string }).id;
  for (let start = 0; start < records.length; start += 4096) {
    await call('POST', '/api/v1/sources/bench/clinc/sync', {
      comments: records.slice(start, start + 4096).map((record) => ({
        id: record.id,
        timestamp: '2022-03-15T09:00:00Z',
        messages: [{ body: { text: record.text } }],
      })),
    });
  }
  // Dense vectors "already cached" (ml.md §10.6): embedded once per machine, copied into this store.
  const comments = await store.comments.getMany(
    sourceId,
    records.map((record) => record.id),
  );
  const inputs = comments.flatMap((comment) => {
    const prepared = prepareComment(comment);
    return prepared.encoderHash === null
      ? []
      : [{ hash: prepared.encoderHash, text: prepared.encoderInput }];
  });
  await prefillEmbeddings(
    store,
    await models.denseEmbedder(featureSpecOf('english').dense!),
    inputs,
    formatMicros(systemClock.nowMicros()),
  );
  const labels = [...new Set(records.map((record) => record.labels[0]!))].sort();
  const annotate = async (dataset: string, annotated: readonly DataRecord[]) => {
    for (let start = 0; start < annotated.length; start += 4096) {
      await call('POST', `/api/v1/datasets/bench/${dataset}/sync-annotations`, {
        annotations: annotated.slice(start, start + 4096).map((record) => ({
          comment_uid: `${sourceId}.${record.id}`,
          labels: [{ name: record.labels[0]! }],
        })),
      });
    }
  };
  return {
    deps,
    sourceId,
    records,
    call,
    async createDataset(name, annotated) {
      const created = await call('PUT', `/api/v1/datasets/bench/${name}`, {
        dataset: { source_ids: [sourceId], label_defs: labels.map((label) => ({ name: label })) },
      });
      await annotate(name, annotated);
      return (created['dataset'] as { id: string }).id;
    },
    annotate,
    async close() {
      await app.close();
      await models.close();
      await store.close();
    },
  };
}
