import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { testDatabaseUrl } from '../helpers/make-store.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

// Issue 14 part 3: a user annotating while the worker embeds a backlog and retrains must never see a
// 5xx, and every acknowledged annotation must be there afterwards. Runs a real `sift server` with its
// forked worker on the backend of the vitest project; the encoder is MiniLM-shaped but paced by sleeping.

const TOKEN = 'sift_annotate-test-admin-token-00001';
const COMMENTS = Number(process.env['SIFT_TEST_ANNOTATE_COMMENTS'] ?? '2500');
const ANNOTATIONS = Number(process.env['SIFT_TEST_ANNOTATIONS'] ?? '300');
const LABELS = ['Billing', 'Refund', 'Delivery', 'Login', 'Cancel'];
const WORDS = ['invoice', 'charge', 'parcel', 'password', 'account', 'late', 'money', 'order'];

async function call(
  server: ServerProcess,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function commentText(index: number): string {
  const words = Array.from({ length: 12 }, (_, k) => WORDS[(index * 7 + k * 3) % WORDS.length]);
  return `${LABELS[index % LABELS.length]} question ${index}: ${words.join(' ')}`;
}

async function annotateWhileWorking(env: Record<string, string>): Promise<void> {
  const server = await startServerProcess(
    {
      ...env,
      SIFT_ADMIN_TOKEN: TOKEN,
      SIFT_EMBEDDER_PROCESSES: '1',
      SIFT_EMBEDDER_HOST_ENCODERS: fileURLToPath(
        new URL('../fixtures/paced-encoders.ts', import.meta.url),
      ),
      SIFT_TEST_EMBED_MS_PER_TEXT: '8',
      SIFT_TRAIN_DEBOUNCE_MS: '300',
      SIFT_THEMES_INTERVAL_MS: '2000',
      // A loaded CI machine (six suites on two cores) can take a while to start a server.
    },
    120_000,
  );
  try {
    expect(
      (await call(server, 'PUT', '/api/_private/projects/acme', { user_ids: [] })).status,
    ).toBe(200);
    const source = await call(server, 'PUT', '/api/v1/sources/acme/inbox', {});
    const sourceId = (source.body['source'] as { id: string }).id;
    const dataset = await call(server, 'PUT', '/api/v1/datasets/acme/support', {
      dataset: { source_ids: [sourceId], label_defs: LABELS.map((name) => ({ name })) },
    });
    expect(dataset.status).toBe(200);
    for (let start = 0; start < COMMENTS; start += 1000) {
      const comments = Array.from({ length: Math.min(1000, COMMENTS - start) }, (_, k) => ({
        id: `c${start + k}`,
        timestamp: '2025-01-01T00:00:00Z',
        messages: [{ body: { text: commentText(start + k) } }],
      }));
      const synced = await call(server, 'POST', '/api/v1/sources/acme/inbox/sync', { comments });
      expect(synced.status).toBe(200);
    }

    const failures: string[] = [];
    const acknowledged = new Map<string, string>();
    let pinned = 0;
    // At least ANNOTATIONS, and on until versions are pinned: the worker must have trained meanwhile.
    const until = Date.now() + 150_000;
    for (let index = 0; index < ANNOTATIONS || (pinned < 2 && Date.now() < until); index += 1) {
      const id = `c${index % COMMENTS}`;
      const label = LABELS[index % LABELS.length]!;
      const response = await call(
        server,
        'POST',
        `/api/_private/datasets/acme/support/labellings/${encodeURIComponent(`${sourceId}.${id}`)}`,
        { labelling: [{ group: 'default', assigned: [{ name: label, sentiment: 'positive' }] }] },
      );
      if (response.status === 200) {
        acknowledged.set(id, label);
      } else {
        failures.push(`labelling ${id}: ${response.status} ${String(response.body['message'])}`);
      }
      if (index % 40 === 39) {
        // A user's short pause: the debounce (300 ms here) lets a retrain start, which then runs while
        // the annotations go on. Without pauses a retrain waits for the 60 s maximum delay.
        await new Promise((resolve) => setTimeout(resolve, 600));
      }
      if (index % 20 === 19) {
        const status = await call(
          server,
          'GET',
          '/api/_private/datasets/acme/support/labellers/status',
        );
        const latest = (status.body['dataset_status'] as { latest_version: number | null })
          ?.latest_version;
        if (latest !== null && latest !== undefined) {
          const pin = await call(
            server,
            'PUT',
            `/api/_private/datasets/acme/support/labellers/${latest}/pin`,
          );
          if (pin.status === 200) {
            pinned += 1;
          } else {
            failures.push(`pin ${latest}: ${pin.status} ${String(pin.body['message'])}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(pinned).toBeGreaterThanOrEqual(2);

    const ids = [...acknowledged.keys()].map(
      (id) => `id=${encodeURIComponent(`${sourceId}.${id}`)}`,
    );
    const present = new Map<string, string>();
    for (let start = 0; start < ids.length; start += 100) {
      const page = await call(
        server,
        'GET',
        `/api/_private/datasets/acme/support/labellings?${ids.slice(start, start + 100).join('&')}`,
      );
      expect(page.status).toBe(200);
      for (const result of page.body['results'] as {
        comment: { id: string };
        labelling?: { assigned?: { name: string[] | string }[] }[];
      }[]) {
        const name = result.labelling?.[0]?.assigned?.[0]?.name;
        present.set(result.comment.id, Array.isArray(name) ? name.join(' > ') : String(name));
      }
    }
    expect(present).toEqual(acknowledged);
  } finally {
    await server.stop();
  }
}

describe('annotating while the worker embeds and trains', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup();
    }
  });

  it('acknowledges every annotation and never answers 5xx', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-annotate-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { SIFT_DATA_DIR: dataDir };
    if (process.env['SIFT_TEST_STORE'] === 'postgres') {
      const schema = `t_annotate_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      cleanups.push(async () => {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      });
      const url = new URL(testDatabaseUrl());
      url.searchParams.set('options', `-c search_path=${schema}`);
      env['SIFT_DATABASE_URL'] = url.toString();
    }
    await annotateWhileWorking(env);
  }, 360_000);
});
