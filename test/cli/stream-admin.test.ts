import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { Io } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';

// The stream routes are being built elsewhere; these commands run against a stub answering as api.md
// §5.11 specifies, and the test checks the requests and output of cli.md §5.1/§5.2.
type Call = { method: string; url: string; body: unknown };

const DATASET = { id: '00000000000000d1', owner: 'acme', name: 'claims', title: '' };
const stream = (name: string) => ({
  id: `id-${name}`,
  dataset_id: DATASET.id,
  name,
  title: `Stream ${name}`,
  description: '',
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-02T00:00:00.250Z',
  comment_filter: { sources: [] },
  label_threshold_filter: null,
  model: { version: 3, label_thresholds: [{ name: ['Refund'], threshold: 1, extra: 1 }] },
  unknown_server_key: true,
});

describe('stream commands', () => {
  let server: Server;
  let endpoint: string;
  let directory: string;
  let calls: Call[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sift-cli-streams-'));
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        const call: Call = {
          method: request.method ?? '',
          url: request.url ?? '',
          body: text === '' ? undefined : (JSON.parse(text) as unknown),
        };
        calls.push(call);
        const key = `${call.method} ${call.url}`;
        const payload: Record<string, unknown> | undefined = {
          'GET /auth/user': { user: { id: '0123456789abcdef' } },
          'POST /auth/refresh-user-permissions': { permissions_refreshed: true },
          'GET /api/v1/datasets/acme/claims': { dataset: DATASET },
          'GET /api/v1/datasets/acme/claims/streams': {
            streams: [stream('zeta'), stream('alpha')],
          },
          'PUT /api/v1/datasets/acme/claims/streams': { stream: stream('x') },
          'PUT /api/v1/datasets/acme/claims/streams/urgent/exceptions': {},
        }[key];
        response.writeHead(payload ? 200 : 404, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify(
            payload
              ? { status: 'ok', ...payload }
              : { status: 'error', message: `no stub: ${key}` },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(directory, { recursive: true, force: true });
  });
  beforeEach(() => {
    calls = [];
  });

  async function sift(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = { stdout: '', stderr: '' };
    const io: Io = {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      env: {},
    };
    const code = await runCli(
      [
        '--config-file',
        join(directory, 'none.json'),
        '--endpoint',
        endpoint,
        '--token',
        't',
        ...args,
      ],
      io,
    );
    return { code, ...out };
  }

  it('get streams sorts by name and prints the Stream model, to stdout or a file', async () => {
    const table = await sift(['get', 'streams', '-d', 'acme/claims']);
    expect(table.code).toBe(0);
    const rows = table.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^Name\s+ID\s+Updated \(UTC\)\s+Title$/);
    expect(rows[1]).toMatch(/^alpha\s+id-alpha\s+2025-01-02 00:00:00\s+Stream alpha$/);
    expect(rows[2]).toMatch(/^zeta\s/);

    const file = join(directory, 'streams.jsonl');
    const written = await sift(['get', 'streams', '-d', 'acme/claims', '-f', file]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    const first = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual([
      'id',
      'dataset_id',
      'name',
      'title',
      'description',
      'created_at',
      'updated_at',
      'comment_filter',
      'label_threshold_filter',
      'model',
    ]);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toContain(
      '"model":{"version":3,"label_thresholds":[{"name":["Refund"],"threshold":1.0}]}',
    );
  });

  it('create streams sends each line as a StreamNew with the given model version', async () => {
    const file = join(directory, 'new-streams.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({
          name: 'urgent',
          title: 'Urgent',
          model: { version: 1, label_thresholds: [{ name: ['Refund'], threshold: 0.5 }] },
          id: 'ignored',
        }),
        JSON.stringify({ name: 'all' }),
      ].join('\n'),
    );
    const run = await sift(['create', 'streams', '-d', 'acme/claims', '-f', file, '-v', '7']);
    expect(run.code).toBe(0);
    const puts = calls.filter((call) => call.method === 'PUT').map((call) => call.body);
    expect(puts).toEqual([
      {
        stream: {
          name: 'urgent',
          title: 'Urgent',
          model: { version: 7, label_thresholds: [{ name: ['Refund'], threshold: 0.5 }] },
        },
      },
      { stream: { name: 'all' } },
    ]);
    expect(run.stderr).toContain('I Created stream urgent');
    expect(run.stderr).toContain('I Created stream all');
  });

  it('create stream-exception tags a comment uid on the stream', async () => {
    const run = await sift([
      'create',
      'stream-exception',
      '--stream',
      'acme/claims/urgent',
      '--type',
      'No Label',
      '--uid',
      '00000000000000a1.c-1',
    ]);
    expect(run.code).toBe(0);
    expect(calls.at(-1)).toEqual({
      method: 'PUT',
      url: '/api/v1/datasets/acme/claims/streams/urgent/exceptions',
      body: { exceptions: [{ metadata: { type: 'No Label' }, uid: '00000000000000a1.c-1' }] },
    });
    expect(run.stderr).toContain('I New stream exception created successfully');

    const bad = await sift([
      'create',
      'stream-exception',
      '--stream',
      'acme/claims',
      '--type',
      't',
      '--uid',
      'u',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Expected <owner>/<dataset>/<stream>: acme/claims');
  });
});
