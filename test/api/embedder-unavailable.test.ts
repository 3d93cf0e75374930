import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EmbedderUnavailableError } from '../../src/ml/index.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { annotateOneComment, statusWithTrainingError } from '../helpers/training-failure.js';

// ml.md §2.6: when the dense channel cannot load, training fails loudly with `embedder_unavailable`
// (visible in the status route) and routes that need new vectors answer 503 — never a silent fallback
// to a reduced channel set.

describe('an unavailable sentence embedder', () => {
  let sift: TestApp;

  beforeAll(async () => {
    sift = await startTestApp(
      { SIFT_TRAIN_DEBOUNCE_MS: '20' },
      {
        models: {
          siftVersion: 'test',
          denseEmbedder: () =>
            Promise.reject(new EmbedderUnavailableError('minilm-l6-v2@0.1.0', 'weights missing')),
        },
      },
    );
    await annotateOneComment(sift, 'broken');
    sift.startWorker();
  });

  afterAll(async () => {
    await sift?.close();
  });

  it('fails the training job with embedder_unavailable, shown by the status route', async () => {
    const status = await statusWithTrainingError(sift, 'broken');
    expect(status['training_error']).toEqual({
      code: 'embedder_unavailable',
      message: "Sentence embedder 'minilm-l6-v2@0.1.0' is unavailable: weights missing",
    });
    expect(status['training_complete']).toBe(0);
    expect(status['latest_version']).toBeNull();
  });
});
