import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EmbedderUnavailableError } from '../../src/ml/index.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

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
    await sift.call('PUT', '/api/_private/projects/broken', { body: { user_ids: [] } });
    const source = await sift.call('PUT', '/api/v1/sources/broken/inbox', { body: { source: {} } });
    const sourceId = (source.body['source'] as { id: string }).id;
    await sift.call('POST', '/api/v1/sources/broken/inbox/sync', {
      body: {
        comments: [
          {
            id: 'a',
            timestamp: '2024-01-01T00:00:00Z',
            messages: [{ body: { text: 'refund please' } }],
          },
          {
            id: 'b',
            timestamp: '2024-01-01T00:00:00Z',
            messages: [{ body: { text: 'where is it' } }],
          },
        ],
      },
    });
    await sift.call('PUT', '/api/v1/datasets/broken/intents', {
      body: { dataset: { source_ids: [sourceId], label_defs: [{ name: 'Refund' }] } },
    });
    await sift.call('POST', `/api/_private/datasets/broken/intents/labellings/${sourceId}.a`, {
      body: { labelling: [{ group: 'default', assigned: [{ name: 'Refund' }] }] },
    });
    sift.startWorker();
  });

  afterAll(async () => {
    await sift?.close();
  });

  it('fails the training job with embedder_unavailable, shown by the status route', async () => {
    const deadline = Date.now() + 30_000;
    let status: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      status = (await sift.call('GET', '/api/_private/datasets/broken/intents/labellers/status'))
        .body['dataset_status'] as Record<string, unknown>;
      if (status['training_error'] !== undefined) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status['training_error']).toEqual({
      code: 'embedder_unavailable',
      message: "Sentence embedder 'minilm-l6-v2@0.1.0' is unavailable: weights missing",
    });
    expect(status['training_complete']).toBe(0);
    expect(status['latest_version']).toBeNull();
  });
});
