import { sha256Hex } from '../../lib/hash.js';
import {
  deriveSeed,
  discoverThemes,
  MIN_POPULATION,
  normaliseRows,
  sampleKey,
  tfidfVector,
} from '../../ml/index.js';
import type { CommentRecord, Store } from '../../store/store.js';
import type { Deps } from '../deps.js';
import {
  corpusStatsOf,
  featureSpecOf,
  prepareComment,
  type PreparedComment,
} from '../models/comment-features.js';
import { now } from '../time.js';

// ml.md §7.1 as a job: the population of unreviewed comments, their vectors, the clustering, and the
// stored theme set that `GET …/themes` serves.
//
// Discover never embeds (issue 14): it clusters the vectors the `comments-embed` backlog cached, and
// while that backlog runs for one of the dataset's sources it waits (the backlog schedules Discover
// again when it ends), so no text is embedded by two jobs at once. A stored theme set is refreshed when
// the model version changed or at least REFRESH_FRACTION of the clustered comments are new.

const MAX_POPULATION = 20_000;
const PAGE = 2048;
/** Sparse-only families fold their TF-IDF vectors into this many signed buckets before clustering. */
const FOLDED_DIMENSIONS = 512;
/** τ_j without a validated threshold (ml.md §7.1 step 4 "covered"). */
const COVERED_PROBABILITY = 0.5;
/** Share of new comments (relative to the last run's population) that makes a refresh worthwhile. */
const REFRESH_FRACTION = 0.1;

export type ThemesOutcome =
  { kind: 'skipped'; reason: string } | { kind: 'discovered'; themes: number; population: number };

async function datasetComments(store: Store, sourceIds: readonly string[]) {
  const comments: CommentRecord[] = [];
  for (let afterSeq = 0; ;) {
    const page = await store.comments.scan({ sourceIds, afterSeq, limit: PAGE });
    comments.push(...page);
    if (page.length < PAGE) {
      return comments;
    }
    afterSeq = page[page.length - 1]!.seq;
  }
}

/** Sparse-only families: a signed fold of the TF-IDF vector (keeps cosines close on average). */
function foldedVectors(prepared: readonly PreparedComment[]): Float32Array {
  const stats = corpusStatsOf(prepared);
  const rows = new Float32Array(prepared.length * FOLDED_DIMENSIONS);
  prepared.forEach((comment, row) => {
    const vector = tfidfVector(comment.counts, stats);
    for (let index = 0; index < vector.indices.length; index += 1) {
      const feature = vector.indices[index]!;
      const sign = Math.imul(feature, 0x9e3779b1) >>> 31 === 0 ? 1 : -1;
      const bucket = row * FOLDED_DIMENSIONS + (feature % FOLDED_DIMENSIONS);
      rows[bucket] = rows[bucket]! + sign * vector.values[index]!;
    }
  });
  return rows;
}

