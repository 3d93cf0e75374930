import { readFileSync } from 'node:fs';

import { afterAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Issue #4 acceptance, through the API only: 15 CLINC150 banking intents, 10 annotated examples each and
// 450 test comments; a model version appears on its own; pinned, it labels the test comments with top-1
// accuracy ≥ 0.85, and the public validation route reports the Model Rating.

type Utterance = { id: string; text: string; label: string; split: 'train' | 'test' };

const utterances = readFileSync(
  new URL('../fixtures/clinc150-banking/utterances.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Utterance);

describe('ML acceptance: CLINC150 banking, 10 shots per intent', () => {
  let sift: TestApp | undefined;

  afterAll(async () => {
    await sift?.close();
  });

  it('reaches ≥ 85 % top-1 accuracy on 450 test comments and publishes a rating', async () => {
    sift = await startTestApp({ SIFT_TRAIN_DEBOUNCE_MS: '200' });
    const app = sift;
    expect(
      (await app.call('PUT', '/api/_private/projects/bank', { body: { user_ids: [] } })).statusCode,
    ).toBe(200);
    const source = await app.call('PUT', '/api/v1/sources/bank/chat', { body: { source: {} } });
    const sourceId = (source.body['source'] as { id: string }).id;
    const sync = await app.call('POST', '/api/v1/sources/bank/chat/sync', {
      body: {
        comments: utterances.map((item) => ({
          id: item.id,
          timestamp: '2022-03-15T09:00:00Z',
          messages: [{ body: { text: item.text } }],
        })),
      },
    });
    expect(sync.statusCode).toBe(200);
    const labels = [...new Set(utterances.map((item) => item.label))].sort();
    expect(labels).toHaveLength(15);
    const dataset = await app.call('PUT', '/api/v1/datasets/bank/intents', {
      body: { dataset: { source_ids: [sourceId], label_defs: labels.map((name) => ({ name })) } },
    });
    expect(dataset.statusCode).toBe(200);
    for (const item of utterances.filter((utterance) => utterance.split === 'train')) {
      const response = await app.call(
        'POST',
        `/api/_private/datasets/bank/intents/labellings/${sourceId}.${item.id}`,
        {
          body: {
            labelling: [
              {
                group: 'default',
                assigned: [{ name: item.label, metadata: { ui: { retrieval_method: 'shuffle' } } }],
              },
            ],
          },
        },
      );
      expect(response.statusCode).toBe(200);
    }
    app.startWorker();
    let version: number | null = null;
    const deadline = Date.now() + 240_000;
    while (version === null) {
      const status = (await app.call('GET', '/api/_private/datasets/bank/intents/labellers/status'))
        .body['dataset_status'] as {
        training_complete: number | null;
        latest_version: number | null;
      };
      if (status.training_complete === 1 && status.latest_version !== null) {
        version = status.latest_version;
      } else if (Date.now() > deadline) {
        throw new Error(`no model version: ${JSON.stringify(status)}`);
      } else {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(
      (await app.call('PUT', `/api/_private/datasets/bank/intents/labellers/${version}/pin`))
        .statusCode,
    ).toBe(200);
    const test = utterances.filter((item) => item.split === 'test');
    expect(test).toHaveLength(450);
    const predicted = await app.call(
      'POST',
      `/api/v1/datasets/bank/intents/labellers/${version}/predict-comments`,
      { body: { uids: test.map((item) => `${sourceId}.${item.id}`), threshold: 0 } },
    );
    expect(predicted.statusCode).toBe(200);
    const predictions = predicted.body['predictions'] as { labels: { name: string[] }[] }[];
    const correct = predictions.filter(
      (prediction, index) => prediction.labels[0]?.name.join(' > ') === test[index]!.label,
    ).length;
    const accuracy = correct / test.length;
    expect(accuracy).toBeGreaterThanOrEqual(0.85);

    const validation = await app.call(
      'GET',
      `/api/v1/datasets/bank/intents/labellers/${version}/validation`,
    );
    const summary = validation.body['validation'] as Record<string, unknown>;
    expect(summary['dataset_score']).toEqual(expect.any(Number));
    expect(summary['dataset_quality']).toEqual(expect.any(String));
  }, 300_000);
});
