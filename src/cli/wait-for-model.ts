import { labellerStatusRoute, type WorkProgress } from '../contracts/models.js';

import { CliError } from './errors.js';
import { startProgress, type Progress } from './progress.js';
import type { Session } from './session.js';

// Issue 14 part 6: `create annotations --wait-for-model` polls the training status (api.md §5.9.1 with
// the Sift `embedding_progress` / `training_progress` extension) until the newest version includes
// every annotation, drawing a bar for what the worker is doing and logging each change of state.

const POLL_MILLIS = 1000;

type Work = { key: string; message: string; done: number; total: number };

function describe(kind: 'Training' | 'Embedding', work: WorkProgress): Work {
  const reasons: Record<string, string> = {
    debounce: 'waiting for more annotations',
    waiting_for_worker: 'queued, waiting for the worker',
    preparing: 'preparing',
    embedding: 'embedding the reviewed comments',
    fitting: 'fitting the model',
    backlog: work.state === 'queued' ? 'queued' : 'embedding the synced comments',
  };
  return {
    key: `${kind}:${work.reason}:${work.state}`,
    message: `${kind}: ${reasons[work.reason] ?? work.reason}`,
    done: work.done,
    total: work.total,
  };
}

/** Waits until the dataset's newest version includes every annotation; returns that version. */
export async function waitForModel(
  session: Session,
  dataset: { project: string; name: string },
  options: { progress: boolean; timeoutSeconds: number },
): Promise<number | null> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let shown: { key: string; bar: Progress; message: string } | null = null;
  const show = (work: Work | null): void => {
    if (shown !== null && (work === null || work.key !== shown.key)) {
      shown.bar.stop();
      shown = null;
    }
    if (work === null) {
      return;
    }
    if (shown === null) {
      session.log.info(work.message);
      const current = { key: work.key, message: work.message, bar: null as unknown as Progress };
      current.bar = startProgress(session.io, session.log, {
        enabled: options.progress,
        total: work.total > 0 ? work.total : null,
        bytes: false,
        message: () => current.message,
      });
      shown = current;
    }
    shown.bar.update(work.done);
  };
  try {
    for (;;) {
      const { dataset_status: status } = await session.client.request(labellerStatusRoute, {
        params: dataset,
      });
      if (status.training_error !== undefined) {
        throw new CliError(`Training failed: ${status.training_error.message}`);
      }
      if (status.training_complete === null) {
        return null; // nothing to train on
      }
      if (status.training_complete === 1 && status.latest_version !== null) {
        return status.latest_version;
      }
      const training = status.training_progress;
      const embedding = status.embedding_progress;
      // Training is what the user waits for; the backlog is shown while training waits behind it.
      show(
        training !== null && training.reason !== 'waiting_for_worker'
          ? describe('Training', training)
          : embedding !== null
            ? describe('Embedding', embedding)
            : training !== null
              ? describe('Training', training)
              : null,
      );
      if (Date.now() > deadline) {
        throw new CliError(
          `Timed out after ${options.timeoutSeconds} s waiting for a model version`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MILLIS));
    }
  } finally {
    show(null);
  }
}
