import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { INTENT_UTTERANCES } from '../../src/ml/testing/paraphrase-fixture.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// issue #4 end to end through the API: annotations → a model version on its own → pin → predictions,
// validation and the version routes. Ten intents, four annotated utterances each, two held out.

const BASE = '/api/_private/datasets/models/intents';
const V1 = '/api/v1/datasets/models/intents';

type Status = { training_complete: number | null; latest_version: number | null };

async function waitForVersion(sift: TestApp, after = 0): Promise<number> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await sift.call('GET', `${BASE}/labellers/status`);
    const status = response.body['dataset_status'] as Status & { training_error?: unknown };
    expect(status.training_error).toBeUndefined();
    if (
      status.training_complete === 1 &&
      status.latest_version !== null &&
      status.latest_version > after
    ) {
      return status.latest_version;
    }
    if (Date.now() > deadline) {
      throw new Error(`no model version: ${JSON.stringify(status)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('model versions, predictions and validation', () => {
  let sift: TestApp;
  const intents = Object.keys(INTENT_UTTERANCES).sort();
  const held: { uid: string; intent: string }[] = [];
  let version = 0;

  beforeAll(async () => {
    sift = await startTestApp({ SIFT_TRAIN_DEBOUNCE_MS: '50' });
    expect(
      (await sift.call('PUT', '/api/_private/projects/models', { body: { user_ids: [] } }))
        .statusCode,
    ).toBe(200);
    const source = await sift.call('PUT', '/api/v1/sources/models/inbox', { body: { source: {} } });
    const sourceId = (source.body['source'] as { id: string }).id;
    const comments = intents.flatMap((intent) =>
      INTENT_UTTERANCES[intent]!.map((text, index) => ({
        id: `${intent}-${index}`,
        timestamp: '2024-01-02T03:04:05Z',
        messages: [{ body: { text } }],
      })),
    );
    expect(
      (await sift.call('POST', '/api/v1/sources/models/inbox/sync', { body: { comments } }))
        .statusCode,
    ).toBe(200);
    const dataset = await sift.call('PUT', '/api/v1/datasets/models/intents', {
      body: {
        dataset: { source_ids: [sourceId], label_defs: intents.map((name) => ({ name })) },
      },
    });
    expect(dataset.statusCode).toBe(200);
    // Nothing reviewed yet: no training has been asked for, so none is complete or running.
    const before = await sift.call('GET', `${BASE}/labellers/status`);
    expect(before.body['dataset_status']).toMatchObject({
      training_complete: null,
      latest_version: null,
    });
    for (const intent of intents) {
      INTENT_UTTERANCES[intent]!.forEach((_, index) => {
        if (index >= 4) {
          held.push({ uid: `${sourceId}.${intent}-${index}`, intent });
        }
      });
      for (let index = 0; index < 4; index += 1) {
        const response = await sift.call(
          'POST',
          `${BASE}/labellings/${sourceId}.${intent}-${index}`,
          {
            body: {
              labelling: [
                {
                  group: 'default',
                  assigned: [{ name: intent, metadata: { ui: { retrieval_method: 'shuffle' } } }],
                },
              ],
            },
          },
        );
        expect(response.statusCode, JSON.stringify(response.body)).toBe(200);
      }
    }
    sift.startWorker();
    version = await waitForVersion(sift);
  }, 180_000);

  afterAll(async () => {
    await sift?.close();
  });

  it('trains a numbered version on its own and lists it', async () => {
    expect(version).toBe(1);
    const list = await sift.call('POST', `${BASE}/labellers`, { body: {} });
    const labellers = list.body['labellers'] as {
      version: number;
      pinned: boolean;
      validated: boolean;
      reviewed_counts: Record<string, number>;
      train_size: number;
    }[];
    expect(labellers).toHaveLength(1);
    expect(labellers[0]).toMatchObject({ version: 1, pinned: false, validated: true });
    expect(labellers[0]!.reviewed_counts[intents[0]!]).toBe(4);
    expect(list.body['max_number_pinned_models']).toBe(100);
  });

  it('refuses predictions from an unpinned, unknown or malformed version', async () => {
    const body = { uids: [held[0]!.uid] };
    const unpinned = await sift.call('POST', `${V1}/labellers/1/predict-comments`, { body });
    expect(unpinned.statusCode).toBe(400);
    expect(unpinned.body.message).toBe('Model version 1 is not pinned');
    const unknown = await sift.call('POST', `${V1}/labellers/7/predict-comments`, { body });
    expect(unknown.statusCode).toBe(404);
    const garbage = await sift.call('POST', `${V1}/labellers/v1/predict-comments`, { body });
    expect(garbage.statusCode).toBe(400);
    const untagged = await sift.call('POST', `${V1}/labellers/live/predict-comments`, { body });
    expect(untagged.statusCode).toBe(404);
  });

  it('predicts held-out comments of a pinned version with the right top label', async () => {
    expect((await sift.call('PUT', `${BASE}/labellers/1/pin`)).statusCode).toBe(200);
    const response = await sift.call('POST', `${V1}/labellers/1/predict-comments`, {
      body: { uids: held.map((item) => item.uid), threshold: 0 },
    });
    expect(response.statusCode).toBe(200);
    const predictions = response.body['predictions'] as {
      uid: string;
      labels: { name: string[]; probability: number }[];
    }[];
    expect(predictions.map((item) => item.uid)).toEqual(held.map((item) => item.uid));
    let correct = 0;
    predictions.forEach((prediction, index) => {
      expect(prediction.labels).toHaveLength(intents.length);
      const top = prediction.labels[0]!;
      correct += top.name.join(' > ') === held[index]!.intent ? 1 : 0;
    });
    // The dense channel carries paraphrases with little word overlap; chance is 10 %.
    expect(correct / predictions.length).toBeGreaterThanOrEqual(0.7);
    expect(response.body['model']).toMatchObject({ version: 1 });
  });

  it('marks automatic thresholds with "auto" and filters by label', async () => {
    const auto = await sift.call('POST', `${V1}/labellers/1/predict-comments`, {
      body: { uids: [held[0]!.uid], threshold: 'auto' },
    });
    const labels = (auto.body['predictions'] as { labels: { auto_thresholds?: string[] }[] }[])[0]!
      .labels;
    for (const label of labels) {
      expect(label.auto_thresholds?.length).toBeGreaterThan(0);
    }
    const only = await sift.call('POST', `${V1}/labellers/1/predict-comments`, {
      body: { uids: [held[0]!.uid], labels: [{ name: [intents[1]!], threshold: 0 }] },
    });
    const onlyLabels = (only.body['predictions'] as { labels: { name: string[] }[] }[])[0]!.labels;
    expect(onlyLabels.map((label) => label.name)).toEqual([[intents[1]!]]);
  });

  it('predicts ad-hoc documents and refuses a comment outside the dataset', async () => {
    const response = await sift.call('POST', `${V1}/labellers/1/predict`, {
      body: {
        documents: [{ messages: [{ body: { text: INTENT_UTTERANCES[intents[2]!]![5]! } }] }],
      },
    });
    expect(response.statusCode).toBe(200);
    const predictions = response.body['predictions'] as { name: string[]; probability: number }[][];
    expect(predictions).toHaveLength(1);
    expect(predictions[0]![0]!.probability).toBeGreaterThan(predictions[0]![1]!.probability);
    const missing = await sift.call('POST', `${V1}/labellers/1/predict-comments`, {
      body: { uids: ['0123456789abcdef.nope'] },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.body.message).toContain('0123456789abcdef.nope');
  });

  it('publishes validation with the Model Rating and per-label curves', async () => {
    const v1 = await sift.call('GET', `${V1}/labellers/1/validation`);
    expect(v1.statusCode).toBe(200);
    const summary = v1.body['validation'] as Record<string, unknown>;
    expect(summary['version']).toBe(1);
    expect(typeof summary['dataset_score']).toBe('number');
    expect(['poor', 'average', 'good', 'excellent']).toContain(summary['dataset_quality']);
    expect(summary['num_labels']).toBe(intents.length);

    const full = await sift.call('GET', `${BASE}/labellers/latest/validation`);
    const validation = full.body['validation'] as {
      model_rating: { factors: { kind: string }[]; score: number };
      labels: Record<string, { average_precision: number | null }>;
      model_kind: string;
    };
    expect(validation.model_rating.factors.map((factor) => factor.kind).sort()).toEqual([
      'biased',
      'coverage',
      'lowest_label_health',
      'overall_label_health',
    ]);
    expect(validation.model_rating.score).toBe(summary['dataset_score']);
    expect(validation.model_kind).toBe('cm:hashed-tfidf@1+minilm-l6-v2@0.1.0');
    expect(Object.keys(validation.labels)).toHaveLength(intents.length);

    const label = await sift.call('POST', `${BASE}/labellers/1/label-validation`, {
      body: { label: intents[0]! },
    });
    const metrics = label.body['label_validation'] as {
      thresholds: number[];
      recalls: number[];
      precisions: number[];
    };
    expect(metrics.thresholds.length).toBeGreaterThan(0);
    expect(metrics.thresholds).toEqual([...metrics.thresholds].sort((a, b) => b - a));
    expect(metrics.recalls[metrics.recalls.length - 1]).toBe(1);
    const unknown = await sift.call('POST', `${BASE}/labellers/1/label-validation`, {
      body: { label: 'Nope' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('tags pin their version, and a tagged version cannot be unpinned', async () => {
    const bad = await sift.call('PUT', `${BASE}/model-tags/prod`, {
      body: { model_tag: { version: 1 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await sift.call('PUT', `${BASE}/model-tags/live`, { body: { model_tag: { version: 1 } } }))
        .statusCode,
    ).toBe(200);
    const tags = await sift.call('GET', `${V1}/model-tags`);
    expect(tags.body['model_tags']).toMatchObject([{ name: 'live', version: 1 }]);
    expect((await sift.call('DELETE', `${BASE}/labellers/1/pin`)).statusCode).toBe(409);
    const live = await sift.call('POST', `${V1}/labellers/live/predict-comments`, {
      body: { uids: [held[0]!.uid] },
    });
    expect(live.statusCode).toBe(200);
    expect((await sift.call('DELETE', `${BASE}/model-tags/live`)).statusCode).toBe(200);
    expect((await sift.call('DELETE', `${BASE}/labellers/1/pin`)).statusCode).toBe(200);
  });

  it('stores predictions of every comment for the newest version', async () => {
    const deadline = Date.now() + 60_000;
    let status: { inference_complete: number } = { inference_complete: 0 };
    while (Date.now() < deadline) {
      status = (await sift.call('GET', `${BASE}/labellers/status`)).body['dataset_status'] as {
        inference_complete: number;
      };
      if (status.inference_complete === 1) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status.inference_complete).toBe(1);
  });

  it('ranks query orders by the stored predictions and returns them with each comment', async () => {
    type Result = {
      comment: { uid: string };
      labelling?: {
        group: string;
        assigned: unknown[];
        predicted?: { name: string[]; probability: number }[];
      }[];
    };
    const query = async (order: Record<string, unknown>) => {
      const response = await sift.call('POST', `${BASE}/query`, { body: { order, limit: 50 } });
      expect(response.statusCode, JSON.stringify(response.body)).toBe(200);
      return response.body['results'] as Result[];
    };
    const heldUids = new Set(held.map((item) => item.uid));
    const target = intents[3]!;
    const byLabel = await query({ kind: 'by_label', label: target });
    const probability = (result: Result) =>
      result.labelling
        ?.find((group) => group.group === 'default')
        ?.predicted?.find((label) => label.name.join(' > ') === target)?.probability ?? 0;
    const probabilities = byLabel.map(probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    expect(probabilities[0]).toBeGreaterThan(0.3);

    const teach = await query({ kind: 'learning', label: target });
    expect(teach.length).toBe(held.length);
    for (const result of teach) {
      expect(heldUids.has(result.comment.uid)).toBe(true);
      expect(result.labelling?.[0]?.predicted?.length).toBeGreaterThan(0);
    }
    // One intent per comment, so Teach ranks by the distance to the comment's best other intent.
    const rival = (result: Result) =>
      Math.max(
        0,
        ...(result.labelling
          ?.find((group) => group.group === 'default')
          ?.predicted?.filter((label) => label.name.join(' > ') !== target)
          .map((label) => label.probability) ?? []),
      );
    const distances = teach
      .filter((result) => probability(result) > 0)
      .map((result) => Math.abs(probability(result) - rival(result)));
    expect(distances.length).toBeGreaterThan(0);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));

    const low = await query({ kind: 'any_label_asc' });
    expect(low.every((result) => heldUids.has(result.comment.uid))).toBe(true);
    const rebalance = await query({ kind: 'learning' });
    expect(rebalance.length).toBe(held.length);

    const check = await query({ kind: 'check' });
    expect(check.length).toBe(intents.length * 4);
    expect(check.every((result) => !heldUids.has(result.comment.uid))).toBe(true);
    const missed = await query({ kind: 'missed' });
    expect(missed.length).toBe(intents.length * 4);
  });

  it('finds comments by meaning with semantic_search', async () => {
    const response = await sift.call('POST', `${BASE}/query`, {
      body: {
        order: { kind: 'semantic_search', query: INTENT_UTTERANCES[intents[4]!]![5]! },
        limit: 3,
      },
    });
    expect(response.statusCode).toBe(200);
    const results = response.body['results'] as { comment: { id: string } }[];
    expect(results).toHaveLength(3);
    // The query is one of the utterances itself: it comes first, its intent's paraphrases follow.
    expect(results[0]!.comment.id).toBe(`${intents[4]!}-5`);
    expect(
      results.filter((result) => result.comment.id.startsWith(intents[4]!)).length,
    ).toBeGreaterThanOrEqual(2);
    const missing = await sift.call('POST', `${BASE}/query`, {
      body: { order: { kind: 'semantic_search' } },
    });
    expect(missing.statusCode).toBe(400);
  });

  it('embeds and predicts comments synced after the version, without retraining', async () => {
    const text = INTENT_UTTERANCES[intents[6]!]![0]!;
    const synced = await sift.call('POST', '/api/v1/sources/models/inbox/sync', {
      body: {
        comments: [
          { id: 'late', timestamp: '2024-02-02T00:00:00Z', messages: [{ body: { text } }] },
        ],
      },
    });
    expect(synced.statusCode).toBe(200);
    const deadline = Date.now() + 60_000;
    let predicted: { name: string[] }[] | undefined;
    while (Date.now() < deadline && predicted === undefined) {
      const response = await sift.call('POST', `${BASE}/query`, {
        body: { order: { kind: 'recent' }, limit: 1 },
      });
      const [first] = response.body['results'] as {
        comment: { id: string };
        labelling?: { predicted?: { name: string[] }[] }[];
      }[];
      if (first?.comment.id === 'late' && first.labelling?.[0]?.predicted !== undefined) {
        predicted = first.labelling[0].predicted;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(predicted?.[0]?.name).toEqual([intents[6]!]);
    const versions = await sift.call('POST', `${BASE}/labellers`, { body: {} });
    expect((versions.body['labellers'] as unknown[]).length).toBe(1);
  });

  it('retrains after a new annotation into the next version', async () => {
    const [first] = held;
    const response = await sift.call('POST', `${BASE}/labellings/${first!.uid}`, {
      body: { labelling: [{ group: 'default', assigned: [{ name: first!.intent }] }] },
    });
    expect(response.statusCode).toBe(200);
    expect(await waitForVersion(sift, 1)).toBe(2);
  }, 120_000);
});
