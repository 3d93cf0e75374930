import type { Deps } from '../src/domain/deps.js';
import { prepareComment } from '../src/domain/models/comment-features.js';
import { sampleKey } from '../src/ml/index.js';

import { prefillPrepared } from './embedding-cache.js';
import { addBenchSource, startInProcessSift } from './in-process-sift.js';
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
  const sift = await startInProcessSift({
    token: TOKEN,
    name: 'sift-bench-models',
    trainDebounceMillis: 600_000,
  });
  const { deps, call } = sift;
  const sourceId = await addBenchSource(sift, 'clinc', records);
  // Dense vectors "already cached" (ml.md §10.6): embedded once per machine, copied into this store.
  const comments = await deps.store.comments.getMany(
    sourceId,
    records.map((record) => record.id),
  );
  await prefillPrepared(deps, comments.map(prepareComment));
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
      await sift.close();
    },
  };
}
