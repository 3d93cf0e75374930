import {
  BIAS_GROUP,
  loadModelGroups,
  modelFromFile,
  type DenseEmbedder,
  type LoadedGroup,
  type ModelFileContents,
} from '../../ml/index.js';
import type { Store } from '../../store/store.js';

import {
  denseVectors,
  featureMatrixOf,
  type FeatureSpec,
  type PreparedComment,
} from './comment-features.js';
import type { ModelServices } from './model-services.js';

// ml.md §4.4: a committed version loaded for prediction. Loaded versions are cached per process (at
// most two per dataset, dropped after 10 idle minutes, ml.md §10.6) because unpacking weights costs far
// more than scoring a handful of comments.

/** A label's prediction: calibrated probability and the version's suggested thresholds. */
export type LabelPrediction = {
  readonly name: string;
  readonly group: string;
  readonly probability: number;
  /** `high_recall, balanced, high_precision`, or null when the label has none. */
  readonly thresholds: readonly [number, number, number] | null;
};

export type ScoredComments = {
  readonly groups: readonly { readonly group: LoadedGroup; readonly probabilities: Float64Array }[];
  readonly reviewed: Float64Array | null;
};

export type VersionPredictor = {
  readonly datasetId: string;
  readonly version: number;
  readonly spec: FeatureSpec;
  readonly groups: readonly LoadedGroup[];
  /** Every modelled label's prediction per comment, in input order. */
  predict(
    store: Store,
    services: ModelServices,
    comments: readonly PreparedComment[],
    at: string,
    options?: { signal?: AbortSignal | undefined; persist?: boolean },
  ): Promise<LabelPrediction[][]>;
  /**
   * Calibrated probabilities per group (label-major over the comments, NaN for unmodelled labels) and
   * the bias model's `P(reviewed | x)` (null without a bias model): the bulk path of `dataset-predict`.
   */
  score(
    store: Store,
    services: ModelServices,
    comments: readonly PreparedComment[],
    at: string,
    options?: { signal?: AbortSignal | undefined; persist?: boolean },
  ): Promise<ScoredComments>;
};

const PER_DATASET = 2;
const IDLE_MILLIS = 10 * 60 * 1000;
const cache = new Map<string, { predictor: VersionPredictor; usedAt: number }>();

function evict(datasetId: string): void {
  const now = Date.now();
  for (const [key, entry] of cache) {
    if (now - entry.usedAt > IDLE_MILLIS) {
      cache.delete(key);
    }
  }
  const mine = [...cache.entries()]
    .filter(([, entry]) => entry.predictor.datasetId === datasetId)
    .sort((a, b) => b[1].usedAt - a[1].usedAt);
  for (const [key] of mine.slice(PER_DATASET)) {
    cache.delete(key);
  }
}

function createPredictor(
  datasetId: string,
  version: number,
  contents: ModelFileContents,
): VersionPredictor {
  const spec = contents.featureSpec as FeatureSpec;
  const loaded = loadModelGroups(contents);
  const groups = loaded.filter((group) => group.name !== BIAS_GROUP);
  const bias = loaded.find((group) => group.name === BIAS_GROUP) ?? null;
  const predictor: VersionPredictor = {
    datasetId,
    version,
    spec,
    groups,
    async predict(store, services, comments, at, options = {}) {
      const scored = await predictor.score(store, services, comments, at, options);
      const rows = comments.length;
      const out: LabelPrediction[][] = comments.map(() => []);
      for (const { group, probabilities } of scored.groups) {
        group.labels.forEach((name, label) => {
          const first = group.thresholds[3 * label]!;
          const thresholds: LabelPrediction['thresholds'] = Number.isNaN(first)
            ? null
            : [first, group.thresholds[3 * label + 1]!, group.thresholds[3 * label + 2]!];
          for (let row = 0; row < rows; row += 1) {
            const probability = probabilities[label * rows + row]!;
            if (!Number.isNaN(probability)) {
              out[row]!.push({ name, group: group.name, probability, thresholds });
            }
          }
        });
      }
      for (const list of out) {
        list.sort((a, b) => b.probability - a.probability || (a.name < b.name ? -1 : 1));
      }
      return out;
    },
    async score(store, services, comments, at, options = {}) {
      let dense: (Float32Array | null)[] | null = null;
      if (spec.dense !== null) {
        const embedder: DenseEmbedder = await services.denseEmbedder(spec.dense);
        dense = await denseVectors(store, embedder, comments, at, options.signal, {
          persist: options.persist ?? true,
        });
      }
      const features = featureMatrixOf(
        comments,
        contents.corpus,
        dense === null ? null : { vectors: dense, dimensions: contents.denseDimensions },
      );
      return {
        groups: groups.map((group) => ({ group, probabilities: group.score(features) })),
        reviewed: bias === null ? null : bias.score(features),
      };
    },
  };
  return predictor;
}

/** The predictor of a committed version (null when the version does not exist). */
export async function loadPredictor(
  store: Store,
  datasetId: string,
  version: number,
): Promise<VersionPredictor | null> {
  const key = `${datasetId}:${version}`;
  const hit = cache.get(key);
  if (hit) {
    hit.usedAt = Date.now();
    return hit.predictor;
  }
  const bytes = await store.models.getFile(datasetId, version);
  if (bytes === null) {
    return null;
  }
  const predictor = createPredictor(datasetId, version, modelFromFile(bytes));
  cache.set(key, { predictor, usedAt: Date.now() });
  evict(datasetId);
  return predictor;
}
