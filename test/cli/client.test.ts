import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { ApiError } from '../../src/client/api-error.js';
import { createClient, request, type ClientOptions } from '../../src/client/request.js';
import { syncCommentsRoute } from '../../src/contracts/comments.js';
import { deleteSourceByIdRoute, getSourceRoute } from '../../src/contracts/sources.js';
import { sourceStatisticsRoute } from '../../src/contracts/statistics.js';
import { getCurrentUserRoute } from '../../src/contracts/users.js';

type Reply = {
  status: number;
  body: string;
  gzip?: boolean;
  delayMs?: number;
  headers?: Record<string, string>;
};
type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

describe('client request', () => {
  let server: Server;
  let baseUrl: string;
  let replies: Reply[] = [];
  let seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((incoming, response) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
      incoming.on('end', () => {
        seen.push({
          method: incoming.method ?? '',
          url: incoming.url ?? '',
          headers: incoming.headers,
          body,
        });
        const reply = replies.shift() ?? { status: 200, body: '{"status":"ok"}' };
        setTimeout(() => {
          const payload = reply.gzip ? gzipSync(reply.body) : Buffer.from(reply.body);
          response.writeHead(reply.status, {
            'content-type': 'application/json',
            ...(reply.gzip ? { 'content-encoding': 'gzip' } : {}),
            ...reply.headers,
          });
          response.end(payload);
        }, reply.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix/reinfer_`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    replies = [];
    seen = [];
  });

  const options = (waits: number[], extra: Partial<ClientOptions> = {}): ClientOptions => ({
    baseUrl,
    token: 'sift_t0k3n',
    sleep: async (ms) => void waits.push(ms),
    ...extra,
  });

  it('sends the documented two-segment path with each segment percent-encoded, a bearer token and JSON', async () => {
    await request(
      { method: 'GET', url: '/api/v1/sources/:project/:name/comments/:comment_id' },
      {
        params: { project: 'acme', name: 'in box', comment_id: 'a/b c%d' },
        query: { include_markup: true, id: ['x', 'y z'] },
      },
      options([]),
    );
    await request(
      syncCommentsRoute,
      { params: { project: 'acme', name: 'inbox' }, body: { comments: [] } },
      options([]),
    );
    await request(
      deleteSourceByIdRoute,
      { params: { project: 'id:0123456789abcdef' } },
      options([]),
    );
    await request({ method: 'GET', url: '/c/:id' }, { params: { id: '..' } }, options([]));
    expect(seen.map((entry) => `${entry.method} ${entry.url}`)).toEqual([
      'GET /prefix/reinfer_/api/v1/sources/acme/in%20box/comments/a%2Fb%20c%25d?include_markup=true&id=x&id=y+z',
      'POST /prefix/reinfer_/api/v1/sources/acme/inbox/sync',
      'DELETE /prefix/reinfer_/api/v1/sources/id:0123456789abcdef',
      'GET /prefix/reinfer_/c/%2E%2E',
    ]);
    expect(seen[1]!.headers['authorization']).toBe('Bearer sift_t0k3n');
    expect(seen[1]!.headers['content-type']).toBe('application/json');
    expect(seen[1]!.headers['accept-encoding']).toBe('gzip');
    expect(JSON.parse(seen[1]!.body)).toEqual({ comments: [] });
  });

  it('decodes gzip responses', async () => {
    replies.push({ status: 200, body: '{"status":"ok","user":{"id":"1"}}', gzip: true });
    expect(await request(getCurrentUserRoute, {}, options([]))).toEqual({
      status: 'ok',
      user: { id: '1' },
    });
  });

  it('retries 5xx and 429 with the waits it was given and reports each retry', async () => {
    replies.push(
      { status: 503, body: '{"status":"error","message":"busy"}' },
      { status: 429, body: '{"status":"error","message":"slow"}' },
    );
    const waits: number[] = [];
    const warnings: string[] = [];
    const result = await request(
      getSourceRoute,
      { params: { project: 'a', name: 'b' } },
      {
        ...options(waits),
        retries: [1, 2000, 3],
        onRetry: (message) => warnings.push(message),
      },
    );
    expect(result).toEqual({ status: 'ok' });
    expect(waits).toEqual([1, 2000]);
    expect(warnings).toEqual([
      `503 Service Unavailable for ${baseUrl}/api/v1/sources/a/b - retrying after 1ms.`,
      `429 Too Many Requests for ${baseUrl}/api/v1/sources/a/b - retrying after 2s.`,
    ]);
  });

  it('gives up after three retries with the 5 s, 10 s, 20 s back-off and the official message', async () => {
    replies.push(
      ...Array.from({ length: 4 }, () => ({
        status: 503,
        body: '{"status":"error","message":"busy"}',
      })),
    );
    const waits: number[] = [];
    const failure = request(
      { method: 'PUT', url: '/api/v1/sources/a/b' },
      { body: {} },
      options(waits),
    );
    await expect(failure).rejects.toThrow('API request failed with 503 Service Unavailable: busy');
    await expect(failure).rejects.toMatchObject({ kind: 'api', status: 503 });
    expect(waits).toEqual([5_000, 10_000, 20_000]);
    expect(seen).toHaveLength(4);
  });

  it('reports a 409 at once, and retries it only when the server says it is transient', async () => {
    replies.push({ status: 409, body: '{"status":"error","message":"exists"}' });
    const waits: number[] = [];
    const failure = request(
      { method: 'PUT', url: '/api/v1/sources/a/b' },
      { body: {} },
      options(waits),
    );
    await expect(failure).rejects.toThrow('API request failed with 409 Conflict: exists');
    await expect(failure).rejects.toMatchObject({ kind: 'api', status: 409 });
    expect(waits).toEqual([]);
    expect(seen).toHaveLength(1);
    replies.push({
      status: 409,
      body: '{"status":"error","message":"busy"}',
      headers: { 'retry-after': '1' },
    });
    await request({ method: 'PUT', url: '/api/v1/sources/a/b' }, { body: {} }, options(waits));
    expect(waits).toEqual([5_000]);
  });

  it('retries idempotent POSTs only (sync yes, statistics no)', async () => {
    replies.push({ status: 500, body: '{"status":"error","message":"boom"}' });
    const waits: number[] = [];
    await request(
      syncCommentsRoute,
      { params: { project: 'a', name: 'b' }, body: { comments: [] } },
      options(waits),
    );
    expect(waits).toEqual([5_000]);
    replies.push({ status: 500, body: '{"status":"error","message":"boom"}' });
    await expect(
      request(
        sourceStatisticsRoute,
        { params: { project: 'a', name: 'b' }, body: {} },
        options(waits),
      ),
    ).rejects.toThrow('API request failed with 500 Internal Server Error: boom');
    expect(waits).toEqual([5_000]);
  });

  it('reports envelopes that disagree with the status code, and bodies that are not JSON envelopes', async () => {
    const noRetry = options([], { retries: false });
    replies.push({ status: 200, body: '{"status":"error","message":"odd"}' });
    await expect(request(getCurrentUserRoute, {}, noRetry)).rejects.toThrow(
      'Status code 200 inconsistent with response payload: odd',
    );
    replies.push({ status: 404, body: '{"status":"ok"}' });
    await expect(request(getCurrentUserRoute, {}, noRetry)).rejects.toMatchObject({
      kind: 'protocol',
      message: 'Status code 404 inconsistent with response payload: ',
    });
    replies.push({ status: 200, body: 'not json' });
    await expect(request(getCurrentUserRoute, {}, noRetry)).rejects.toThrow(
      'Could not parse JSON response.',
    );
    replies.push({ status: 200, body: '{"user":{}}' });
    await expect(request(getCurrentUserRoute, {}, noRetry)).rejects.toMatchObject({
      kind: 'parse',
    });
  });

  it('treats a DELETE answered 404 after a retry as done, but not a first 404', async () => {
    replies.push(
      { status: 502, body: '{"status":"error","message":"gateway"}' },
      { status: 404, body: '{"status":"error","message":"gone"}' },
    );
    expect(
      await request(deleteSourceByIdRoute, { params: { project: 'id:00' } }, options([])),
    ).toEqual({
      status: 'ok',
    });
    replies.push({ status: 404, body: '{"status":"error","message":"Source not found"}' });
    await expect(
      request(deleteSourceByIdRoute, { params: { project: 'id:00' } }, options([])),
    ).rejects.toThrow('API request failed with 404 Not Found: Source not found');
  });

  it('retries timeouts, then fails with a transport error', async () => {
    replies.push(
      ...Array.from({ length: 2 }, () => ({ status: 200, body: '{"status":"ok"}', delayMs: 300 })),
    );
    const waits: number[] = [];
    const failure = request(
      getCurrentUserRoute,
      {},
      { ...options(waits), retries: [1], timeoutMs: 50 },
    );
    await expect(failure).rejects.toMatchObject({ kind: 'transport', status: null });
    await expect(failure).rejects.toThrow(
      /HTTP request error: GET operation failed\. operation timed out/,
    );
    expect(waits).toEqual([1]);
  });

  it('retries connection errors', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const waits: number[] = [];
    const failure = request(
      getCurrentUserRoute,
      {},
      {
        ...options(waits),
        baseUrl: `http://127.0.0.1:${port}`,
      },
    );
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toThrow(/ECONNREFUSED/);
    expect(waits).toEqual([5_000, 10_000, 20_000]);
  });

  it('checks payloads against the route schema when asked to', async () => {
    replies.push({ status: 200, body: '{"status":"ok","user":{"id":"1"}}' });
    await expect(
      request(getCurrentUserRoute, {}, options([], { validate: true })),
    ).rejects.toMatchObject({
      kind: 'schema',
    });
  });

  it('sends plain-HTTP requests through a proxy in absolute form', async () => {
    const proxyUrl = new URL(baseUrl);
    await request(
      getCurrentUserRoute,
      {},
      {
        ...options([]),
        baseUrl: 'http://api.example.invalid/base',
        proxy: `http://${proxyUrl.host}`,
      },
    );
    expect(seen.map((entry) => entry.url)).toEqual(['http://api.example.invalid/base/auth/user']);
  });

  it('keeps connections alive across requests of one client', async () => {
    const client = createClient(options([]));
    try {
      await client.request(getCurrentUserRoute);
      await client.request(getCurrentUserRoute);
      expect(seen.map((entry) => entry.headers['connection'])).toEqual([
        'keep-alive',
        'keep-alive',
      ]);
    } finally {
      client.close();
    }
  });
});
