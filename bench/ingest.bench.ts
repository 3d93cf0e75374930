// Ingest: 100k realistic comments synced over HTTP in batches of 4,096 against a raw insert of the same
// rows straight through the store in one process. Goal (issue #3): HTTP/raw ≥ 0.5 on SQLite, RSS < 1 GiB.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { commentFingerprint } from '../src/domain/comments/comment-fingerprint.js';
import { createPostgresStore } from '../src/store/postgres/create-postgres-store.js';
import { createSqliteStore } from '../src/store/sqlite/create-sqlite-store.js';
import type { CommentWrite, Store } from '../src/store/store.js';
import { startServerProcess } from '../test/helpers/server-process.js';

import { createBenchSource, RAW_SYNC_BATCH, rawSyncRate } from './http-sync.js';
import { machine } from './machine.js';
import { buildTicketComments, type TicketComment } from './shared-data.js';

const TOTAL = Number(process.env['BENCH_COMMENTS'] ?? 100_000);
const TOKEN = 'sift_bench-ingest-admin-token-0001';

type CommentNew = TicketComment;

function buildComments(): CommentNew[] {
  return buildTicketComments(TOTAL);
}

function peakRssMib(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : -1;
}

async function httpIngest(
  comments: CommentNew[],
  env: Record<string, string>,
): Promise<{ rate: number; peak_rss_mib: number }> {
  const server = await startServerProcess({
    ...env,
    SIFT_ADMIN_TOKEN: TOKEN,
    SIFT_LOG_LEVEL: 'warn',
  });
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  try {
    await createBenchSource(server.url, headers);
    const rate = await rawSyncRate(server.url, headers, comments);
    return {
      rate: Math.round(rate),
      peak_rss_mib: peakRssMib(server.child.pid!),
    };
  } finally {
    await server.stop('SIGTERM');
  }
}

async function rawIngest(comments: CommentNew[], store: Store): Promise<number> {
  const now = new Date().toISOString().replace('Z', '000Z');
  const projectId = randomBytes(8).toString('hex');
  const sourceId = randomBytes(8).toString('hex');
  await store.projects.insert({
    id: projectId,
    name: 'bench',
    title: '',
    description: '',
    user_auto_join: false,
    created_at: now,
    updated_at: now,
  });
  await store.sources.insert({
    id: sourceId,
    project_id: projectId,
    name: 'tickets',
    title: '',
    description: '',
    language: 'en',
    should_translate: false,
    sensitive_properties: [],
    created_at: now,
    updated_at: now,
    last_modified: now,
    bucket_id: null,
    kind: 'unknown',
    email_transform_tag: null,
    email_transform_version: null,
  });
  const started = process.hrtime.bigint();
  for (let start = 0; start < comments.length; start += RAW_SYNC_BATCH) {
    const rows: CommentWrite[] = comments.slice(start, start + RAW_SYNC_BATCH).map((comment) => {
      const normalized = {
        id: comment.id,
        timestamp: comment.timestamp.replace('Z', '000Z'),
        messages: comment.messages,
        thread_id: null,
        text_format: null,
        user_properties: comment.user_properties,
        attachments: [],
        context: null,
      };
      return {
        source_id: sourceId,
        id: comment.id,
        timestamp: normalized.timestamp,
        thread_id: null,
        text_format: null,
        messages: comment.messages,
        user_properties: comment.user_properties,
        attachments: [],
        fingerprint: commentFingerprint(normalized),
        created_at: now,
        last_modified: now,
        context: randomBytes(8).toString('hex'),
      };
    });
    await store.transaction((tx) => tx.comments.insertMany(rows));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round(comments.length / seconds);
}

async function postgresUrl(): Promise<{
  url: string;
  schema: string;
  drop: () => Promise<void>;
} | null> {
  const base = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: base });
  try {
    await client.connect();
  } catch {
    return null;
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    drop: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

const comments = buildComments();
const results: Record<string, unknown> = {
  benchmark: 'ingest',
  comments: TOTAL,
  batch: RAW_SYNC_BATCH,
  machine: machine(),
};

const directory = mkdtempSync(join(tmpdir(), 'sift-bench-ingest-'));
try {
  const http = await httpIngest(comments, { SIFT_DATA_DIR: join(directory, 'http') });
  const store = createSqliteStore({ filename: join(directory, 'raw', 'sift.sqlite') });
  const raw = await rawIngest(comments, store);
  await store.close();
  results['sqlite'] = {
    http_comments_per_s: http.rate,
    raw_comments_per_s: raw,
    ratio: Math.round((http.rate / raw) * 100) / 100,
    server_peak_rss_mib: http.peak_rss_mib,
  };
  console.log(
    `sqlite: http ${http.rate}/s, raw ${raw}/s, ratio ${(http.rate / raw).toFixed(2)}, peak RSS ${http.peak_rss_mib} MiB`,
  );

  const httpDatabase = await postgresUrl();
  const rawDatabase = await postgresUrl();
  if (httpDatabase && rawDatabase) {
    try {
      const pgHttp = await httpIngest(comments, {
        SIFT_DATA_DIR: join(directory, 'pg'),
        SIFT_DATABASE_URL: httpDatabase.url,
      });
      const pgStore = await createPostgresStore({ url: rawDatabase.url });
      const pgRaw = await rawIngest(comments, pgStore);
      await pgStore.close();
      results['postgres'] = {
        http_comments_per_s: pgHttp.rate,
        raw_comments_per_s: pgRaw,
        ratio: Math.round((pgHttp.rate / pgRaw) * 100) / 100,
        server_peak_rss_mib: pgHttp.peak_rss_mib,
      };
      console.log(
        `postgres: http ${pgHttp.rate}/s, raw ${pgRaw}/s, ratio ${(pgHttp.rate / pgRaw).toFixed(2)}, peak RSS ${pgHttp.peak_rss_mib} MiB`,
      );
    } finally {
      await httpDatabase.drop();
      await rawDatabase.drop();
    }
  } else {
    results['postgres'] = 'skipped: no PostgreSQL reachable';
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
console.log(JSON.stringify(results));
