import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('dataset export, statistics and user-property summary', () => {
  let sift: TestApp;
  let sourceId: string;
  let datasetId: string;

  beforeAll(async () => {
    sift = await startTestApp();
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    sourceId = (
      (await sift.call('PUT', '/api/v1/sources/acme/inbox', { body: {} })).body['source'] as {
        id: string;
      }
    ).id;
    const comments = [
      '2025-01-01T10:00:00Z',
      '2025-01-01T12:00:00Z',
      '2025-01-08T09:00:00Z',
      '2025-02-03T00:00:00Z',
    ].map((timestamp, index) => ({
      id: `c${index}`,
      timestamp,
      thread_id: index < 2 ? 'T' : undefined,
      messages: [{ body: { text: `message ${index}` }, from: `user${index}@acme.example` }],
      user_properties: {
        'string:Region': index % 2 === 0 ? 'EMEA' : 'APAC',
        'number:Amount': index * 10,
      },
    }));
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', { body: { comments } });
    const dataset = await sift.call('PUT', '/api/v1/datasets/acme/claims', {
      body: {
        dataset: {
          source_ids: [sourceId],
          label_defs: [{ name: 'Refund' }, { name: 'Refund > Late' }],
        },
      },
    });
    expect(dataset.statusCode).toBe(200);
    datasetId = (dataset.body['dataset'] as { id: string }).id;
    // Annotations are written directly until the labellings API lands (issue #4).
    await sift.store.annotations.upsert({
      dataset_id: datasetId,
      source_id: sourceId,
      comment_id: 'c0',
      labelling: [
        {
          group: 'default',
          assigned: [{ name: 'Refund > Late', sentiment: 'positive' }],
          dismissed: [],
        },
      ],
      entities: null,
      moon_forms: null,
      reviewed: true,
      updated_at: '2025-03-01T00:00:00.000000Z',
      retrieval_method: 'unknown',
    });
  });
  afterAll(async () => {
    await sift.close();
  });

  it('exports every comment with annotations as joined label names, in pages', async () => {
    const first = await sift.call('POST', '/api/v1/datasets/acme/claims/export', {
      body: { limit: 3 },
    });
    const comments = first.body['comments'] as {
      comment: { id: string; has_annotations: boolean };
      annotations: unknown;
      predictions: unknown;
      thread_properties?: unknown;
    }[];
    expect(comments.map((c) => c.comment.id)).toEqual(['c0', 'c1', 'c2']);
    expect(comments[0]!.annotations).toEqual({
      labels: { assigned: [{ name: 'Refund > Late', sentiment: 'positive' }], dismissed: [] },
      entities: { assigned: [], dismissed: [] },
    });
    expect(comments[0]!.comment.has_annotations).toBe(true);
    expect(comments[1]!.annotations).toEqual({
      labels: { assigned: [], dismissed: [] },
      entities: { assigned: [], dismissed: [] },
    });
    expect(comments[0]!.predictions).toEqual({ labels: [] });
    expect(comments[0]!.thread_properties).toMatchObject({ num_messages: 2, thread_position: 1 });
    const second = await sift.call('POST', '/api/v1/datasets/acme/claims/export', {
      body: { limit: 3, continuation: first.body['continuation'] },
    });
    expect(
      (second.body['comments'] as { comment: { id: string } }[]).map((c) => c.comment.id),
    ).toEqual(['c3']);
    expect(second.body['continuation']).toBeUndefined();

    const byUid = await sift.call('POST', '/api/v1/datasets/acme/claims/export', {
      body: { comment_uids: [`${sourceId}.c2`] },
    });
    expect((byUid.body['comments'] as unknown[]).length).toBe(1);
    const unknown = await sift.call('POST', '/api/v1/datasets/acme/claims/export', {
      body: { comment_uids: [`${sourceId}.nope`] },
    });
    expect(unknown.statusCode).toBe(404);
    const audit = await sift.call('POST', '/api/v1/audit_events/query', { body: {} });
    expect(
      (audit.body['audit_events'] as { event_type: string }[]).some(
        (e) => e.event_type === 'export_dataset',
      ),
    ).toBe(true);
  });

  it('counts comments and labels, parents implied, with a weekly series', async () => {
    const result = await sift.call('POST', '/api/_private/datasets/acme/claims/statistics', {
      body: {
        comment_filter: {},
        label_timeseries: true,
        time_resolution: 'week',
        source_counts: true,
        string_user_property_counts: ['string:Region'],
      },
    });
    expect(result.body['statistics']).toEqual({
      num_comments: 4,
      label_counts: {
        Refund: { positive: 1, negative: 0 },
        'Refund > Late': { positive: 1, negative: 0 },
      },
      label_timeseries: [
        {
          timestamp_str: '2024-12-30T00:00:00Z',
          expected_count_any: 2,
          expected_count_positive: 1,
          expected_count_negative: 0,
          label_sentiment_counts: [
            { name: 'Refund', positive: 1, negative: 0 },
            { name: 'Refund > Late', positive: 1, negative: 0 },
          ],
        },
        {
          timestamp_str: '2025-01-06T00:00:00Z',
          expected_count_any: 1,
          expected_count_positive: 0,
          expected_count_negative: 0,
          label_sentiment_counts: [],
        },
        {
          timestamp_str: '2025-02-03T00:00:00Z',
          expected_count_any: 1,
          expected_count_positive: 0,
          expected_count_negative: 0,
          label_sentiment_counts: [],
        },
      ],
      source_counts: { [sourceId]: 4 },
      string_user_property_counts: { 'string:Region': { APAC: 2, EMEA: 2 } },
    });
    const reviewed = await sift.call('POST', '/api/_private/datasets/acme/claims/statistics', {
      body: {
        comment_filter: { reviewed: 'only_unreviewed', timestamp: { maximum: '2025-01-31' } },
      },
    });
    expect(reviewed.body['statistics']).toMatchObject({
      num_comments: 2,
      label_counts: {},
      label_timeseries: [],
    });
    const byLabel = await sift.call('POST', '/api/_private/datasets/acme/claims/statistics', {
      body: {
        attribute_filters: [
          { attribute: 'labels', filter: { kind: 'string_any_of', any_of: [['Refund']] } },
        ],
      },
    });
    expect(byLabel.body['statistics']).toMatchObject({ num_comments: 1 });
    const badZone = await sift.call('POST', '/api/_private/datasets/acme/claims/statistics', {
      body: { label_timeseries: true, timezone: 'Mars/Olympus' },
    });
    expect(badZone.statusCode).toBe(400);
  });

  it('summarises user properties', async () => {
    const summary = await sift.call('POST', '/api/_private/datasets/acme/claims/summary', {
      body: { filter: { user_properties: { 'number:Amount': { minimum: 10 } } } },
    });
    expect(summary.body['summary']).toEqual({
      user_properties: {
        string: [
          {
            full_name: 'string:Region',
            values: [
              { value: 'APAC', count: 2 },
              { value: 'EMEA', count: 1 },
            ],
            too_many_values: false,
          },
        ],
        number: [{ full_name: 'number:Amount', minimum: 10, maximum: 30 }],
      },
    });
    const all = await sift.call('GET', '/api/_private/datasets/acme/claims/user-properties');
    expect((all.body['user_properties'] as { number: unknown[] }).number).toEqual([
      { full_name: 'number:Amount', minimum: 0, maximum: 30 },
    ]);
    const values = await sift.call(
      'POST',
      '/api/_private/datasets/acme/claims/user-properties/values',
      {
        body: { full_name: 'string:Region', query: 'em' },
      },
    );
    expect(values.body['values']).toEqual([{ value: 'EMEA', count: 2 }]);
  });
});
