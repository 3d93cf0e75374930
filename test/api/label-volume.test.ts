import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/test-app.js';

type Volume = {
  basis: string;
  model_version: number | null;
  num_comments: number;
  num_reviewed: number;
  labels: { name: string; threshold: number; threshold_kind: string; count: number }[];
  periods: {
    period: string;
    num_comments: number;
    num_reviewed: number;
    label_counts: { name: string; count: number }[];
  }[];
};

describe('label volume on predictions (POST …/label-volume)', () => {
  let sift: TestApp;
  let inbox: string;
  let other: string;

  async function volume(body: unknown) {
    const response = await sift.call('POST', '/api/_private/datasets/acme/claims/label-volume', {
      body,
    });
    return response;
  }

  beforeAll(async () => {
    sift = await startTestApp();
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    const sourceId = async (name: string) =>
      (
        (await sift.call('PUT', `/api/v1/sources/acme/${name}`, { body: {} })).body['source'] as {
          id: string;
        }
      ).id;
    inbox = await sourceId('inbox');
    other = await sourceId('other');
    const sync = (source: string, comments: { id: string; timestamp: string }[]) =>
      sift.call('POST', `/api/v1/sources/acme/${source}/sync`, {
        body: {
          comments: comments.map((c) => ({ ...c, messages: [{ body: { text: c.id } }] })),
        },
      });
    await sync('inbox', [
      { id: 'r1', timestamp: '2025-01-06T10:00:00Z' }, // Monday
      { id: 'u1', timestamp: '2025-01-07T10:00:00Z' },
      { id: 'u2', timestamp: '2025-01-20T10:00:00Z' }, // two weeks later: one empty week between
    ]);
    await sync('other', [{ id: 'o1', timestamp: '2025-01-07T11:00:00Z' }]);
    const dataset = await sift.call('PUT', '/api/v1/datasets/acme/claims', {
      body: {
        dataset: {
          source_ids: [inbox, other],
          label_defs: [{ name: 'Refund' }, { name: 'Refund > Late' }, { name: 'Delivery' }],
        },
      },
    });
    const datasetId = (dataset.body['dataset'] as { id: string }).id;
    await sift.call('POST', `/api/_private/datasets/acme/claims/labellings/${inbox}.r1`, {
      body: { labelling: [{ group: 'default', assigned: [{ name: 'Refund > Late' }] }] },
    });
    // A model version whose validation gives Delivery a balanced threshold of 0.8; Refund has none.
    await sift.store.transaction((tx) =>
      tx.models.insert({
        dataset_id: datasetId,
        model_id: '00000000000000f1',
        fingerprint: 'f1',
        trained_time: '2025-02-01T00:00:00.000000Z',
        training_duration: 1,
        input_updated_at: '2025-02-01T00:00:00.000000Z',
        reviewed_counts: {},
        summary: {},
        validation: {
          labels: {
            Delivery: {
              optimal_thresholds: { high_precision: 0.9, balanced: 0.8, high_recall: 0.3 },
            },
            Refund: { optimal_thresholds: null },
          },
        },
        taxonomy: { label_groups: [] },
        model_file: Uint8Array.from([0]),
        pinned: false,
        starred: false,
        description: '',
      }),
    );
    const prediction = (source: string, id: string, labels: [string, number][]) => ({
      dataset_id: datasetId,
      source_id: source,
      comment_id: id,
      version: 1,
      context: 'c',
      labels,
      max_informative: 0,
      check_key: null,
      missed_key: null,
      rebalance_key: null,
    });
    await sift.store.predictions.upsertMany([
      prediction(inbox, 'r1', [['Delivery', 0.99]]),
      prediction(inbox, 'u1', [
        ['Delivery', 0.85],
        ['Refund', 0.6],
      ]),
      prediction(inbox, 'u2', [['Delivery', 0.75]]),
      prediction(other, 'o1', [['Refund', 0.4]]),
    ]);
    // The machine is shared and busy: the set-up alone can outlast the 10 s default.
  }, 60_000);
  afterAll(async () => {
    await sift.close();
  });

  it('counts every comment: reviewed by its annotations, others by predictions at their threshold', async () => {
    const response = await volume({ time_resolution: 'week' });
    expect(response.statusCode).toBe(200);
    const result = response.body['label_volume'] as Volume;
    expect(result).toMatchObject({ basis: 'predicted', model_version: 1, num_comments: 4 });
    expect(result.num_reviewed).toBe(1);
    // Taxonomy order; Refund has no validated threshold and counts from the default.
    expect(result.labels).toEqual([
      { name: 'Refund', threshold: 0.5, threshold_kind: 'default', count: 2 },
      { name: 'Refund > Late', threshold: 0.5, threshold_kind: 'default', count: 1 },
      { name: 'Delivery', threshold: 0.8, threshold_kind: 'balanced', count: 1 },
    ]);
    // Weeks start on Monday; the empty week between is present with zeros.
    expect(result.periods).toEqual([
      {
        period: '2025-01-06',
        num_comments: 3,
        num_reviewed: 1,
        label_counts: [
          { name: 'Refund', count: 2 },
          { name: 'Refund > Late', count: 1 },
          { name: 'Delivery', count: 1 },
        ],
      },
      { period: '2025-01-13', num_comments: 0, num_reviewed: 0, label_counts: [] },
      { period: '2025-01-20', num_comments: 1, num_reviewed: 0, label_counts: [] },
    ]);
  });

  it('offers the reviewed-only view and filters by source and date range', async () => {
    const reviewed = (await volume({ basis: 'reviewed' })).body['label_volume'] as Volume;
    expect(reviewed.num_comments).toBe(1);
    expect(reviewed.periods).toEqual([
      {
        period: '2025-01-06',
        num_comments: 1,
        num_reviewed: 1,
        label_counts: [
          { name: 'Refund', count: 1 },
          { name: 'Refund > Late', count: 1 },
        ],
      },
    ]);
    const filtered = (
      await volume({
        source_ids: [inbox],
        timestamp: { minimum: '2025-01-07', maximum: '2025-01-07' },
      })
    ).body['label_volume'] as Volume;
    expect(filtered.periods).toEqual([
      {
        period: '2025-01-07',
        num_comments: 1,
        num_reviewed: 0,
        label_counts: [
          { name: 'Refund', count: 1 },
          { name: 'Delivery', count: 1 },
        ],
      },
    ]);
  });

  it('rejects a foreign source, a bad date, an inverted range and a bad resolution with a 400', async () => {
    const foreign = await volume({ source_ids: ['0123456789abcdef'] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body['message']).toMatch(/0123456789abcdef' is not a source of this dataset/);
    const bad = await volume({ timestamp: { minimum: 'yesterday' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body['message']).toMatch(/timestamp\.minimum/);
    const inverted = await volume({
      timestamp: { minimum: '2025-02-01', maximum: '2025-01-01' },
    });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.body['message']).toMatch(/minimum is after maximum/);
    const resolution = await volume({ time_resolution: 'hour' });
    expect(resolution.statusCode).toBe(400);
    expect(resolution.body['message']).toMatch(/time_resolution/);
  });
});
