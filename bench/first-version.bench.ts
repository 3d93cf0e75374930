import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { startServerProcess } from '../test/helpers/server-process.js';

import { machine } from './machine.js';
import { readDataset } from './shared-data.js';

// Issue 14 part 4: on an email dataset whose embedding backlog is still running, how long after the
// 50th annotation does the first model version appear (goal ≤ 60 s)? A real `sift server` with its
// embedded worker and the default encoder; BENCH_COMMENTS Enron bodies (repeated with varied ids).

const TOKEN = 'sift_bench-first-version-token-001';
const COMMENTS = Number(process.env['BENCH_COMMENTS'] ?? '20000');
const ANNOTATIONS = 50;

const emails = readDataset('enron_berkeley');
const labels = [...new Set(emails.map((email) => email.labels[0] ?? 'other'))].sort();
const dataDir = mkdtempSync(join(tmpdir(), 'sift-bench-first-version-'));
const server = await startServerProcess(
  { SIFT_DATA_DIR: dataDir, SIFT_ADMIN_TOKEN: TOKEN },
  120_000,
);

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) {
    throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  }
  return json;
}

try {
  await call('PUT', '/api/_private/projects/bench', { user_ids: [] });
  const source = (await call('PUT', '/api/v1/sources/bench/mail', {}))['source'] as { id: string };
  await call('PUT', '/api/v1/datasets/bench/mail', {
    dataset: { source_ids: [source.id], label_defs: labels.map((name) => ({ name })) },
  });
  const syncStart = performance.now();
  for (let start = 0; start < COMMENTS; start += 1000) {
    const comments = Array.from({ length: Math.min(1000, COMMENTS - start) }, (_, k) => {
      const index = start + k;
      const email = emails[index % emails.length]!;
      return {
        id: `${email.id}-${index}`,
        timestamp: new Date(Date.UTC(2001, 0, 1) + index * 60_000).toISOString(),
        messages: [
          { body: { text: `${email.text}\n\n[copy ${Math.floor(index / emails.length)}]` } },
        ],
      };
    });
    await call('POST', '/api/v1/sources/bench/mail/sync', { comments });
  }
  const syncSeconds = (performance.now() - syncStart) / 1000;
  const statusPath = '/api/_private/datasets/bench/mail/labellers/status';
  const status = async () =>
    (await call('GET', statusPath))['dataset_status'] as {
      latest_version: number | null;
      embedding_progress: { done: number; total: number } | null;
      training_progress: { reason: string; done: number; total: number } | null;
    };
  // Annotate the first 50 comments one request at a time, as a user would.
  const annotateStart = performance.now();
  for (let index = 0; index < ANNOTATIONS; index += 1) {
    const email = emails[index % emails.length]!;
    await call(
      'POST',
      `/api/_private/datasets/bench/mail/labellings/${encodeURIComponent(`${source.id}.${email.id}-${index}`)}`,
      {
        labelling: [
          {
            group: 'default',
            assigned: [{ name: email.labels[0] ?? 'other', sentiment: 'positive' }],
          },
        ],
      },
    );
  }
  const afterLast = performance.now();
  const reasons = new Set<string>();
  const embeddedAtLast = (await status()).embedding_progress?.done ?? null;
  let version: number | null = null;
  let embeddedAtVersion: number | null = null;
  while (version === null && performance.now() - afterLast < 900_000) {
    const current = await status();
    if (current.training_progress !== null) {
      reasons.add(current.training_progress.reason);
    }
    version = current.latest_version;
    embeddedAtVersion = current.embedding_progress?.done ?? null;
    if (version === null) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  console.log(
    JSON.stringify({
      bench: 'first-version',
      comments: COMMENTS,
      annotations: ANNOTATIONS,
      sync_seconds: Number(syncSeconds.toFixed(1)),
      annotate_seconds: Number(((afterLast - annotateStart) / 1000).toFixed(1)),
      first_version_after_last_annotation_s:
        version === null ? null : Number(((performance.now() - afterLast) / 1000).toFixed(1)),
      goal_s: 60,
      backlog_done_at_last_annotation: embeddedAtLast,
      backlog_done_at_first_version: embeddedAtVersion,
      training_reasons_seen: [...reasons],
      load_average_end: loadavg().map((value) => Math.round(value * 100) / 100),
      machine: machine(),
    }),
  );
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
