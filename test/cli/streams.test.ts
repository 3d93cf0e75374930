import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { run as getStreamComments } from '../../src/cli/commands/get-stream-comments.js';
import type { Io } from '../../src/cli/io.js';

// The consumer loop of cli.md §5.1 against a scripted server, so that every branch of the loop (empty
// batches, filtered-only batches, per-item advances) is exercised; streams-server.test.ts uses the real one.
describe('get stream-comments', () => {
  let server: Server;
  let endpoint: string;
  let batches: unknown[] = [];
  let advances: unknown[] = [];
  let onEmpty: () => void = () => undefined;

  const comment = (id: string) => ({
    id,
    uid: `0123456789abcdef.${id}`,
    timestamp: '2025-01-01T00:00:00Z',
    messages: [{ body: { text: id } }],
    user_properties: {},
    created_at: '2025-01-02T00:00:00.000000Z',
    has_annotations: false,
  });

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const reply = (payload: object) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ status: 'ok', ...payload }));
        };
        if (request.url === '/auth/user') {
          reply({ user: { id: '0123456789abcdef', username: 'admin' } });
        } else if (request.url === '/api/v1/datasets/acme/claims/streams/urgent/fetch') {
          const next = batches.shift();
          if (next === undefined) {
            onEmpty();
          }
          reply(next ?? { results: [], filtered: 0, sequence_id: 's-end', is_end_sequence: true });
        } else if (request.url === '/api/v1/datasets/acme/claims/streams/urgent/advance') {
          advances.push((JSON.parse(body) as { sequence_id: unknown }).sequence_id);
          reply({ sequence_id: 'x' });
        } else {
          response.writeHead(404, { 'content-type': 'application/json' });
          response.end('{"status":"error","message":"404 Not Found"}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    batches = [];
    advances = [];
    onEmpty = () => undefined;
  });

  const capture = () => {
    const out = { stdout: '', stderr: '' };
    const io: Io = {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      env: {},
    };
    return { io, out };
  };
  const globals = () => ({ endpoint, token: 't', configFile: '/nonexistent/contexts.json' });
  const stream = { owner: 'acme', dataset: 'claims', stream: 'urgent' };

  it('prints one batch object with the key order of cli.md §7', async () => {
    batches.push({
      is_end_sequence: false,
      sequence_id: 's-2',
      filtered: 1,
      results: [
        {
          entities: null,
          labels: [{ name: ['A'], probability: 1 }],
          sequence_id: 's-1',
          comment: comment('c1'),
        },
      ],
    });
    const { io, out } = capture();
    await getStreamComments({ stream, size: 16, globals: globals() }, io);
    expect(out.stdout).toBe(
      `${JSON.stringify({
        results: [
          {
            comment: {
              id: 'c1',
              uid: '0123456789abcdef.c1',
              timestamp: '2025-01-01T00:00:00Z',
              messages: [{ body: { text: 'c1' } }],
              created_at: '2025-01-02T00:00:00Z',
              has_annotations: false,
            },
            sequence_id: 's-1',
            labels: [{ name: ['A'], probability: 'FLOAT' }],
            entities: null,
          },
        ],
        filtered: 1,
        sequence_id: 's-2',
        is_end_sequence: false,
      }).replace('"FLOAT"', '1.0')}\n`,
    );
    expect(advances).toEqual([]);
  });

  it('listens: prints each result, advances per item and skips filtered batches, until stopped', async () => {
    const controller = new AbortController();
    batches.push(
      {
        results: [
          { comment: comment('c1'), sequence_id: 's-1', labels: null, entities: null },
          { comment: comment('c2'), sequence_id: 's-2', labels: null, entities: null },
        ],
        filtered: 0,
        sequence_id: 's-2',
        is_end_sequence: false,
      },
      { results: [], filtered: 5, sequence_id: 's-7', is_end_sequence: true },
      {
        results: [{ comment: comment('c3'), sequence_id: 's-8', labels: null, entities: null }],
        filtered: 2,
        sequence_id: 's-10',
        is_end_sequence: true,
      },
    );
    onEmpty = () => controller.abort();
    const { io, out } = capture();
    await getStreamComments(
      {
        stream,
        size: 16,
        listen: 0.01,
        individualAdvance: true,
        signal: controller.signal,
        globals: globals(),
      },
      io,
    );
    expect(
      out.stdout
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { comment: { id: string } }).comment.id),
    ).toEqual(['c1', 'c2', 'c3']);
    // Per item, no final advance when the last item's token is the batch token; a filtered-only batch
    // is skipped with its token; a final batch advance when the batch token went further.
    expect(advances).toEqual(['s-1', 's-2', 's-7', 's-8', 's-10']);
    expect(out.stderr).toContain(
      "W Configuration file `/nonexistent/contexts.json` doesn't exist.",
    );
  });
});
