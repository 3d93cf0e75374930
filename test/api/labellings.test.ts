import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('labellings', () => {
  let sift: TestApp;
  let sourceId: string;
  let datasetId: string;
  const uid = (id: string) => `${sourceId}.${id}`;
  const labellingUrl = (id: string) =>
    `/api/_private/datasets/acme/claims/labellings/${encodeURIComponent(uid(id))}`;

  beforeAll(async () => {
    sift = await startTestApp();
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    sourceId = (
      (await sift.call('PUT', '/api/v1/sources/acme/inbox', { body: {} })).body['source'] as {
        id: string;
      }
    ).id;
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      body: {
        comments: ['a', 'b', 'c.d'].map((id, index) => ({
          id,
          timestamp: `2025-01-0${index + 1}T00:00:00Z`,
          messages: [
            {
              subject: { text: 'Policy 😀 PN-88231' },
              body: { text: `Please check policy PN-88231 (${id})` },
            },
          ],
        })),
      },
    });
    const dataset = await sift.call('PUT', '/api/v1/datasets/acme/claims', {
      body: {
        dataset: {
          source_ids: [sourceId],
          entity_defs: [{ name: 'policy_number', inherits_from: [] }],
          label_defs: [{ name: 'Invoice', external_id: 'inv-1' }],
        },
      },
    });
    expect(dataset.statusCode).toBe(200);
    datasetId = (dataset.body['dataset'] as { id: string }).id;
  });
  afterAll(async () => {
    await sift.close();
  });

  it('assigns and dismisses labels, creating unknown ones with their ancestors', async () => {
    const body = {
      labelling: [
        {
          group: 'default',
          assigned: [{ name: 'Claim > Status', sentiment: 'negative' }],
          dismissed: [{ name: ['Invoice'] }],
        },
      ],
      entities: {
        assigned: [
          {
            name: 'policy_number',
            formatted_value: 'PN-88231',
            spans: [
              { content_part: 'body', message_index: 0, utf16_byte_start: 20, utf16_byte_end: 28 },
            ],
          },
          {
            name: 'policy_number',
            formatted_value: 'PN-88231',
            span: {
              content_part: 'subject',
              message_index: 0,
              utf16_byte_start: 10,
              utf16_byte_end: 18,
            },
          },
        ],
      },
    };
    const result = await sift.call('POST', labellingUrl('a'), { body });
    expect(result.statusCode).toBe(200);
    expect(result.body['labelling']).toEqual([
      {
        group: 'default',
        assigned: [{ name: 'Claim > Status', sentiment: 'negative' }],
        dismissed: [{ name: 'Invoice', sentiment: 'positive' }],
      },
    ]);
    const entities = result.body['entities'] as {
      assigned: { spans: object[]; id: string }[];
      dismissed: unknown[];
    };
    expect(entities.dismissed).toEqual([]);
    expect(entities.assigned[0]!.spans).toEqual([
      {
        content_part: 'body',
        message_index: 0,
        char_start: 20,
        char_end: 28,
        utf16_byte_start: 20,
        utf16_byte_end: 28,
      },
    ]);
    // The emoji is two UTF-16 units but one character.
    expect(entities.assigned[1]!.spans[0]).toMatchObject({
      char_start: 9,
      char_end: 17,
      utf16_byte_start: 10,
      utf16_byte_end: 18,
    });
    expect((result.body['comment'] as { has_annotations: boolean }).has_annotations).toBe(true);

    const dataset = await sift.call('GET', '/api/v1/datasets/acme/claims');
    expect(
      (dataset.body['dataset'] as { label_defs: { name: string }[] }).label_defs.map((d) => d.name),
    ).toEqual(['Invoice', 'Claim', 'Claim > Status']);
    const jobs = await sift.store.jobs.listByTarget(datasetId, 'model-train');
    expect(jobs.map((job) => job.status)).toEqual(['pending']);
  });

  it('is idempotent and reads annotations back by uid and in bulk', async () => {
    await sift.call('POST', labellingUrl('c.d'), {
      body: { labelling: { assigned: [{ name: 'Claim' }] } },
    });
    const byUid = await sift.call(
      'GET',
      `/api/_private/datasets/acme/claims/labellings?id=${encodeURIComponent(uid('c.d'))}&id=${encodeURIComponent(uid('b'))}`,
    );
    const results = byUid.body['results'] as { comment: { id: string }; labelling?: unknown }[];
    expect(results.map((r) => r.comment.id)).toEqual(['c.d', 'b']);
    expect(results[0]!.labelling).toEqual([
      { group: 'default', assigned: [{ name: 'Claim', sentiment: 'positive' }], dismissed: [] },
    ]);
    expect(results[1]).not.toHaveProperty('labelling');
    expect(
      (
        await sift.call(
          'GET',
          `/api/_private/datasets/acme/claims/labellings?id=${sourceId}.missing`,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await sift.call(
          'GET',
          `/api/_private/datasets/acme/claims/labellings?id=${sourceId}.missing&allow_missing=true`,
        )
      ).body['results'],
    ).toEqual([]);

    const first = await sift.call(
      'GET',
      `/api/_private/datasets/acme/claims/labellings?source_id=${sourceId}&limit=1`,
    );
    expect(
      (first.body['results'] as { comment: { id: string } }[]).map((r) => r.comment.id),
    ).toEqual(['a']);
    const second = await sift.call(
      'GET',
      `/api/_private/datasets/acme/claims/labellings?source_id=${sourceId}&limit=1&after=${encodeURIComponent(first.body['after'] as string)}`,
    );
    expect(
      (second.body['results'] as { comment: { id: string } }[]).map((r) => r.comment.id),
    ).toEqual(['c.d']);
    expect(second.body['after']).not.toBe(first.body['after']);
    const third = await sift.call(
      'GET',
      `/api/_private/datasets/acme/claims/labellings?source_id=${sourceId}&limit=1&after=${encodeURIComponent(second.body['after'] as string)}`,
    );
    expect(third.body['results']).toEqual([]);
  });

  it('rejects bad annotations without writing anything', async () => {
    const both = await sift.call('POST', labellingUrl('b'), {
      body: {
        labelling: [{ group: 'default', assigned: [{ name: 'X' }], dismissed: [{ name: 'X' }] }],
      },
    });
    expect(both.statusCode).toBe(400);
    const outside = await sift.call('POST', labellingUrl('b'), {
      body: {
        labelling: [{ group: 'default', assigned: [{ name: 'Y' }] }],
        entities: {
          assigned: [
            {
              name: 'policy_number',
              formatted_value: 'x',
              spans: [
                {
                  content_part: 'body',
                  message_index: 0,
                  utf16_byte_start: 0,
                  utf16_byte_end: 999,
                },
              ],
            },
          ],
        },
      },
    });
    expect(outside.statusCode).toBe(400);
    const unknownKind = await sift.call('POST', labellingUrl('b'), {
      body: {
        entities: {
          assigned: [
            {
              name: 'iban',
              formatted_value: 'x',
              spans: [
                { content_part: 'body', message_index: 0, utf16_byte_start: 0, utf16_byte_end: 1 },
              ],
            },
          ],
        },
      },
    });
    expect(unknownKind.statusCode).toBe(400);
    const dataset = await sift.call('GET', '/api/v1/datasets/acme/claims');
    expect(
      (dataset.body['dataset'] as { label_defs: { name: string }[] }).label_defs.map((d) => d.name),
    ).not.toContain('Y');
    const stale = await sift.call('POST', labellingUrl('b'), {
      body: { labelling: [{ assigned: [{ name: 'Claim' }] }], context: 'stale' },
    });
    expect(stale.statusCode).toBe(409);
    expect(
      (
        await sift.call('POST', `/api/_private/datasets/acme/claims/labellings/${sourceId}.nope`, {
          body: {},
        })
      ).statusCode,
    ).toBe(404);
  });

  it('replaces assigned labels in bulk with sync-annotations', async () => {
    const result = await sift.call('POST', '/api/v1/datasets/acme/claims/sync-annotations', {
      body: {
        annotations: [
          { comment_uid: uid('a'), labels: [{ external_id: 'inv-1' }, { name: 'Refund > Late' }] },
        ],
      },
    });
    expect(result.statusCode).toBe(200);
    const read = await sift.call(
      'GET',
      `/api/_private/datasets/acme/claims/labellings?id=${encodeURIComponent(uid('a'))}`,
    );
    const annotated = (
      read.body['results'] as { labelling: unknown; entities: { assigned: unknown[] } }[]
    )[0]!;
    expect(annotated.labelling).toEqual([
      {
        group: 'default',
        assigned: [
          { name: 'Invoice', sentiment: 'positive' },
          { name: 'Refund > Late', sentiment: 'positive' },
        ],
        dismissed: [],
      },
    ]);
    expect(annotated.entities.assigned).toHaveLength(2);
    const unknown = await sift.call('POST', '/api/v1/datasets/acme/claims/sync-annotations', {
      body: { annotations: [{ comment_uid: uid('b'), labels: [{ external_id: 'nope' }] }] },
    });
    expect(unknown.statusCode).toBe(400);
    const stats = await sift.call('POST', '/api/_private/datasets/acme/claims/statistics', {
      body: {},
    });
    expect(
      (stats.body['statistics'] as { label_counts: Record<string, unknown> }).label_counts,
    ).toMatchObject({
      Claim: { positive: 1, negative: 0 },
      Invoice: { positive: 1, negative: 0 },
      Refund: { positive: 1, negative: 0 },
    });
  });

  it('drops entity annotations when the comment text changes, keeping labels', async () => {
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      body: {
        comments: [
          {
            id: 'a',
            timestamp: '2025-01-01T00:00:00Z',
            messages: [{ body: { text: 'rewritten' } }],
          },
        ],
      },
    });
    const read = await sift.call(
      'GET',
      `/api/_private/datasets/acme/claims/labellings?id=${encodeURIComponent(uid('a'))}`,
    );
    const annotated = (
      read.body['results'] as { labelling: { assigned: unknown[] }[]; entities?: unknown }[]
    )[0]!;
    expect(annotated.labelling[0]!.assigned).toHaveLength(2);
    expect(annotated.entities).toBeUndefined();
  });
});

