import type { TSchema, Static } from 'typebox';
import { Value } from 'typebox/value';

import {
  CommentsEmbedPayload,
  DatasetPredictPayload,
  ModelTrainPayload,
  ThemesDiscoverPayload,
  type JobKind,
} from '../contracts/jobs.js';
import type { Deps } from '../domain/deps.js';
import { AppError } from '../domain/errors.js';
import { embedSource } from '../domain/models/embed-source.js';
import { predictDataset } from '../domain/models/predict-dataset.js';
import { trainDataset } from '../domain/models/train-dataset.js';
import { discoverDatasetThemes } from '../domain/themes/discover-dataset-themes.js';
import { EmbedderUnavailableError } from '../ml/index.js';
import type { JobRecord } from '../store/store.js';

import type { JobHandler } from './job-runner.js';

// architecture.md §7.2: handlers validate their payload, call domain functions, and turn known failures
// into job error codes visible through the API (ml.md §2.6 `embedder_unavailable`). Priorities are
// declared with the kinds in src/contracts/jobs.ts (JOB_PRIORITIES).

function payloadOf<S extends TSchema>(schema: S, job: JobRecord): Static<S> {
  if (!Value.Check(schema, job.payload)) {
    throw new AppError('invalid_request', `job ${job.id} has an invalid ${job.kind} payload`);
  }
  return job.payload;
}

async function mapFailures<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof EmbedderUnavailableError) {
      throw new AppError('embedder_unavailable', error.message, { cause: error });
    }
    throw error;
  }
}

/** The handlers of the CPU lane (architecture.md §7.1), one per job kind. */
export function createJobHandlers(deps: Deps): Map<string, JobHandler> {
  const handlers: Record<JobKind, JobHandler> = {
    'model-train': (job, signal, report) =>
      mapFailures(() =>
        trainDataset(deps, deps.models, payloadOf(ModelTrainPayload, job).dataset_id, signal, {
          onProgress: report,
        }),
      ),
    'dataset-predict': (job, signal) =>
      mapFailures(() => {
        const payload = payloadOf(DatasetPredictPayload, job);
        return predictDataset(deps, deps.models, payload.dataset_id, payload.version, signal);
      }),
    'comments-embed': (job, signal, report) =>
      mapFailures(() => {
        const payload = payloadOf(CommentsEmbedPayload, job);
        return embedSource(deps, deps.models, payload.source_id, signal, {
          from: {
            afterSeq: payload.after_seq ?? 0,
            done: payload.done ?? 0,
            startedAt: payload.started_at ?? null,
          },
          onProgress: report,
        });
      }),
    'themes-discover': (job, signal) =>
      mapFailures(() =>
        discoverDatasetThemes(deps, payloadOf(ThemesDiscoverPayload, job).dataset_id, signal),
      ),
  };
  return new Map(Object.entries(handlers));
}
