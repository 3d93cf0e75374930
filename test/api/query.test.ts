import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sampleRank } from '../../src/lib/order-keys.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

type Page = {
  results: { comment: { id: string }; labelling?: unknown }[];
  continuation?: string;
  num_results?: unknown;
  seed?: number;
};

describe('dataset query', () => {
  let sift: TestApp;
  let sourceId: string;
  const query = async (body: unknown) =>
    (await sift.call('POST', '/api/_private/datasets/acme/claims/query', { body }))
      .body as unknown as Page;

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
        comments: Array.from({ length: 30 }, (_, index) => ({
          id: `c${String(index).padStart(2, '0')}`,
          timestamp: `2025-01-${String(index + 1).padStart(2, '0')}T00:00:00Z`,
          thread_id: index < 4 ? 'T1' : undefined,
          messages: [{ body: { text: `comment ${index}` } }],
          user_properties: { 'number:Index': index },
        })),
      },
    });
    await sift.call('PUT', '/api/v1/datasets/acme/claims', {
      body: { dataset: { source_ids: [sourceId] } },
    });
    await sift.call('POST', `/api/_private/datasets/acme/claims/labellings/${sourceId}.c05`, {
      body: { labelling: [{ group: 'default', assigned: [{ name: 'Refund' }] }] },
    });
  });
  afterAll(async () => {
    await sift.close();
  });

  it('returns the most recent comments first, in pages that do not overlap', async () => {
    const first = await query({ order: { kind: 'recent' }, limit: 20 });
    expect(first.results.map((r) => r.comment.id).slice(0, 3)).toEqual(['c29', 'c28', 'c27']);
    expect(first.num_results).toEqual({ filtered: 30, expected: 30 });
    const second = await query({
      order: { kind: 'recent' },
      limit: 20,
      continuation: first.continuation,
    });
    expect(second.results.map((r) => r.comment.id)).toEqual([
      'c09',
      'c08',
      'c07',
      'c06',
      'c05',
      'c04',
      'c03',
      'c02',
      'c01',
      'c00',
    ]);
    expect(second.continuation).toBeUndefined();
    expect(second.results.find((r) => r.comment.id === 'c05')?.labelling).toEqual([
      { group: 'default', assigned: [{ name: 'Refund', sentiment: 'positive' }], dismissed: [] },
    ]);
  });

  it('shuffles deterministically by seed', async () => {
    const a = await query({ order: { kind: 'sample', seed: 7 }, limit: 20 });
    const b = await query({ order: { kind: 'sample', seed: 7 }, limit: 20 });
    const c = await query({ order: { kind: 'sample', seed: 8 }, limit: 20 });
    const ids = a.results.map((r) => r.comment.id);
    expect(b.results.map((r) => r.comment.id)).toEqual(ids);
    expect(c.results.map((r) => r.comment.id)).not.toEqual(ids);
    expect(a.seed).toBe(7);
    const expected = Array.from({ length: 30 }, (_, i) => `c${String(i).padStart(2, '0')}`)
      .sort((x, y) =>
        sampleRank(7, `${sourceId}.${x}`) < sampleRank(7, `${sourceId}.${y}`) ? -1 : 1,
      )
      .slice(0, 20);
    expect(ids).toEqual(expected);
    expect(
      (
        await sift.call('POST', '/api/_private/datasets/acme/claims/query', {
          body: { order: { kind: 'sample' } },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('applies filters, collapses threads and refuses a token for another query', async () => {
    const unreviewed = await query({
      order: { kind: 'recent' },
      filter: { reviewed: 'only_reviewed' },
    });
    expect(unreviewed.results.map((r) => r.comment.id)).toEqual(['c05']);
    const ranged = await query({
      order: { kind: 'recent' },
      filter: { user_properties: { 'number:Index': { minimum: 27 } } },
    });
    expect(ranged.results.map((r) => r.comment.id)).toEqual(['c29', 'c28', 'c27']);
    const collapsed = await query({
      order: { kind: 'recent' },
      collapse_mode: 'thread_id',
      limit: 1024,
    });
    expect(collapsed.results.map((r) => r.comment.id).filter((id) => id < 'c04')).toEqual(['c03']);
    const first = await query({ order: { kind: 'recent' }, limit: 5 });
    const mismatch = await sift.call('POST', '/api/_private/datasets/acme/claims/query', {
      body: { order: { kind: 'sample', seed: 1 }, continuation: first.continuation },
    });
    expect(mismatch.statusCode).toBe(400);
    const unsupported = await sift.call('POST', '/api/_private/datasets/acme/claims/query', {
      body: { order: { kind: 'label_property' } },
    });
    expect(unsupported.statusCode).toBe(400);
  });

  it('finds comments by keyword, most relevant first, and keeps the index in step with edits', async () => {
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      body: {
        comments: [
          {
            id: 's1',
            timestamp: '2025-03-01T00:00:00Z',
            messages: [
              { subject: { text: 'Wire transfer' }, body: { text: 'My transfer failed' } },
            ],
          },
          {
            id: 's2',
            timestamp: '2025-03-02T00:00:00Z',
            messages: [{ body: { text: 'Please cancel the pending transfers to my savings' } }],
          },
          {
            id: 's3',
            timestamp: '2025-03-03T00:00:00Z',
            messages: [{ body: { text: 'Card declined at the shop' } }],
          },
        ],
      },
    });
    const search = async (text: string) => {
      const page = await query({ order: { kind: 'text_search', query: text }, limit: 100 });
      return page.results.map((r) => r.comment.id);
    };
    // Stemming matches "transfers"; s1 says it twice (subject and body) and ranks first.
    expect(await search('transfer')).toEqual(['s1', 's2']);
    expect(await search('TRANSFER savings')).toEqual(['s2']);
    expect(await search('"pending transfers"')).toEqual(['s2']);
    expect(await search('"transfers pending"')).toEqual([]);
    expect(await search('nothing-like-this')).toEqual([]);
    const echoed = await sift.call('POST', '/api/_private/datasets/acme/claims/query', {
      body: { order: { kind: 'text_search', query: 'card' } },
    });
    expect(echoed.body['query']).toBe('card');
    const blank = await sift.call('POST', '/api/_private/datasets/acme/claims/query', {
      body: { order: { kind: 'text_search', query: ' "" ' } },
    });
    expect(blank.statusCode).toBe(400);
    // An edited comment is found by its new words only; a deleted one not at all.
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      body: {
        comments: [
          {
            id: 's3',
            timestamp: '2025-03-03T00:00:00Z',
            messages: [{ body: { text: 'Transfer limit reached' } }],
          },
        ],
      },
    });
    expect(await search('declined')).toEqual([]);
    expect((await search('transfer')).sort()).toEqual(['s1', 's2', 's3']);
    await sift.call('DELETE', '/api/v1/sources/acme/inbox/comments?id=s1');
    expect((await search('transfer')).sort()).toEqual(['s2', 's3']);
  });
});

