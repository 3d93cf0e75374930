import { gunzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/test-app.js';

describe('response compression', () => {
  let sift: TestApp;
  beforeAll(async () => {
    sift = await startTestApp();
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    await sift.call('PUT', '/api/v1/sources/acme/inbox', { body: {} });
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      body: {
        comments: Array.from({ length: 50 }, (_, index) => ({
          id: `c${index}`,
          timestamp: '2025-01-01T00:00:00Z',
          messages: [{ body: { text: `a fairly repetitive comment body number ${index}` } }],
        })),
      },
    });
  });
  afterAll(async () => {
    await sift.close();
  });

  it('gzips large responses for clients that accept it, keeping the envelope and Server-Timing', async () => {
    const response = await sift.app.inject({
      method: 'GET',
      url: '/api/_private/sources/acme/inbox/comments?limit=50',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'accept-encoding': 'gzip' },
    });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['server-timing']).toMatch(/^total;dur=/);
    const body = JSON.parse(gunzipSync(response.rawPayload).toString('utf8')) as {
      status: string;
      comments: unknown[];
    };
    expect(body.status).toBe('ok');
    expect(body.comments).toHaveLength(50);
  });

  it('sends plain JSON to clients that do not ask for compression', async () => {
    const response = await sift.call('GET', '/api/_private/sources/acme/inbox/comments?limit=50');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body['comments']).toHaveLength(50);
  });
});