describe('label renames and deletions', () => {
  it('rewrite the annotations that use the label and its descendants', async () => {
    const sift = await startTestApp();
    try {
      await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
      const sourceId = (
        (await sift.call('PUT', '/api/v1/sources/acme/inbox', { body: {} })).body['source'] as {
          id: string;
        }
      ).id;
      await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
        body: {
          comments: ['x', 'y'].map((id) => ({
            id,
            timestamp: '2025-01-01T00:00:00Z',
            messages: [{ body: { text: id } }],
          })),
        },
      });
      await sift.call('PUT', '/api/v1/datasets/acme/claims', {
        body: { dataset: { source_ids: [sourceId] } },
      });
      await sift.call('POST', '/api/v1/datasets/acme/claims/sync-annotations', {
        body: {
          annotations: [
            { comment_uid: `${sourceId}.x`, labels: [{ name: 'Order > Missing' }] },
            { comment_uid: `${sourceId}.y`, labels: [{ name: 'Order' }, { name: 'Other' }] },
          ],
        },
      });
      const renamed = await sift.call(
        'POST',
        '/api/_private/datasets/acme/claims/labels/default?label_name=Order',
        {
          body: { label: { name: 'Delivery' } },
        },
      );
      expect(renamed.body['num_modified']).toBe(2);
      const read = await sift.call(
        'GET',
        `/api/_private/datasets/acme/claims/labellings?ids=${sourceId}.x,${sourceId}.y`,
      );
      const names = (
        read.body['results'] as { labelling: { assigned: { name: string }[] }[] }[]
      ).map((r) => r.labelling[0]!.assigned.map((label) => label.name));
      expect(names).toEqual([['Delivery > Missing'], ['Delivery', 'Other']]);
      const deleted = await sift.call(
        'DELETE',
        '/api/_private/datasets/acme/claims/labels/default?label_name=Delivery',
      );
      expect(deleted.body['num_modified']).toBe(2);
      const after = await sift.call(
        'GET',
        `/api/_private/datasets/acme/claims/labellings?ids=${sourceId}.x,${sourceId}.y`,
      );
      const results = after.body['results'] as {
        labelling?: { assigned: { name: string }[] }[];
        comment: { has_annotations: boolean };
      }[];
      expect(results[0]!.labelling).toBeUndefined();
      expect(results[0]!.comment.has_annotations).toBe(false);
      expect(results[1]!.labelling![0]!.assigned.map((label) => label.name)).toEqual(['Other']);
    } finally {
      await sift.close();
    }
  });
});
