import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createEmbedderPool, type EmbedderPool } from '../../src/worker/embedder-pool.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { annotateOneComment, statusWithTrainingError } from '../helpers/training-failure.js';

// ml.md §2.6 through the real embedder hosts (architecture.md §7.5): hosts whose MiniLM weights are
// missing make the training job fail with `embedder_unavailable`, never a silent fallback.

const FIXTURE = fileURLToPath(new URL('../fixtures/embedder-host-encoders.ts', import.meta.url));

describe('embedder hosts that cannot load the weights', () => {
  let sift: TestApp;
  let pool: EmbedderPool;

  beforeAll(async () => {
    pool = createEmbedderPool({
      hosts: 2,
      env: { ...process.env, SIFT_EMBEDDER_HOST_ENCODERS: FIXTURE },
    });
    sift = await startTestApp(
      { SIFT_TRAIN_DEBOUNCE_MS: '20' },
      {
        models: {
          siftVersion: 'test',
          denseEmbedder: (id) => pool.denseEmbedder(id),
        },
      },
    );
    await annotateOneComment(sift, 'brokenhosts');
    sift.startWorker();
    // PostgreSQL setup on a loaded 2-core machine can exceed the default 10 s hook timeout.
  }, 60_000);

  afterAll(async () => {
    await sift?.close();
    await pool?.close();
  });

  it('fails the training job with embedder_unavailable, shown by the status route', async () => {
    const status = await statusWithTrainingError(sift, 'brokenhosts');
    expect(status['training_error']).toEqual({
      code: 'embedder_unavailable',
      message: "Sentence embedder 'minilm-l6-v2@0.1.0' is unavailable: weights missing",
    });
    expect(status['training_complete']).toBe(0);
    expect(status['latest_version']).toBeNull();
  });
});
