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
