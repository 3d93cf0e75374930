import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/test-app.js';

// issue 20 #7: per-user limits on token issuance and on the expensive routes (429 + Retry-After, the
// envelope) and a deadline for sending a request. The concurrency cap: src/api/plugins/abuse-limits.test.ts.

describe('abuse limits', () => {
  let sift: TestApp;
  let bobToken: string;
  let bobId: string;

  beforeAll(async () => {
    sift = await startTestApp({
      SIFT_TOKEN_ISSUE_LIMIT: '3',
      SIFT_HEAVY_RATE_LIMIT: '4',
      SIFT_REQUEST_TIMEOUT_MS: '400',
    });
    await sift.call('PUT', '/api/_private/projects/acme', { body: { user_ids: [] } });
    const source = await sift.call('PUT', '/api/v1/sources/acme/inbox', { body: {} });
    await sift.call('POST', '/api/v1/sources/acme/inbox/sync', {
      body: {
        comments: Array.from({ length: 50 }, (_, index) => ({
          id: `c${index}`,
          timestamp: '2025-01-01T00:00:00Z',
          messages: [{ body: { text: `comment number ${index}` } }],
        })),
      },
    });
    await sift.call('PUT', '/api/v1/datasets/acme/claims', {
      body: { dataset: { source_ids: [(source.body['source'] as { id: string }).id] } },
    });
    const bob = await sift.call('PUT', '/api/_private/users', {
      body: {
        user: {
          username: 'bob',
          email: 'bob@acme.example',
          organisation_permissions: { acme: ['voc-readonly', 'sources-read'] },
        },
      },
    });
    bobId = (bob.body['user'] as { id: string }).id;
    bobToken = (await sift.call('POST', `/api/_private/users/${bobId}/api-token`)).body[
      'token'
    ] as string;
  });
  afterAll(async () => {
    await sift.close();
  });

  it('answers the fourth token regeneration in a minute with 429, Retry-After and the envelope', async () => {
    let token = bobToken;
    for (let attempt = 0; attempt < 3; attempt++) {
      const regenerated = await sift.call('POST', '/auth/api-token', { token });
      expect(regenerated.statusCode).toBe(200);
      token = regenerated.body['token'] as string;
    }
    const refused = await sift.call('POST', '/auth/api-token', { token });
    expect(refused.statusCode).toBe(429);
    expect(refused.body.message).toMatch(/Too many requests/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The refused call issued nothing: the last token still works.
    expect((await sift.call('GET', '/auth/user', { token })).statusCode).toBe(200);
    bobToken = token;
    // Another caller has a budget of its own.
    expect((await sift.call('POST', `/api/_private/users/${bobId}/api-token`)).statusCode).toBe(
      200,
    );
    bobToken = (await sift.call('POST', `/api/_private/users/${bobId}/api-token`)).body[
      'token'
    ] as string;
  });

  it('limits queries per user and leaves cheap routes and other users alone', async () => {
    const query = (token: string) =>
      sift.call('POST', '/api/_private/datasets/acme/claims/query', {
        token,
        body: { order: { kind: 'recent' }, limit: 5 },
      });
    for (let attempt = 0; attempt < 4; attempt++) {
      expect((await query(bobToken)).statusCode).toBe(200);
    }
    const refused = await query(bobToken);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await sift.call('GET', '/api/v1/datasets', { token: bobToken })).statusCode).toBe(200);
    expect((await query(ADMIN_TOKEN)).statusCode).toBe(200);
  });

  it('answers a client that does not finish its request in time with 408 and the envelope', async () => {
    const address = await sift.app.listen({ port: 0, host: '127.0.0.1' });
    const port = Number(new URL(address).port);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      // Headers, then a body that never comes.
      socket.write(
        `POST /api/v1/sources/acme/inbox/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('"status":"error"');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
