import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiError } from '../../src/client/api-error.js';
import { buildUrl, createClient } from '../../src/client/request.js';

describe('client request', () => {
  let server: Server;
  let endpoint: string;
  const replies: { status: number; body: string }[] = [];
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      const reply = replies.shift() ?? { status: 200, body: '{"status":"ok"}' };
      response.writeHead(reply.status, { 'content-type': 'application/json' });
      response.end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (waits: number[]) =>
    createClient({
      endpoint,
      token: 't',
      retryDelaysMs: [1, 2, 3],
      sleep: async (ms) => void waits.push(ms),
    });

  it('percent-encodes each path segment and keeps id: readable', () => {
    expect(
      buildUrl('http://h/base', ['api', 'v1', 'sources', 'id:0123', 'comments', 'a/b c'], {
        id: ['x', 'y'],
      }),
    ).toBe('http://h/base/api/v1/sources/id:0123/comments/a%2Fb%20c?id=x&id=y');
  });

  it('retries 409, 429 and 5xx with the back-off, then succeeds', async () => {
    replies.push(
      { status: 503, body: '{"status":"error","message":"busy"}' },
      { status: 429, body: '{"status":"error","message":"slow"}' },
    );
    const waits: number[] = [];
    expect(await client(waits).request('GET', ['api', 'v1', 'projects'])).toEqual({ status: 'ok' });
    expect(waits).toEqual([1, 2]);
  });

  it('gives up after three retries with the official message', async () => {
    replies.push(
      ...Array.from({ length: 4 }, () => ({
        status: 409,
        body: '{"status":"error","message":"exists"}',
      })),
    );
    const waits: number[] = [];
    await expect(client(waits).request('PUT', ['api', 'v1', 'sources', 'a', 'b'])).rejects.toThrow(
      'API request failed with 409 Conflict: exists',
    );
    expect(waits).toEqual([1, 2, 3]);
  });

  it('does not retry POSTs that are not marked idempotent', async () => {
    replies.push({ status: 500, body: '{"status":"error","message":"boom"}' });
    const waits: number[] = [];
    await expect(client(waits).request('POST', ['x'])).rejects.toBeInstanceOf(ApiError);
    expect(waits).toEqual([]);
  });

  it('reports envelopes that disagree with the status and bodies that are not JSON', async () => {
    replies.push({ status: 200, body: '{"status":"error","message":"odd"}' });
    await expect(client([]).request('GET', ['x'])).rejects.toThrow(
      'Status code 200 inconsistent with response payload: odd',
    );
    replies.push({ status: 200, body: 'not json' });
    await expect(client([]).request('GET', ['x'])).rejects.toThrow(
      'Could not parse JSON response.',
    );
  });

  it('treats a 404 after a retried DELETE as done', async () => {
    replies.push(
      { status: 502, body: '{"status":"error","message":"gateway"}' },
      { status: 404, body: '{"status":"error","message":"gone"}' },
    );
    expect(await client([]).request('DELETE', ['x'])).toEqual({ status: 'ok' });
  });
});
