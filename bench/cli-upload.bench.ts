// CLI upload: 100k comments from a JSON Lines file (built from the it_service_tickets data) uploaded with
// `sift create comments`, timed end to end (process start, duplicate check, upload), against the raw HTTP
// sync rate measured as in ingest.bench.ts (batches of 4,096 posted one after another). Goal: CLI/raw ≥ 0.8.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServerProcess, type ServerProcess } from '../test/helpers/server-process.js';

import { createBenchSource, RAW_SYNC_BATCH, rawSyncRate } from './http-sync.js';
import { machine } from './machine.js';
import { buildTicketComments, type TicketComment } from './shared-data.js';

const TOTAL = Number(process.env['BENCH_COMMENTS'] ?? 100_000);
const TOKEN = 'sift_bench-cli-upload-admin-token1';
const BIN = fileURLToPath(new URL('../bin/sift.js', import.meta.url));

type CommentNew = TicketComment;

function buildComments(): CommentNew[] {
  return buildTicketComments(TOTAL);
}

async function withServer<T>(
  directory: string,
  run: (server: ServerProcess, headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  const server = await startServerProcess({
    SIFT_DATA_DIR: directory,
    SIFT_ADMIN_TOKEN: TOKEN,
    SIFT_LOG_LEVEL: 'warn',
  });
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  try {
    await createBenchSource(server.url, headers);
    return await run(server, headers);
  } finally {
    await server.stop('SIGTERM');
  }
}

async function rawRate(comments: CommentNew[], directory: string): Promise<number> {
  return withServer(directory, (server, headers) => rawSyncRate(server.url, headers, comments));
}

/** `sift create comments` as a user runs it; the whole process is timed. */
async function cliRate(
  file: string,
  directory: string,
  extraArgs: string[],
): Promise<{ rate: number; seconds: number; summary: string }> {
  return withServer(directory, async (server) => {
    const started = process.hrtime.bigint();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            BIN,
            '--endpoint',
            server.url,
            '--token',
            TOKEN,
            'create',
            'comments',
            '-s',
            'bench/tickets',
            '-f',
            file,
            '--yes',
            '--no-progress',
            ...extraArgs,
          ],
          { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
        );
        let output = '';
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('error', reject);
        child.once('close', (exitCode) => resolve({ code: exitCode, stderr: output }));
      },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (code !== 0) {
      throw new Error(`sift create comments failed (${code}): ${stderr}`);
    }
    const summary = stderr.split('\n').find((line) => line.includes('Successfully uploaded')) ?? '';
    return { rate: comments.length / seconds, seconds, summary };
  });
}

const comments = buildComments();
const directory = mkdtempSync(join(tmpdir(), 'sift-bench-cli-upload-'));
const round = (value: number) => Math.round(value);
try {
  const file = join(directory, 'comments.jsonl');
  writeFileSync(file, `${comments.map((comment) => JSON.stringify({ comment })).join('\n')}\n`);
  const raw = await rawRate(comments, join(directory, 'raw'));
  const cli = await cliRate(file, join(directory, 'cli'), []);
  const cliLargeBatches = await cliRate(file, join(directory, 'cli-4096'), [
    '--batch-size',
    String(RAW_SYNC_BATCH),
  ]);
  console.log(`raw HTTP sync (batches of ${RAW_SYNC_BATCH}): ${round(raw)} comments/s`);
  console.log(
    `sift create comments (default batch 128): ${round(cli.rate)} comments/s in ${cli.seconds.toFixed(1)} s, ratio ${(cli.rate / raw).toFixed(2)}`,
  );
  console.log(
    `sift create comments --batch-size ${RAW_SYNC_BATCH}: ${round(cliLargeBatches.rate)} comments/s, ratio ${(cliLargeBatches.rate / raw).toFixed(2)}`,
  );
  console.log(cli.summary);
  console.log(
    JSON.stringify({
      benchmark: 'cli-upload',
      comments: TOTAL,
      machine: machine(),
      raw_http_sync_comments_per_s: round(raw),
      cli_comments_per_s: round(cli.rate),
      cli_seconds: Math.round(cli.seconds * 10) / 10,
      ratio: Math.round((cli.rate / raw) * 100) / 100,
      cli_batch_4096_comments_per_s: round(cliLargeBatches.rate),
      ratio_batch_4096: Math.round((cliLargeBatches.rate / raw) * 100) / 100,
      goal_ratio: 0.8,
    }),
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
}
