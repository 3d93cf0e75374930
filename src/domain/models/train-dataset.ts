import type { JobProgress } from '../../contracts/jobs.js';
import { sha256Hex } from '../../lib/hash.js';
import { canonicalJson } from '../../lib/json.js';
import {
  BIAS_GROUP,
  DEFAULT_C,
  DEFAULT_LAMBDA_C,
  deriveSeed,
  LABEL_SEPARATOR,
  mapWarmStart,
  modelFromFile,
  modelToFile,
  sampleKey,
  trainModel,
  type LearningPoint,
  type ModelFileContents,
  type ModelFileGroup,
  type TrainedModel,
  type ValidationModeSetting,
  type WarmStart,
} from '../../ml/index.js';
import type { AnnotationRecord, CommentRecord, Store, TaxonomyRecord } from '../../store/store.js';
import type { Deps } from '../deps.js';
import { now } from '../time.js';

import {
  corpusStatsOf,
  denseVectors,
  featureMatrixOf,
  featureSpecOf,
  modelKindOf,
  prepareComment,
  type PreparedComment,
} from './comment-features.js';
import type { ModelServices } from './model-services.js';
import { schedulePrediction } from './schedule-training.js';
import { toStoredValidation, type VersionSummary } from './stored-validation.js';

// ml.md §4.3: one `model-train` job. Inputs are snapshotted, fingerprinted (a no-op when unchanged),
// featurised, trained by the pure pipeline of src/ml, and committed as the next version in one
// transaction; a `dataset-predict` job then stores every comment's predictions.

/** Bumped whenever ml.md's maths change, so equal annotations under new maths retrain (ml.md §4.2). */
export const ML_VERSION = 1;
const POPULATION_LIMIT = 20_000;
const BIAS_LIMIT = 5_000;
const SCAN_PAGE = 2_000;
/**
 * Comments without a cached vector that a training job embeds for its population and bias samples
 * (issue 14). Reviewed comments are always embedded; the rest of the samples come from what the
 * `comments-embed` backlog has cached, so a first version never waits for the whole dataset.
 */
const UNCACHED_SAMPLE_BUDGET = 128;

/** What a training job reports as its result. */
export type TrainingOutcome =
  | { kind: 'skipped'; reason: string }
  | {
      kind: 'trained';
      version: number;
      duration_s: number;
      /** Seconds per phase, for the job result and the benchmarks. */
      phases: Record<string, number>;
    };

type Snapshot = {
  taxonomy: TaxonomyRecord;
  groups: { name: string; labels: string[] }[];
  annotations: Map<string, AnnotationRecord>;
  fingerprint: string;
  inputUpdatedAt: string;
};

function withAncestors(names: Iterable<string>): string[] {
  const all = new Set<string>();
  for (const name of names) {
    const parts = name.split(LABEL_SEPARATOR);
    for (let depth = 1; depth <= parts.length; depth += 1) {
      all.add(parts.slice(0, depth).join(LABEL_SEPARATOR));
    }
  }
  return [...all].sort(compareCodePoints);
}

/** Ascending UTF-8 byte order (ml.md §0.2) — code-point order, which UTF-16 `<` is not. */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function validationModeOf(modelConfig: Record<string, unknown>): ValidationModeSetting {
  const mode = modelConfig['validation_mode'];
  return mode === 'holdout' || mode === 'cross_validation' ? mode : 'auto';
}

async function snapshot(
  store: Store,
  datasetId: string,
  family: string,
  modelConfig: Record<string, unknown>,
  sourceIds: string[],
  lastModified: string,
): Promise<Snapshot> {
  const taxonomy = (await store.taxonomy.load([datasetId])).get(datasetId)!;
  const groups = taxonomy.label_groups
    .filter((group) => group.trainable)
    .map((group) => ({
      name: group.name,
      labels: withAncestors(group.label_defs.filter((def) => def.trainable).map((def) => def.name)),
    }));
  const records = (await store.annotations.listForDataset(datasetId, sourceIds)).filter(
    (record) => record.reviewed,
  );
  const annotations = new Map(
    records.map((record) => [`${record.source_id}.${record.comment_id}`, record]),
  );
  const uids = [...annotations.keys()].sort(compareCodePoints);
  let inputUpdatedAt = lastModified;
  const annotationInput = uids.map((uid) => {
    const record = annotations.get(uid)!;
    if (record.updated_at > inputUpdatedAt) {
      inputUpdatedAt = record.updated_at;
    }
    return [
      uid,
      record.labelling.map((labelling) => ({
        group: labelling.group,
        assigned: labelling.assigned.map((label) => [label.name, label.sentiment]).sort(),
        dismissed: labelling.dismissed.map((label) => label.name).sort(),
        uninformative: labelling.uninformative ?? null,
      })),
    ];
  });
  const fingerprint = sha256Hex(
    canonicalJson({
      ml_version: ML_VERSION,
      family,
      feature_spec: featureSpecOf(family),
      groups,
      annotations: annotationInput,
      settings: {
        C: DEFAULT_C,
        lambda_c: DEFAULT_LAMBDA_C,
        validation_mode: validationModeOf(modelConfig),
      },
    }),
  );
  return { taxonomy, groups, annotations, fingerprint, inputUpdatedAt };
}

