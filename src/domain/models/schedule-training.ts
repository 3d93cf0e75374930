import { formatMicros } from '../../lib/timestamps.js';
import type { Store } from '../../store/store.js';
import type { Deps } from '../deps.js';

const QUIET_MICROS = 10_000_000n;
const MAX_DELAY_MICROS = 60_000_000n;

/**
 * Debounced retrain (ml.md §4.1): 10 s after the last change, never more than 60 s after the first
 * unprocessed one. Runs in the caller's transaction, so a rejected write schedules nothing.
 */
export async function scheduleTraining(
  store: Store,
  deps: Pick<Deps, 'clock' | 'ids'>,
  datasetId: string,
): Promise<void> {
  const now = deps.clock.nowMicros();
  await store.jobs.schedule({
    id: deps.ids.next(),
    kind: 'model-train',
    target: datasetId,
    payload: { v: 1, dataset_id: datasetId },
    priority: 0,
    run_after: formatMicros(now + QUIET_MICROS),
    deadline: formatMicros(now + MAX_DELAY_MICROS),
    now: formatMicros(now),
  });
}
