import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runSift } from '../helpers/sift-cli.js';

// Issue 14 part 6: `sift create annotations --wait-for-model` returns once a version includes the
// uploaded annotations, saying what the worker did meanwhile (a bar on a terminal, log lines here).

const TOKEN = 'sift_cli-wait-admin-token-00000001';
const LABELS = ['Billing', 'Delivery'];

describe('sift create annotations --wait-for-model', () => {
  let server: ServerProcess;
  let directory: string;
  let contexts: string;

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status, `${method} ${path}`).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'sift-cli-wait-'));
    contexts = join(directory, 'contexts.json');
    server = await startServerProcess(
      {
        SIFT_DATA_DIR: join(directory, 'data'),
        SIFT_ADMIN_TOKEN: TOKEN,
        SIFT_EMBEDDER_PROCESSES: '1',
        SIFT_EMBEDDER_HOST_ENCODERS: fileURLToPath(
          new URL('../fixtures/paced-encoders.ts', import.meta.url),
        ),
        SIFT_TRAIN_DEBOUNCE_MS: '1500',
      },
      60_000,
    );
    await runSift([
      '--config-file',
      contexts,
      'config',
      'add',
      '-n',
      'main',
      '-e',
      server.url,
      '-t',
      TOKEN,
    ]);
  }, 90_000);
  afterAll(async () => {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('waits for the first model version and names it', async () => {
    await api('PUT', '/api/_private/projects/acme', { user_ids: [] });
    await api('PUT', '/api/v1/sources/acme/inbox', {});
    await api('PUT', '/api/v1/datasets/acme/support', {
      dataset: { source_ids: [], label_defs: LABELS.map((name) => ({ name })) },
    });
    const comments = Array.from({ length: 40 }, (_, index) => ({
      id: `c${index}`,
      timestamp: '2025-01-01T00:00:00Z',
      messages: [
        {
          body: {
            text: `${LABELS[index % 2]} question ${index} ${index % 2 === 0 ? 'invoice charge' : 'parcel late'}`,
          },
        },
      ],
    }));
    await api('POST', '/api/v1/sources/acme/inbox/sync', { comments });
    const source = (await api('GET', '/api/v1/sources/acme/inbox'))['source'] as { id: string };
    await api('POST', '/api/v1/datasets/acme/support', { dataset: { source_ids: [source.id] } });
    writeFileSync(
      join(directory, 'annotations.jsonl'),
      comments
        .slice(0, 12)
        .map((comment, index) =>
          JSON.stringify({
            comment,
            labelling: [
              { group: 'default', assigned: [{ name: LABELS[index % 2], sentiment: 'positive' }] },
            ],
          }),
        )
        .join('\n'),
    );
    const run = await runSift([
      '--config-file',
      contexts,
      'create',
      'annotations',
      '-s',
      'acme/inbox',
      '-d',
      'acme/support',
      '-f',
      join(directory, 'annotations.jsonl'),
      '--wait-for-model',
      '--wait-timeout',
      '120',
    ]);
    expect(run.stderr).toContain('I Successfully uploaded 12 annotations.');
    expect(run.stderr).toMatch(/I Training: /);
    expect(run.stderr).toContain('I Model version 1 is ready.');
    expect(run.code).toBe(0);
  }, 150_000);
});
