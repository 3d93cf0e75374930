import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { testDatabaseUrl } from '../helpers/make-store.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const TOKEN = 'sift_crash-test-admin-token-000001';
const BATCH = 200;

async function call(
  server: ServerProcess,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

function batch(round: number) {
  return Array.from({ length: BATCH }, (_, index) => ({
    id: `r${round}-c${index}`,
    timestamp: '2025-01-01T00:00:00Z',
    messages: [
      { body: { text: `round ${round} comment ${index} ${randomBytes(64).toString('hex')}` } },
    ],
  }));
}

async function storedIds(server: ServerProcess): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const query = `limit=256${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const response = await call(
      server,
      'GET',
      `/api/_private/sources/crash/inbox/comments?${query}`,
    );
    const page = (await response.json()) as { comments: { id: string }[]; continuation?: string };
    for (const comment of page.comments) {
      ids.add(comment.id);
    }
    if (!page.continuation) {
      return ids;
    }
    after = page.continuation;
  }
}

/**
 * Streams sync calls from two concurrent writers, SIGKILLs the server mid-stream, restarts it and checks
 * that every acknowledged comment survived (architecture.md §6.2: acknowledged = committed).
 */
async function killDuringSyncs(
  env: Record<string, string>,
): Promise<{ acknowledged: number; present: number }> {
  let server = await startServerProcess({ ...env, SIFT_ADMIN_TOKEN: TOKEN });
  expect((await call(server, 'PUT', '/api/_private/projects/crash', { user_ids: [] })).status).toBe(
    200,
  );
  expect((await call(server, 'PUT', '/api/v1/sources/crash/inbox', {})).status).toBe(200);
  const acknowledged = new Set<string>();
  let round = 0;
  let killed = false;
  const writer = async () => {
    while (!killed) {
      const comments = batch(round++);
      try {
        const response = await call(server, 'POST', '/api/v1/sources/crash/inbox/sync', {
          comments,
        });
        if (response.status === 200) {
          comments.forEach((comment) => acknowledged.add(comment.id));
        }
      } catch {
        return; // the connection died with the server: this batch was never acknowledged
      }
    }
  };
  const writers = [writer(), writer()];
  await new Promise((resolve) => setTimeout(resolve, 1500));
  killed = true;
  await server.stop('SIGKILL');
  await Promise.all(writers);
  server = await startServerProcess({ ...env, SIFT_ADMIN_TOKEN: TOKEN });
  try {
    const present = await storedIds(server);
    const lost = [...acknowledged].filter((id) => !present.has(id));
    expect(lost).toEqual([]);
    // Whole batches only: a batch is one transaction.
    expect(present.size % BATCH).toBe(0);
    return { acknowledged: acknowledged.size, present: present.size };
  } finally {
    await server.stop('SIGKILL');
  }
}

describe('durability under SIGKILL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) {
      await cleanup();
    }
  });

  it('keeps every acknowledged comment on SQLite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-crash-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const result = await killDuringSyncs({ SIFT_DATA_DIR: dataDir });
    expect(result.acknowledged).toBeGreaterThan(0);
  }, 60_000);

  it('keeps every acknowledged comment on PostgreSQL', async () => {
    const schema = `t_crash_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    cleanups.push(async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    });
    const url = new URL(testDatabaseUrl());
    url.searchParams.set('options', `-c search_path=${schema}`);
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-crash-pg-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const result = await killDuringSyncs({
      SIFT_DATA_DIR: dataDir,
      SIFT_DATABASE_URL: url.toString(),
    });
    expect(result.acknowledged).toBeGreaterThan(0);
  }, 60_000);
});