/** Every comment of the dataset's sources, in creation order. */
export async function loadDatasetComments(
  store: Store,
  sourceIds: readonly string[],
  signal?: AbortSignal,
): Promise<CommentRecord[]> {
  const comments: CommentRecord[] = [];
  if (sourceIds.length === 0) {
    return comments;
  }
  let afterSeq = 0;
  for (;;) {
    signal?.throwIfAborted();
    const page = await store.comments.scan({ sourceIds, afterSeq, limit: SCAN_PAGE });
    comments.push(...page);
    const last = page[page.length - 1];
    if (!last || page.length < SCAN_PAGE) {
      return comments;
    }
    afterSeq = last.seq;
  }
}

function smallestByKey<T>(items: readonly T[], limit: number, key: (item: T) => string): T[] {
  if (items.length <= limit) {
    return [...items];
  }
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit)
    .map((entry) => entry.item);
}

function isMarkedUninformative(record: AnnotationRecord | undefined): boolean {
  return (record?.labelling ?? []).some(
    (labelling) =>
      labelling.uninformative !== undefined &&
      labelling.uninformative !== null &&
      labelling.uninformative !== false,
  );
}

/** ml.md §3.4 warm start of `labels` from a group of an earlier model file, mapped by bucket. */
function warmStartFrom(
  previous: ModelFileContents,
  group: ModelFileGroup,
  nextVocabulary: Int32Array,
  labels: readonly string[],
): (WarmStart | null)[] {
  return mapWarmStart({
    previous: {
      formatVersion: 1,
      kind: 'ovr-logreg',
      params: {
        labels: group.labels,
        hasModel: group.hasModel,
        sparseDimensions: previous.corpus.vocabulary.length,
        denseDimensions: previous.denseDimensions,
        weights: group.weights,
        intercepts: group.intercepts,
        shifts: group.shifts,
      },
    },
    previousVocabulary: previous.corpus.vocabulary,
    nextVocabulary,
    labels,
  });
}

/**
 * The comments training may sample from: those whose dense vector is cached, the reviewed ones, and at
 * most UNCACHED_SAMPLE_BUDGET others (by sample key). All of them when few vectors are missing.
 */
async function withVectorsSoon(
  store: Store,
  encoder: string,
  prepared: readonly PreparedComment[],
  reviewed: ReadonlySet<string>,
  key: (comment: PreparedComment) => string,
): Promise<PreparedComment[]> {
  const cached = await store.embeddings.cachedHashes(
    encoder,
    prepared.flatMap((comment) => (comment.encoderHash === null ? [] : [comment.encoderHash])),
  );
  const ready = (comment: PreparedComment) =>
    comment.encoderHash === null || cached.has(comment.encoderHash) || reviewed.has(comment.uid);
  const missing = prepared.filter((comment) => !ready(comment));
  if (missing.length <= UNCACHED_SAMPLE_BUDGET) {
    return [...prepared];
  }
  const sampled = new Set(
    smallestByKey(missing, UNCACHED_SAMPLE_BUDGET, key).map((comment) => comment.uid),
  );
  return prepared.filter((comment) => ready(comment) || sampled.has(comment.uid));
}

