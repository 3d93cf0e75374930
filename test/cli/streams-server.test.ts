import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runSift } from '../helpers/sift-cli.js';

// The stream commands of cli.md against a real Sift server (test/cli/streams.test.ts drives the
// `--listen` loop against a scripted server; this proves the real routes answer what the CLI expects).

const TOKEN = 'sift_cli-streams-admin-token-0001';

describe('sift stream commands against a real server', () => {
  let server: ServerProcess;
  let directory: string;
  let sourceId = '';
  const sift = (args: string[]) => runSift(['--endpoint', server.url, '--token', TOKEN, ...args]);
  const api = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, `${method} ${path}`).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sift-cli-streams-'));
    server = await startServerProcess({
      SIFT_DATA_DIR: join(directory, 'data'),
      SIFT_ADMIN_TOKEN: TOKEN,
      SIFT_WORKER: 'off',
    });
    await api('PUT', '/api/_private/projects/ops', { user_ids: [] });
    const source = await api('PUT', '/api/v1/sources/ops/inbox', { source: {} });
    sourceId = (source['source'] as { id: string }).id;
    await api('PUT', '/api/v1/datasets/ops/triage', {
      dataset: { source_ids: [sourceId], label_defs: [{ name: 'Billing' }] },
    });
  }, 30_000);

  afterAll(async () => {
    await server.stop('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates, lists and consumes a stream and tags an exception', async () => {
    const file = join(directory, 'streams.jsonl');
    writeFileSync(file, `${JSON.stringify({ name: 'urgent', title: 'Urgent mail' })}\n`);
    const created = await sift(['create', 'streams', '-d', 'ops/triage', '-f', file, '-v', '1']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain('Created stream urgent');

    const listed = await sift(['-o', 'json', 'get', 'streams', '-d', 'ops/triage']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ name: 'urgent', title: 'Urgent mail' });
    const table = await sift(['get', 'streams', '-d', 'ops/triage']);
    expect(table.stdout.split('\n')[0]!.split(/\s{2,}/)).toEqual([
      'Name',
      'ID',
      'Updated (UTC)',
      'Title',
    ]);

    // Comments created after the stream are its first batch.
    await api('POST', '/api/v1/sources/ops/inbox/sync', {
      comments: ['a', 'b', 'c'].map((id) => ({
        id,
        timestamp: '2024-01-02T03:04:05Z',
        messages: [{ body: { text: `message ${id}` } }],
      })),
    });
    const batch = await sift([
      'get',
      'stream-comments',
      '--stream',
      'ops/triage/urgent',
      '--size',
      '2',
    ]);
    expect(batch.code, batch.stderr).toBe(0);
    const parsed = JSON.parse(batch.stdout) as {
      results: { comment: { id: string }; labels: unknown }[];
      is_end_sequence: boolean;
    };
    expect(parsed.results.map((result) => result.comment.id)).toEqual(['a', 'b']);
    expect(parsed.results[0]!.labels).toBeNull();
    expect(parsed.is_end_sequence).toBe(false);

    const exception = await sift([
      'create',
      'stream-exception',
      '--stream',
      'ops/triage/urgent',
      '--type',
      'Bad Prediction',
      '--uid',
      `${sourceId}.a`,
    ]);
    expect(exception.code, exception.stderr).toBe(0);
    expect(exception.stderr).toContain('New stream exception created successfully');

    const missing = await sift(['get', 'stream-comments', '--stream', 'ops/triage/nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('API request failed with 404');
  });
});
