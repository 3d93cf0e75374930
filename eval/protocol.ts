import type { EvalRecord } from './samplers.js';
import type { EvalClient } from './sift-client.js';

// One run of ml.md §10.1 through the API: a dataset over the shared source, the training records
// annotated through the labelling route, the model version awaited, the test records predicted.

export const PROJECT = 'eval';
export const SOURCE = 'corpus';
const PREDICT_BATCH = 4096;

export type RunResult = {
  /** Per test record: label → probability (every modelled label, threshold 0). */
  probabilities: Map<string, number>[];
  trainSeconds: number;
  predictMsP95: number;
  modelRating: number | null;
  ece: number | null;
};

/** Creates the project and source and syncs every record once (all runs share them). */
export async function syncCorpus(
  client: EvalClient,
  records: readonly EvalRecord[],
): Promise<string> {
  await client.call('PUT', `/api/_private/projects/${PROJECT}`, { user_ids: [] });
  const source = await client.call('PUT', `/api/v1/sources/${PROJECT}/${SOURCE}`, { source: {} });
  for (let start = 0; start < records.length; start += 4096) {
    await client.call('POST', `/api/v1/sources/${PROJECT}/${SOURCE}/sync`, {
      comments: records.slice(start, start + 4096).map((record) => ({
        id: record.id,
        timestamp:
          typeof record.meta?.['date'] === 'string' ? record.meta['date'] : '2022-03-15T09:00:00Z',
        messages: [
          {
            ...(typeof record.meta?.['subject'] === 'string'
              ? { subject: { text: record.meta['subject'] } }
              : {}),
            body: { text: record.text },
          },
        ],
      })),
    });
  }
  return (source['source'] as { id: string }).id;
}

export async function runOnce(
  client: EvalClient,
  options: {
    sourceId: string;
    dataset: string;
    labels: readonly string[];
    train: readonly EvalRecord[];
    test: readonly EvalRecord[];
    family: string;
  },
): Promise<RunResult> {
  const base = `/api/_private/datasets/${PROJECT}/${options.dataset}`;
  await client.call('PUT', `/api/v1/datasets/${PROJECT}/${options.dataset}`, {
    dataset: {
      source_ids: [options.sourceId],
      model_family: options.family,
      label_defs: options.labels.map((name) => ({ name })),
    },
  });
  await client.pauseTraining?.();
  const started = performance.now();
  for (const record of options.train) {
    await client.call('POST', `${base}/labellings/${options.sourceId}.${record.id}`, {
      labelling: [
        {
          group: 'default',
          assigned: record.labels.map((name) => ({
            name,
            metadata: { ui: { retrieval_method: 'shuffle' } },
          })),
        },
      ],
    });
  }
  const annotated = performance.now();
  client.resumeTraining?.();
  let version: number;
  for (;;) {
    const status = (await client.call('GET', `${base}/labellers/status`))['dataset_status'] as {
      training_complete: number | null;
      latest_version: number | null;
      training_error?: { message: string };
    };
    if (status.training_error !== undefined) {
      throw new Error(`training failed: ${status.training_error.message}`);
    }
    if (status.training_complete === 1 && status.latest_version !== null) {
      version = status.latest_version;
      break;
    }
    if (performance.now() - started > 30 * 60_000) {
      throw new Error('no model version after 30 minutes');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const trainSeconds = (performance.now() - annotated) / 1000;
  await client.call('PUT', `${base}/labellers/${version}/pin`);
  const probabilities: Map<string, number>[] = [];
  const latencies: number[] = [];
  for (let start = 0; start < options.test.length; start += PREDICT_BATCH) {
    const batch = options.test.slice(start, start + PREDICT_BATCH);
    const begin = performance.now();
    const predicted = await client.call(
      'POST',
      `/api/v1/datasets/${PROJECT}/${options.dataset}/labellers/${version}/predict-comments`,
      { uids: batch.map((record) => `${options.sourceId}.${record.id}`), threshold: 0 },
    );
    latencies.push(performance.now() - begin);
    for (const item of predicted['predictions'] as {
      labels: { name: string[]; probability: number }[];
    }[]) {
      probabilities.push(
        new Map(item.labels.map((label) => [label.name.join(' > '), label.probability])),
      );
    }
  }
  latencies.sort((a, b) => a - b);
  const validation = (await client.call('GET', `${base}/labellers/${version}/validation`))[
    'validation'
  ] as { model_rating?: { score?: number }; calibration?: { ece: number }[] };
  return {
    probabilities,
    trainSeconds,
    predictMsP95:
      latencies[Math.min(latencies.length - 1, Math.floor(0.95 * latencies.length))] ?? 0,
    modelRating: validation.model_rating?.score ?? null,
    ece: validation.calibration?.[0]?.ece ?? null,
  };
}