/** Runs one `model-train` job for a dataset (ml.md §4.3). */
export async function trainDataset(
  deps: Pick<Deps, 'store' | 'clock' | 'ids'>,
  services: ModelServices,
  datasetId: string,
  signal?: AbortSignal,
  options: { onProgress?: (progress: JobProgress) => void } = {},
): Promise<TrainingOutcome> {
  const { store } = deps;
  const started = performance.now();
  const startedAt = now(deps);
  const report = (phase: string, done: number, total: number): void =>
    options.onProgress?.({ phase, done, total, started_at: startedAt });
  const dataset = await store.datasets.getById(datasetId);
  if (!dataset) {
    return { kind: 'skipped', reason: 'dataset deleted' };
  }
  const family = dataset.model_family;
  const spec = featureSpecOf(family);
  const modelConfig = dataset.model_config;
  const input = await snapshot(
    store,
    datasetId,
    family,
    modelConfig,
    dataset.source_ids,
    dataset.last_modified,
  );
  const latest = await store.models.latest(datasetId);
  if (latest?.fingerprint === input.fingerprint) {
    // A `dataset-predict` job steps aside for a due retrain; when that retrain is a no-op, the newest
    // version's predictions must still be completed.
    const predicted = await store.predictions.countForVersion(datasetId, latest.version);
    if (predicted < (await store.comments.count({ sourceIds: dataset.source_ids }))) {
      await schedulePrediction(store, deps, datasetId, latest.version);
    }
    return { kind: 'skipped', reason: 'inputs unchanged since the newest version' };
  }
  if (input.annotations.size === 0 || input.groups.every((group) => group.labels.length === 0)) {
    return { kind: 'skipped', reason: 'no annotations to train on' };
  }

  const phases: Record<string, number> = {};
  let phaseStart = performance.now();
  const phase = (name: string): void => {
    const at = performance.now();
    phases[name] = Number(((at - phaseStart) / 1000).toFixed(3));
    phaseStart = at;
  };
  phase('snapshot');
  const comments = await loadDatasetComments(store, dataset.source_ids, signal);
  phase('load');
  const prepared = comments.map(prepareComment);
  const stats = corpusStatsOf(prepared);
  phase('prepare');
  const byUid = new Map(prepared.map((comment) => [comment.uid, comment]));
  const reviewed = [...input.annotations.keys()]
    .filter((uid) => byUid.has(uid))
    .sort(compareCodePoints)
    .map((uid) => byUid.get(uid)!);
  if (reviewed.length === 0) {
    return { kind: 'skipped', reason: 'annotated comments are not in the dataset sources' };
  }
  const reviewedUids = new Set(reviewed.map((comment) => comment.uid));
  const coverageSeed = deriveSeed(datasetId, 'coverage', '');
  const candidates =
    spec.dense === null
      ? prepared
      : await withVectorsSoon(store, spec.dense, prepared, reviewedUids, (comment) =>
          sampleKey(coverageSeed, comment.uid),
        );
  const unreviewed = candidates.filter((comment) => !reviewedUids.has(comment.uid));

  const population = smallestByKey(
    candidates.filter((comment) => !isMarkedUninformative(input.annotations.get(comment.uid))),
    POPULATION_LIMIT,
    (comment) => sampleKey(coverageSeed, comment.uid),
  ).sort((a, b) => compareCodePoints(a.uid, b.uid));
  const biasSeed = deriveSeed(datasetId, 'bias', '');
  const biasReviewed = smallestByKey(reviewed, BIAS_LIMIT, (comment) =>
    sampleKey(biasSeed, comment.uid),
  );
  const biasUnreviewed = smallestByKey(unreviewed, biasReviewed.length, (comment) =>
    sampleKey(biasSeed, comment.uid),
  );
  const biasSample = [...biasReviewed, ...biasUnreviewed].sort((a, b) =>
    compareCodePoints(a.uid, b.uid),
  );

  // Dense vectors for every row any step reads (ml.md §4.3 step 2); failures fail the job loudly.
  const needed = new Map<string, PreparedComment>();
  for (const comment of [...reviewed, ...population, ...biasSample]) {
    needed.set(comment.uid, comment);
  }
  const neededList = [...needed.values()];
  let denseOf: Map<string, Float32Array | null> | null = null;
  let denseDimensions = 0;
  if (spec.dense !== null) {
    const embedder = await services.denseEmbedder(spec.dense);
    denseDimensions = embedder.dimensions;
    const vectors = await denseVectors(store, embedder, neededList, now(deps), signal, {
      onProgress: (done, total) => report('embedding', done, total),
    });
    phase('embed');
    denseOf = new Map(neededList.map((comment, index) => [comment.uid, vectors[index]!]));
  }
  const matrixOf = (rows: readonly PreparedComment[]) =>
    featureMatrixOf(
      rows,
      stats,
      denseOf === null
        ? null
        : {
            vectors: rows.map((comment) => denseOf.get(comment.uid) ?? null),
            dimensions: denseDimensions,
          },
    );

  const features = matrixOf(reviewed);
  // ml.md §3.4: warm start from the newest version when its feature spec is unchanged.
  const previousBytes =
    latest === null ? null : await store.models.getFile(datasetId, latest.version);
  const previous = previousBytes === null ? null : modelFromFile(previousBytes);
  const warmFrom =
    previous !== null &&
    canonicalJson(previous.featureSpec) === canonicalJson(spec) &&
    previous.denseDimensions === features.denseDimensions
      ? previous
      : null;
  const groups = input.groups.map((group) => {
    const rows: number[] = [];
    reviewed.forEach((comment, row) => {
      const record = input.annotations.get(comment.uid);
      if (record?.labelling.some((labelling) => labelling.group === group.name)) {
        rows.push(row);
      }
    });
    const labelIndex = new Map(group.labels.map((name, index) => [name, index]));
    const assigned = new Uint8Array(group.labels.length * rows.length);
    rows.forEach((row, r) => {
      const record = input.annotations.get(reviewed[row]!.uid)!;
      for (const labelling of record.labelling) {
        if (labelling.group !== group.name) {
          continue;
        }
        for (const label of labelling.assigned) {
          const index = labelIndex.get(label.name);
          if (index !== undefined) {
            assigned[index * rows.length + r] = 1;
          }
        }
      }
    });
    const previousGroup = warmFrom?.groups.find((item) => item.name === group.name);
    const warmStart =
      warmFrom === null || previousGroup === undefined
        ? undefined
        : warmStartFrom(warmFrom, previousGroup, stats.vocabulary, group.labels);
    return {
      name: group.name,
      labels: group.labels,
      rows: Int32Array.from(rows),
      assigned,
      warmStart,
    };
  });

  const history = new Map<string, LearningPoint[]>();
  for (const version of await store.models.history(datasetId, 10)) {
    const summary = version.summary as VersionSummary;
    for (const [label, point] of Object.entries(summary.label_points ?? {})) {
      const points = history.get(label) ?? [];
      points.push({ reviewedPositives: point[0], averagePrecision: point[1] });
      history.set(label, points);
    }
  }

  const previousBias = warmFrom?.groups.find((group) => group.name === BIAS_GROUP);
  const biasWarmStart =
    warmFrom === null || previousBias === undefined
      ? null
      : (warmStartFrom(warmFrom, previousBias, stats.vocabulary, previousBias.labels)[0] ?? null);
  const populationMatrix = matrixOf(population);
  const biasMatrix = matrixOf(biasSample);
  phase('features');
  report('fitting', 0, 1);
  const trained: TrainedModel = await trainModel({
    uids: reviewed.map((comment) => comment.uid),
    features,
    groups,
    validationMode: validationModeOf(modelConfig),
    population: {
      features: populationMatrix,
      unreviewed: Uint8Array.from(population, (comment) => (reviewedUids.has(comment.uid) ? 0 : 1)),
    },
    bias: {
      features: biasMatrix,
      uids: biasSample.map((comment) => comment.uid),
      reviewed: Uint8Array.from(biasSample, (comment) => (reviewedUids.has(comment.uid) ? 1 : 0)),
    },
    biasWarmStart,
    retrievalMethods: reviewed.map(
      (comment) => input.annotations.get(comment.uid)?.retrieval_method ?? 'unknown',
    ),
    history,
    signal,
    fit: services.fit,
  });

  phase('fit');
  const fileBytes = modelToFile({
    featureSpec: spec,
    C: DEFAULT_C,
    lambdaC: DEFAULT_LAMBDA_C,
    seeds: { coverage: coverageSeed, bias: biasSeed },
    siftVersion: services.siftVersion,
    corpus: stats,
    denseDimensions: features.denseDimensions,
    groups: [
      ...trained.groups.map((group) => group.file),
      ...(trained.biasGroup === null ? [] : [trained.biasGroup]),
    ],
  });
  const durationSeconds = (performance.now() - started) / 1000;
  const trainedTime = now(deps);
  const stored = toStoredValidation({
    trained,
    reviewedUids: reviewed.map((comment) => comment.uid),
    modelKind: modelKindOf(spec),
    fingerprint: input.fingerprint,
    trainedTime,
    inputUpdatedAt: input.inputUpdatedAt,
    trainingDuration: durationSeconds,
  });
  const version = await store.transaction(async (tx) => {
    const current = await tx.datasets.getById(datasetId);
    if (!current) {
      return null;
    }
    const committed = await tx.models.insert({
      dataset_id: datasetId,
      model_id: deps.ids.next(),
      fingerprint: input.fingerprint,
      trained_time: trainedTime,
      training_duration: durationSeconds,
      input_updated_at: input.inputUpdatedAt,
      reviewed_counts: stored.reviewedCounts,
      summary: stored.summary,
      validation: stored.validation,
      taxonomy: {
        label_groups: input.taxonomy.label_groups,
        entity_defs: input.taxonomy.entity_defs,
      },
      model_file: fileBytes,
      pinned: false,
      starred: false,
      description: '',
    });
    await schedulePrediction(tx, deps, datasetId, committed);
    return committed;
  });
  if (version === null) {
    return { kind: 'skipped', reason: 'dataset deleted during training' };
  }
  phase('commit');
  return { kind: 'trained', version, duration_s: durationSeconds, phases };
}
