import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, type TestApp } from '../helpers/test-app.js';

// issue 20 #3: a caller without `sources-read-sensitive` must not learn a hidden property's values from
// the number of comments a filter on it matches. Sift refuses such filters with 403 naming the
// property (docs/security.md); callers with the permission filter as before.

describe('filters on sensitive user properties', () => {
  let sift: TestApp;
  let readerToken: string;
  let sensitiveToken: string;

  async function tokenFor(username: string, permissions: string[]): Promise<string> {
    const user = await sift.call('PUT', '/api/_private/users', {
      body: {
        user: {
          username,
          email: `${username}@acme.example`,
          organisation_permissions: { acme: permissions },
        },
      },
    });
    const issued = await sift.call(
      'POST',
      `/api/_private/users/${(user.body['user'] as { id: string }).id}/api-token`,
      { body: {} },
    );
    return issued.body['token'] as string;
  }

  beforeAll(async () => {
    sift = await startTestApp();
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    const source = await sift.call('PUT', '/api/v1/sources/acme/inbox', {
      body: { source: { sensitive_properties: ['string:Country'] } },
    });
    const sourceId = (source.body['source'] as { id: string }).id;
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      body: {
        comments: Array.from({ length: 8 }, (_, index) => ({
          id: `c${index}`,
          timestamp: `2025-01-0${index + 1}T00:00:00Z`,
          messages: [{ body: { text: `comment ${index}` } }],
          user_properties: {
            'string:Country': index < 5 ? 'UK' : 'FR',
            'string:Region': 'EMEA',
          },
        })),
      },
    });
    await sift.call('PUT', '/api/v1/datasets/acme/claims', {
      body: { dataset: { source_ids: [sourceId] } },
    });
    readerToken = await tokenFor('reader', ['sources-read', 'voc-readonly']);
    sensitiveToken = await tokenFor('sensitive', [
      'sources-read',
      'sources-read-sensitive',
      'voc-readonly',
    ]);
  });
  afterAll(async () => {
    await sift.close();
  });

  const hidden = { 'string:Country': { one_of: ['UK'] } };
  const visible = { 'string:Region': { one_of: ['EMEA'] } };

  const requests = [
    {
      name: 'dataset query',
      url: '/api/_private/datasets/acme/claims/query',
      body: (filter: object) => ({
        order: { kind: 'recent' },
        filter: { user_properties: filter },
      }),
      count: (body: Record<string, unknown>) => (body['results'] as unknown[]).length,
    },
    {
      name: 'dataset statistics',
      url: '/api/_private/datasets/acme/claims/statistics',
      body: (filter: object) => ({ comment_filter: { user_properties: filter } }),
      count: (body: Record<string, unknown>) =>
        (body['statistics'] as { num_comments: number }).num_comments,
    },
    {
      name: 'source statistics',
      url: '/api/v1/sources/acme/inbox/statistics',
      body: (filter: object) => ({ comment_filter: { user_properties: filter } }),
      count: (body: Record<string, unknown>) =>
        (body['statistics'] as { num_comments: number }).num_comments,
    },
  ];

  for (const request of requests) {
    it(`refuses a ${request.name} filtered by a hidden property with 403 naming it`, async () => {
      const refused = await sift.call('POST', request.url, {
        token: readerToken,
        body: request.body(hidden),
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.body.message).toContain('string:Country');
      expect(refused.body.message).toContain('sources-read-sensitive');
    });

    it(`filters a ${request.name} by a visible property for the same caller`, async () => {
      const allowed = await sift.call('POST', request.url, {
        token: readerToken,
        body: request.body(visible),
      });
      expect(allowed.statusCode).toBe(200);
      expect(request.count(allowed.body)).toBe(8);
    });

    it(`filters a ${request.name} by the property for a caller who may read it`, async () => {
      const allowed = await sift.call('POST', request.url, {
        token: sensitiveToken,
        body: request.body(hidden),
      });
      expect(allowed.statusCode).toBe(200);
      expect(request.count(allowed.body)).toBe(5);
    });
  }

  it('refuses counting the values of a hidden property in dataset statistics', async () => {
    const refused = await sift.call('POST', '/api/_private/datasets/acme/claims/statistics', {
      token: readerToken,
      body: { string_user_property_counts: ['string:Country'] },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body.message).toContain('string:Country');
    const allowed = await sift.call('POST', '/api/_private/datasets/acme/claims/statistics', {
      token: sensitiveToken,
      body: { string_user_property_counts: ['string:Country'] },
    });
    expect(
      (allowed.body['statistics'] as { string_user_property_counts: object })
        .string_user_property_counts,
    ).toEqual({ 'string:Country': { UK: 5, FR: 3 } });
  });
});
