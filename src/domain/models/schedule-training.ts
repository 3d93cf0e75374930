import { JOB_PRIORITIES } from '../../contracts/jobs.js';
import { formatMicros, parseMicros } from '../../lib/timestamps.js';
import type { Store } from '../../store/store.js';
import type { Deps } from '../deps.js';

const MAX_DELAY_MICROS = 60_000_000n;

/**
 * Debounced retrain (ml.md §4.1): 10 s after the last change (`SIFT_TRAIN_DEBOUNCE_MS`), never more than
 * 60 s after the first unprocessed one. Runs in the caller's transaction, so a rejected write schedules
 * nothing.
 */
export async function scheduleTraining(
  store: Store,
  deps: Pick<Deps, 'clock' | 'ids' | 'config'>,
  datasetId: string,
): Promise<void> {
  const now = deps.clock.nowMicros();
  const quiet = BigInt(deps.config.trainDebounceMillis) * 1000n;
  await store.jobs.schedule({
    id: deps.ids.next(),
    kind: 'model-train',
    target: datasetId,
    payload: { v: 1, dataset_id: datasetId },
    priority: JOB_PRIORITIES['model-train'],
    run_after: formatMicros(now + quiet),
    deadline: formatMicros(now + (quiet > MAX_DELAY_MICROS ? quiet : MAX_DELAY_MICROS)),
    now: formatMicros(now),
  });
}

/** ml.md §4.3 step 10: store every comment's predictions under the new version, as soon as possible. */
export async function schedulePrediction(
  store: Store,
  deps: Pick<Deps, 'clock' | 'ids'>,
  datasetId: string,
  version: number,
): Promise<void> {
  const now = formatMicros(deps.clock.nowMicros());
  await store.jobs.schedule({
    id: deps.ids.next(),
    kind: 'dataset-predict',
    target: datasetId,
    payload: { v: 1, dataset_id: datasetId, version },
    priority: JOB_PRIORITIES['dataset-predict'],
    run_after: now,
    deadline: now,
    now,
  });
}

const EMBED_QUIET_MICROS = 2_000_000n;
const EMBED_MAX_DELAY_MICROS = 10_000_000n;

/**
 * ml.md §2.3/§4.1: synced comments are embedded in the background (`comments-embed`) and then predicted
 * with each dataset's newest version; a burst of syncs to one source becomes one job.
 */
export async function scheduleSourceEmbedding(
  store: Store,
  deps: Pick<Deps, 'clock' | 'ids'>,
  sourceId: string,
): Promise<void> {
  const now = deps.clock.nowMicros();
  await store.jobs.schedule({
    id: deps.ids.next(),
    kind: 'comments-embed',
    target: sourceId,
    payload: { v: 1, source_id: sourceId },
    priority: JOB_PRIORITIES['comments-embed'],
    run_after: formatMicros(now + EMBED_QUIET_MICROS),
    deadline: formatMicros(now + EMBED_MAX_DELAY_MICROS),
    now: formatMicros(now),
  });
}

const THEMES_QUIET_MICROS = 5_000_000n;

/**
 * ml.md §7.3: Discover reruns after a new version or new comments, a few seconds after the last such
 * event but at most once per `SIFT_THEMES_INTERVAL_MS` (10 minutes by default) per dataset. The interval
 * counts from the last run that stored themes, not from runs that found nothing to do (issue 14): a
 * dataset without themes gets its first run as soon as its comments are embedded.
 */
export async function scheduleThemes(
  store: Store,
  deps: Pick<Deps, 'clock' | 'ids' | 'config'>,
  datasetId: string,
): Promise<void> {
  const now = deps.clock.nowMicros();
  let runAfter = now + THEMES_QUIET_MICROS;
  const last = await store.themes.get(datasetId);
  if (last !== null) {
    const next = parseMicros(last.trained_time) + BigInt(deps.config.themesIntervalMillis) * 1000n;
    if (next > runAfter) {
      runAfter = next;
    }
  }
  await store.jobs.schedule({
    id: deps.ids.next(),
    kind: 'themes-discover',
    target: datasetId,
    payload: { v: 1, dataset_id: datasetId },
    priority: JOB_PRIORITIES['themes-discover'],
    run_after: formatMicros(runAfter),
    deadline: formatMicros(runAfter),
    now: formatMicros(now),
  });
}