describe('dataset query pages from the store', () => {
  let sift: TestApp;
  let sourceId: string;
  let datasetId: string;
  const url = '/api/_private/datasets/acme/tickets/query';
  const query = async (body: unknown) => {
    const response = await sift.call('POST', url, { body });
    expect(response.statusCode, JSON.stringify(response.body)).toBe(200);
    return response.body as unknown as Page;
  };
  /** Every id of a query, fetched `limit` at a time through continuations. */
  const pageAll = async (body: Record<string, unknown>, limit: number) => {
    const ids: string[] = [];
    let continuation: string | undefined;
    let first: Page | undefined;
    for (let round = 0; round < 200; round += 1) {
      const page = await query({ ...body, limit, ...(continuation ? { continuation } : {}) });
      first ??= page;
      if (round > 0) {
        expect(page.num_results).toBeUndefined();
      }
      ids.push(...page.results.map((result) => result.comment.id));
      continuation = page.continuation;
      if (continuation === undefined) {
        break;
      }
    }
    return { ids, first: first! };
  };
  const predicted = (id: string, refund: number, travel: number) => ({
    dataset_id: datasetId,
    source_id: sourceId,
    comment_id: id,
    version: 1,
    context: '',
    labels: (
      [
        ['Refund', refund],
        ['Travel', travel],
      ] as [string, number][]
    )
      .filter(([, probability]) => probability >= 0.01)
      .sort((a, b) => b[1] - a[1]),
    max_informative: Math.max(refund, travel),
    check_key: refund,
    missed_key: travel,
    rebalance_key: (refund + travel) / 2,
  });

  beforeAll(async () => {
    sift = await startTestApp();
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    sourceId = (
      (await sift.call('PUT', '/api/v1/sources/acme/desk', { body: {} })).body['source'] as {
        id: string;
      }
    ).id;
    await sift.call('POST', '/api/v1/sources/acme/desk/sync', {
      body: {
        comments: Array.from({ length: 45 }, (_, index) => ({
          id: `t${String(index).padStart(2, '0')}`,
          // Repeated timestamps: ties fall back to the id.
          timestamp: `2025-02-${String(1 + (index % 20)).padStart(2, '0')}T00:00:00Z`,
          messages: [
            {
              body: { text: index % 4 === 0 ? `printer jammed again ${index}` : `ticket ${index}` },
            },
          ],
          user_properties: { 'number:Priority': index % 3 },
        })),
      },
    });
    datasetId = (
      (
        await sift.call('PUT', '/api/v1/datasets/acme/tickets', {
          body: { dataset: { source_ids: [sourceId] } },
        })
      ).body['dataset'] as { id: string }
    ).id;
    for (const [id, label] of [
      ['t03', 'Refund'],
      ['t08', 'Travel'],
      ['t13', 'Refund'],
      ['t21', 'Travel'],
    ] as const) {
      await sift.call('POST', `/api/_private/datasets/acme/tickets/labellings/${sourceId}.${id}`, {
        body: { labelling: [{ group: 'default', assigned: [{ name: label }] }] },
      });
    }
    // A version and its stored predictions, written as the dataset-predict job writes them.
    await sift.store.transaction((tx) =>
      tx.models.insert({
        dataset_id: datasetId,
        model_id: '00000000000000f1',
        fingerprint: 'f',
        trained_time: '2025-03-01T00:00:00.000000Z',
        training_duration: 1,
        input_updated_at: '2025-03-01T00:00:00.000000Z',
        reviewed_counts: {},
        summary: {},
        validation: {},
        taxonomy: { label_groups: [] },
        model_file: Uint8Array.from([1]),
        pinned: false,
        starred: false,
        description: '',
      }),
    );
    await sift.store.predictions.upsertMany(
      Array.from({ length: 40 }, (_, index) =>
        predicted(`t${String(index).padStart(2, '0')}`, ((index * 7) % 16) / 16, (index % 5) / 8),
      ),
    );
  }, 60_000);
  afterAll(async () => {
    await sift.close();
  });

  const orders: Record<string, unknown>[] = [
    { kind: 'recent' },
    { kind: 'sample', seed: 3 },
    { kind: 'by_label', label: 'Refund' },
    { kind: 'by_label' },
    { kind: 'learning', label: 'Refund' },
    { kind: 'learning' },
    { kind: 'any_label_asc' },
    { kind: 'check' },
    { kind: 'check', label: 'Travel' },
    { kind: 'missed' },
    { kind: 'diagnostic' },
    { kind: 'text_search', query: 'printer jammed' },
  ];

  it('pages every order through continuations with no duplicate and no gap', async () => {
    for (const order of orders) {
      const whole = await query({ order, limit: 1024 });
      const paged = await pageAll({ order }, 4);
      const name = JSON.stringify(order);
      expect(paged.ids, name).toEqual(whole.results.map((result) => result.comment.id));
      expect(new Set(paged.ids).size, name).toBe(paged.ids.length);
      expect(paged.first.num_results, name).toEqual({
        filtered: paged.ids.length,
        expected: paged.ids.length,
      });
    }
    // Spot checks of the orders themselves.
    const byLabel = (await pageAll({ order: { kind: 'by_label', label: 'Refund' } }, 5)).ids;
    const refund = (id: string) => ((Number(id.slice(1)) * 7) % 16) / 16;
    const ranked = byLabel.filter((id) => Number(id.slice(1)) < 40 && refund(id) >= 0.01);
    expect(byLabel.slice(0, ranked.length)).toEqual(ranked);
    for (let index = 1; index < ranked.length; index += 1) {
      expect(refund(ranked[index - 1]!)).toBeGreaterThanOrEqual(refund(ranked[index]!));
    }
    const teach = (await pageAll({ order: { kind: 'learning', label: 'Refund' } }, 6)).ids;
    expect(teach).not.toContain('t03');
    expect(teach).toHaveLength(41);
    expect((await pageAll({ order: { kind: 'check' } }, 1)).ids.sort()).toEqual([
      't03',
      't08',
      't13',
      't21',
    ]);
    expect(
      (await pageAll({ order: { kind: 'text_search', query: 'printer' } }, 2)).ids,
    ).toHaveLength(12);
  });

  it('applies filters the store cannot express per page, with the same results', async () => {
    const filter = { user_properties: { 'number:Priority': { one_of: [2] } } };
    for (const order of [{ kind: 'recent' }, { kind: 'by_label', label: 'Travel' }]) {
      const whole = (await pageAll({ order }, 1024)).ids;
      const priority = (id: string) => Number(id.slice(1)) % 3;
      const paged = await pageAll({ order, filter }, 4);
      expect(paged.ids).toEqual(whole.filter((id) => priority(id) === 2));
      expect(paged.first.num_results).toEqual({ filtered: 15, expected: 15 });
    }
    const unreviewed = await pageAll(
      { order: { kind: 'recent' }, filter: { reviewed: 'only_unreviewed' } },
      10,
    );
    expect(unreviewed.ids).toHaveLength(41);
    expect(unreviewed.ids).not.toContain('t08');
  });

  it('continues page N + 1 after page N when comments and predictions arrive in between', async () => {
    const order = { kind: 'by_label', label: 'Travel' };
    const first = await query({ order, limit: 5 });
    const seen = first.results.map((result) => result.comment.id);
    await sift.call('POST', '/api/v1/sources/acme/desk/sync', {
      body: {
        comments: ['u1', 'u2', 'u3'].map((id) => ({
          id,
          timestamp: '2025-04-01T00:00:00Z',
          messages: [{ body: { text: `late ${id}` } }],
        })),
      },
    });
    // u1 ranks above the page already served (not shown again), u2 below it, u3 has no predictions.
    await sift.store.predictions.upsertMany([predicted('u1', 0, 1), predicted('u2', 0, 0.0625)]);
    const rest = await pageAll({ order, continuation: first.continuation }, 5);
    const whole = (await pageAll({ order }, 1024)).ids;
    expect(whole.indexOf('u1')).toBeLessThan(whole.indexOf(seen[4]!));
    expect(rest.ids).toEqual(whole.slice(whole.indexOf(seen[4]!) + 1));
    expect(rest.ids).toEqual(expect.arrayContaining(['u2', 'u3']));
    expect(rest.ids).not.toContain('u1');
    expect(rest.ids.filter((id) => seen.includes(id))).toEqual([]);
  });
});