export async function discoverDatasetThemes(
  deps: Pick<Deps, 'store' | 'clock'>,
  datasetId: string,
  signal?: AbortSignal,
): Promise<ThemesOutcome> {
  const { store } = deps;
  const dataset = await store.datasets.getById(datasetId);
  if (!dataset) {
    return { kind: 'skipped', reason: 'dataset deleted' };
  }
  const spec = featureSpecOf(dataset.model_family);
  if (
    spec.dense !== null &&
    (await store.jobs.listActive(dataset.source_ids, ['comments-embed'])).length > 0
  ) {
    return { kind: 'skipped', reason: 'waiting for the embedding backlog' };
  }
  const reviewed = new Set(
    (await store.annotations.listForDataset(dataset.id, dataset.source_ids))
      .filter((record) => record.reviewed)
      .map((record) => `${record.source_id}.${record.comment_id}`),
  );
  let unreviewed = (await datasetComments(store, dataset.source_ids))
    .map(prepareComment)
    .filter((comment) => !reviewed.has(comment.uid) && comment.primaryText.trim() !== '');
  if (spec.dense !== null) {
    const cached = await store.embeddings.cachedHashes(
      spec.dense,
      unreviewed.flatMap((comment) => (comment.encoderHash === null ? [] : [comment.encoderHash])),
    );
    unreviewed = unreviewed.filter(
      (comment) => comment.encoderHash !== null && cached.has(comment.encoderHash),
    );
  }
  const latest = await store.models.latest(dataset.id);
  const fingerprint = sha256Hex(
    [
      spec.dense ?? spec.sparse,
      String(latest?.version ?? 0),
      ...unreviewed.map((comment) => `${comment.uid}:${comment.encoderHash ?? ''}`).sort(),
    ].join('\n'),
  );
  const previous = await store.themes.get(dataset.id);
  if (previous === null && unreviewed.length < MIN_POPULATION) {
    // Nothing to cluster yet: storing an empty set would start the throttle before the first useful run.
    return { kind: 'skipped', reason: 'too few embedded comments to cluster' };
  }
  if (previous?.fingerprint === fingerprint) {
    return { kind: 'skipped', reason: 'population and version unchanged' };
  }
  if (
    previous !== null &&
    previous.population !== null &&
    previous.population !== undefined &&
    previous.version === (latest?.version ?? null) &&
    unreviewed.length < previous.population * (1 + REFRESH_FRACTION)
  ) {
    return { kind: 'skipped', reason: 'fewer than 10 % of the comments are new' };
  }
  const seed = deriveSeed(dataset.id, 'themes', fingerprint);
  const population =
    unreviewed.length <= MAX_POPULATION
      ? unreviewed
      : unreviewed
          .map((comment) => ({ comment, key: sampleKey(seed, comment.uid) }))
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
          .slice(0, MAX_POPULATION)
          .map((entry) => entry.comment);
  let prepared = population;
  let vectors: Float32Array;
  let dimensions: number;
  if (spec.dense !== null) {
    const cached = await store.embeddings.getMany(
      spec.dense,
      population.map((comment) => comment.encoderHash!),
    );
    prepared = population.filter((comment) => cached.has(comment.encoderHash!));
    dimensions = cached.values().next().value?.length ?? 0;
    vectors = new Float32Array(prepared.length * dimensions);
    prepared.forEach((comment, row) =>
      vectors.set(cached.get(comment.encoderHash!)!, row * dimensions),
    );
  } else {
    dimensions = FOLDED_DIMENSIONS;
    vectors = foldedVectors(population);
  }
  normaliseRows(vectors, dimensions);
  signal?.throwIfAborted();
  const covered = new Set<string>();
  if (latest !== null && prepared.length >= MIN_POPULATION) {
    const bySource = new Map<string, string[]>();
    for (const comment of prepared) {
      const dot = comment.uid.indexOf('.');
      const sourceId = comment.uid.slice(0, dot);
      bySource.set(sourceId, [...(bySource.get(sourceId) ?? []), comment.uid.slice(dot + 1)]);
    }
    for (const [sourceId, ids] of bySource) {
      for (const record of await store.predictions.getForComments(dataset.id, sourceId, ids)) {
        if (record.labels.some(([, probability]) => probability >= COVERED_PROBABILITY)) {
          covered.add(`${record.source_id}.${record.comment_id}`);
        }
      }
    }
  }
  const result = discoverThemes({
    uids: prepared.map((comment) => comment.uid),
    primaryTexts: prepared.map((comment) => comment.primaryText),
    vectors,
    dimensions,
    covered: prepared.map((comment) => covered.has(comment.uid)),
    seed,
  });
  await store.themes.put({
    dataset_id: dataset.id,
    trained_time: now(deps),
    fingerprint,
    version: latest?.version ?? null,
    population: unreviewed.length,
    themes: result.themes.map((theme) => ({
      id: theme.id,
      name: theme.name,
      keywords: theme.keywords,
      keyword_weights: theme.keywordWeights,
      size: theme.size,
      score: theme.score,
      representatives: theme.representatives,
      members: theme.members,
    })),
  });
  return { kind: 'discovered', themes: result.themes.length, population: prepared.length };
}
