import type { JobProgress } from '../../contracts/jobs.js';
import type { WorkProgress } from '../../contracts/models.js';
import { parseMicros } from '../../lib/timestamps.js';
import type { DatasetRecord, JobRecord, Store } from '../../store/store.js';

import { featureSpecOf } from './comment-features.js';

// Issue 14 part 6: the `embedding_progress` and `training_progress` extensions of `dataset_status`,
// derived from the dataset's pending and running jobs and the progress they report (jobs.progress).

const MICROS = 1_000_000;

function progressOf(job: JobRecord): JobProgress | null {
  const progress = job.progress as JobProgress | null;
  return progress !== null && typeof progress === 'object' && typeof progress.done === 'number'
    ? progress
    : null;
}

/** Seconds left at the rate so far; null before there is a rate. */
function etaFromRate(
  done: number,
  total: number,
  startedAt: string,
  nowMicros: bigint,
): number | null {
  const elapsed = Number(nowMicros - parseMicros(startedAt)) / MICROS;
  if (done <= 0 || elapsed <= 0) {
    return null;
  }
  return Math.max(0, Math.round(((total - done) * elapsed) / done));
}

type Payload = { done?: number; started_at?: string; source_id?: string };

/** The embedding backlog of the dataset's sources, summed over sources; null when there is none. */
export async function embeddingProgress(
  store: Store,
  dataset: DatasetRecord,
  nowMicros: bigint,
): Promise<WorkProgress | null> {
  if (featureSpecOf(dataset.model_family).dense === null) {
    return null;
  }
  const jobs = await store.jobs.listActive(dataset.source_ids, ['comments-embed']);
  if (jobs.length === 0) {
    return null;
  }
  let done = 0;
  let total = 0;
  let running = false;
  let eta: number | null = 0;
  for (const sourceId of new Set(jobs.map((job) => job.target))) {
    const ofSource = jobs.filter((job) => job.target === sourceId);
    const current = ofSource.find((job) => job.status === 'running') ?? ofSource[0]!;
    const progress = current.status === 'running' ? progressOf(current) : null;
    const payload = current.payload as Payload;
    const sourceTotal = progress?.total ?? (await store.comments.count({ sourceIds: [sourceId] }));
    const sourceDone = Math.min(sourceTotal, progress?.done ?? payload.done ?? 0);
    const startedAt = progress?.started_at ?? payload.started_at;
    const sourceEta =
      startedAt === undefined ? null : etaFromRate(sourceDone, sourceTotal, startedAt, nowMicros);
    eta = eta === null || sourceEta === null ? null : Math.max(eta, sourceEta);
    running ||= current.status === 'running';
    done += sourceDone;
    total += sourceTotal;
  }
  return {
    state: running ? 'running' : 'queued',
    reason: 'backlog',
    done,
    total,
    eta_seconds: eta,
  };
}

/** The dataset's pending or running `model-train` job; null when none is. */
export async function trainingProgress(
  store: Store,
  dataset: DatasetRecord,
  nowMicros: bigint,
  lastDurationSeconds: number | null,
): Promise<WorkProgress | null> {
  const jobs = await store.jobs.listActive([dataset.id], ['model-train']);
  const running = jobs.find((job) => job.status === 'running');
  if (running !== undefined) {
    const progress = progressOf(running);
    if (progress === null) {
      return { state: 'running', reason: 'preparing', done: 0, total: 0, eta_seconds: null };
    }
    if (progress.phase === 'embedding') {
      return {
        state: 'running',
        reason: 'embedding',
        done: progress.done,
        total: progress.total,
        eta_seconds: etaFromRate(progress.done, progress.total, progress.started_at, nowMicros),
      };
    }
    const elapsed = Number(nowMicros - parseMicros(progress.started_at)) / MICROS;
    return {
      state: 'running',
      reason: progress.phase,
      done: progress.done,
      total: progress.total,
      eta_seconds:
        lastDurationSeconds === null
          ? null
          : Math.max(0, Math.round(lastDurationSeconds - elapsed)),
    };
  }
  const pending = jobs.find((job) => job.status === 'pending');
  if (pending === undefined) {
    return null;
  }
  const wait = Number(parseMicros(pending.run_after) - nowMicros) / MICROS;
  return wait > 0
    ? { state: 'queued', reason: 'debounce', done: 0, total: 0, eta_seconds: Math.ceil(wait) }
    : { state: 'queued', reason: 'waiting_for_worker', done: 0, total: 0, eta_seconds: null };
}
