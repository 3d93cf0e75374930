import { JOB_PRIORITIES, type JobProgress } from '../../contracts/jobs.js';
import { formatMicros } from '../../lib/timestamps.js';
import type { Deps } from '../deps.js';
import { now } from '../time.js';

import { denseVectors, featureSpecOf, prepareComment } from './comment-features.js';
import type { ModelServices } from './model-services.js';
import { schedulePrediction, scheduleThemes } from './schedule-training.js';

// ml.md §2.3 `comments-embed`: after a sync, the source's comments get their dense vectors (only those
// not cached yet — the cache is keyed by content), so training and prediction never wait for them; then
// every dataset over the source that has a version predicts the new comments (ml.md §4.1).
//
// A backlog is embedded in chunks of about CHUNK_MILLIS: each job ends after its chunk and schedules a
// continuation that resumes after the last comment it read, so a `model-train` job (claimed first, by
// priority) waits for one chunk, never for the whole backlog (issue 14).

const CHUNK_MILLIS = 3_000;
// Pages start small and double while they take under a quarter of a chunk, so a chunk stays near
// CHUNK_MILLIS whether the texts are short tickets (hundreds per second) or long emails on a slow
// encoder (a few per second), and the scan's cache lookups stay cheap.
const FIRST_PAGE = 16;
const MAX_PAGE = 512;

export type EmbedOutcome =
  | { kind: 'continued'; after_seq: number; done: number; total: number }
  | { kind: 'embedded'; embedded_datasets: number; comments: number };

export type EmbedPosition = { afterSeq: number; done: number; startedAt: string | null };

export async function embedSource(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'config'>,
  services: ModelServices,
  sourceId: string,
  signal?: AbortSignal,
  options: {
    from?: EmbedPosition;
    onProgress?: (progress: JobProgress) => void;
    /** Milliseconds after which the job hands over to a continuation (tests shorten it). */
    chunkMillis?: number;
  } = {},
): Promise<EmbedOutcome> {
  const { store } = deps;
  const datasets = (await store.datasets.list()).filter((dataset) =>
    dataset.source_ids.includes(sourceId),
  );
  const encoders = [
    ...new Set(
      datasets.flatMap((dataset) => {
        const dense = featureSpecOf(dataset.model_family).dense;
        return dense === null ? [] : [dense];
      }),
    ),
  ].sort();
  const startedAt = options.from?.startedAt ?? now(deps);
  let afterSeq = options.from?.afterSeq ?? 0;
  let done = options.from?.done ?? 0;
  const chunkMillis = options.chunkMillis ?? CHUNK_MILLIS;
  const chunkEnd = performance.now() + chunkMillis;
  let pageSize = FIRST_PAGE;
  if (encoders.length > 0) {
    const total = await store.comments.count({ sourceIds: [sourceId] });
    const embedders = await Promise.all(encoders.map((id) => services.denseEmbedder(id)));
    for (;;) {
      signal?.throwIfAborted();
      const pageStart = performance.now();
      const page = await store.comments.scan({ sourceIds: [sourceId], afterSeq, limit: pageSize });
      if (page.length === 0) {
        break;
      }
      const prepared = page.map(prepareComment);
      for (const embedder of embedders) {
        await denseVectors(store, embedder, prepared, now(deps), signal);
      }
      done += page.length;
      afterSeq = page[page.length - 1]!.seq;
      options.onProgress?.({
        phase: 'embedding',
        done: Math.min(done, total),
        total,
        started_at: startedAt,
      });
      if (page.length < pageSize) {
        break;
      }
      if (performance.now() - pageStart < chunkMillis / 4) {
        pageSize = Math.min(MAX_PAGE, pageSize * 2);
      }
      if (performance.now() >= chunkEnd) {
        await continueLater(deps, sourceId, { afterSeq, done, startedAt });
        return { kind: 'continued', after_seq: afterSeq, done, total };
      }
    }
  }
  let predicted = 0;
  for (const dataset of datasets) {
    await scheduleThemes(store, deps, dataset.id);
    const latest = await store.models.latest(dataset.id);
    if (latest !== null) {
      await schedulePrediction(store, deps, dataset.id, latest.version);
      predicted += 1;
    }
  }
  return { kind: 'embedded', embedded_datasets: predicted, comments: done };
}

/**
 * Schedules the next chunk, unless a sync already scheduled a job for the source: that one starts from
 * the beginning (an updated comment keeps its sequence number) and skips what is cached, so it covers
 * this backlog too.
 */
async function continueLater(
  deps: Pick<Deps, 'store' | 'clock' | 'ids'>,
  sourceId: string,
  position: { afterSeq: number; done: number; startedAt: string },
): Promise<void> {
  await deps.store.transaction(async (store) => {
    const pending = (await store.jobs.listActive([sourceId], ['comments-embed'])).some(
      (job) => job.status === 'pending',
    );
    if (pending) {
      return;
    }
    const at = formatMicros(deps.clock.nowMicros());
    await store.jobs.schedule({
      id: deps.ids.next(),
      kind: 'comments-embed',
      target: sourceId,
      payload: {
        v: 1,
        source_id: sourceId,
        after_seq: position.afterSeq,
        done: position.done,
        started_at: position.startedAt,
      },
      priority: JOB_PRIORITIES['comments-embed'],
      run_after: at,
      deadline: at,
      now: at,
    });
  });
}
