// Mailbox scale (issue #14): a real mailbox's worth of comments from sync to predictions on one machine,
// through HTTP on the embedded default (one `sift server` process with its forked worker and embedder
// hosts). Phases: sync → embedding → first Discover → annotations through the labelling route (while
// the worker is still busy) → first version → `dataset-predict` over every comment → query pages per
// order, with `GET /auth/user` latency measured while another client pages. Then a long-text run of
// Enron and SpamAssassin bodies through the same pipeline. Every response is checked for 5xx.
//
//   npm run bench -- mailbox [--comments 100000] [--long 5000] [--annotations 1000] [--pages 50]
//                            [--store sqlite|postgres]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import pg from 'pg';

import { startServerProcess, type ServerProcess } from '../test/helpers/server-process.js';

import { machine } from './machine.js';
import { buildTicketComments, readDataset } from './shared-data.js';

const { values: args } = parseArgs({
  args: process.argv.slice(3),
  options: {
    comments: { type: 'string', default: '100000' },
    long: { type: 'string', default: '5000' },
    annotations: { type: 'string', default: '1000' },
    pages: { type: 'string', default: '50' },
    store: { type: 'string', default: 'sqlite' },
    'timeout-min': { type: 'string', default: '40' },
  },
});
const TOTAL = Number(args.comments);
const LONG = Number(args.long);
const ANNOTATIONS = Number(args.annotations);
const PAGES = Number(args.pages);
const DEADLINE_MS = Number(args['timeout-min']) * 60_000;
const TOKEN = `sift_bench-mailbox-${randomBytes(8).toString('hex')}`;
const HEADERS = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

const started = Date.now();
let serverErrors = 0;
const errorSamples: string[] = [];

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 100) / 10;
}

function log(message: string): void {
  console.log(`[${seconds(started).toFixed(1).padStart(7)} s] ${message}`);
}

/** One request; any 5xx is counted (the run's MUST is 0), any other non-200 throws. */
async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: HEADERS,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 500) {
    serverErrors += 1;
    if (errorSamples.length < 5) {
      errorSamples.push(`${method} ${path} → ${response.status} ${text.slice(0, 200)}`);
    }
  }
  if (response.status !== 200) {
    throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/** Resident memory of a process and all its descendants (server + worker + embedder hosts), MiB. */
function treeRssMib(rootPid: number): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = /PPid:\s+(\d+)/.exec(status);
      const resident = /VmRSS:\s+(\d+) kB/.exec(status);
      parents.set(Number(entry), ppid ? Number(ppid[1]) : 0);
      rss.set(Number(entry), resident ? Number(resident[1]) : 0);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  let total = 0;
  for (const [pid, kb] of rss) {
    for (let cursor: number | undefined = pid; cursor; cursor = parents.get(cursor)) {
      if (cursor === rootPid) {
        total += kb;
        break;
      }
    }
  }
  return Math.round(total / 1024);
}

function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) {
    return Number.NaN;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 10) / 10;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  intervalMs = 1000,
): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() - started > DEADLINE_MS) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

type Status = Record<string, unknown>;

async function datasetStatus(url: string, dataset: string): Promise<Status> {
  const body = await call(url, 'GET', `/api/_private/datasets/bench/${dataset}/labellers/status`);
  return body['dataset_status'] as Status;
}

/** The embedding backlog as the status route reports it (Sift's `embedding_progress`); null when none. */
function embedding(status: Status): { done: number; total: number } | null {
  const progress = status['embedding_progress'] as { done: number; total: number } | null;
  return progress ?? null;
}

type LongEmail = { id: string; text: string; label: string };

/** Enron and SpamAssassin bodies repeated with varied ids up to `total`, labelled by corpus (and ham/spam). */
function buildLongEmails(total: number): LongEmail[] {
  const bodies = [
    ...readDataset('enron_berkeley').map((record) => ({ text: record.text, label: 'enron' })),
    ...readDataset('spamassassin_2002').map((record) => ({
      text: record.text,
      label: record.labels[0] ?? 'ham',
    })),
  ].filter((body) => body.text.trim().length > 0);
  return Array.from({ length: total }, (_, index) => ({
    id: `email-${index}`,
    ...bodies[index % bodies.length]!,
  }));
}

async function syncAll(
  url: string,
  source: string,
  comments: readonly unknown[],
  batch = 4096,
): Promise<number> {
  const since = Date.now();
  for (let start = 0; start < comments.length; start += batch) {
    await call(url, 'POST', `/api/v1/sources/bench/${source}/sync`, {
      comments: comments.slice(start, start + batch),
    });
  }
  return seconds(since);
}

type OrderCase = { name: string; order: Record<string, unknown> };

function orderCases(label: string): OrderCase[] {
  return [
    { name: 'recent', order: { kind: 'recent' } },
    { name: 'sample', order: { kind: 'sample', seed: 7 } },
    { name: 'by_label', order: { kind: 'by_label', label } },
    { name: 'learning', order: { kind: 'learning', label } },
    { name: 'any_label_asc', order: { kind: 'any_label_asc' } },
    { name: 'check', order: { kind: 'check', label } },
    { name: 'missed', order: { kind: 'missed', label } },
    { name: 'diagnostic', order: { kind: 'diagnostic', label } },
    { name: 'text_search', order: { kind: 'text_search', query: 'password reset' } },
  ];
}

type PageTimes = { first: number[]; middle: number[]; last: number[]; total_pages: number };

/**
 * `PAGES` pages of 64 for one order: a third from the start, a third from the middle and a third from
 * the end. The middle and the end are reached by paging with the largest limit (the continuation is
 * bound to the query, not to the limit), so the measured pages are ordinary keyset continuations.
 */
async function pageOrder(url: string, dataset: string, order: Record<string, unknown>) {
  const path = `/api/_private/datasets/bench/${dataset}/query`;
  const page = async (limit: number, continuation?: string) => {
    const since = performance.now();
    const body = await call(url, 'POST', path, {
      order,
      limit,
      ...(continuation === undefined ? {} : { continuation }),
    });
    return {
      ms: performance.now() - since,
      continuation: body['continuation'] as string | undefined,
      count: (body['results'] as unknown[]).length,
      filtered: (body['num_results'] as { filtered: number } | undefined)?.filtered,
    };
  };
  const perPart = Math.max(1, Math.floor(PAGES / 3));
  const times: PageTimes = { first: [], middle: [], last: [], total_pages: 0 };
  const first = await page(64);
  const filtered = first.filtered ?? 0;
  times.first.push(first.ms);
  let cursor = first.continuation;
  for (let index = 1; index < perPart && cursor !== undefined; index += 1) {
    const next = await page(64, cursor);
    times.first.push(next.ms);
    cursor = next.continuation;
  }
  // Fast-forward to the middle, then to the last pages.
  let position = perPart * 64;
  const skipTo = async (target: number): Promise<void> => {
    while (cursor !== undefined && position + 1024 <= target) {
      const skipped = await page(1024, cursor);
      cursor = skipped.continuation;
      position += skipped.count;
    }
  };
  await skipTo(Math.floor(filtered / 2));
  for (let index = 0; index < perPart && cursor !== undefined; index += 1) {
    const next = await page(64, cursor);
    times.middle.push(next.ms);
    cursor = next.continuation;
    position += next.count;
  }
  await skipTo(Math.max(0, filtered - PAGES * 64));
  while (cursor !== undefined) {
    const next = await page(64, cursor);
    times.last.push(next.ms);
    cursor = next.continuation;
  }
  times.last = times.last.slice(-perPart);
  times.total_pages = Math.ceil(filtered / 64);
  return { filtered, times };
}

/** `GET /auth/user` latencies while `busy` runs (another client paging queries). */
async function probeWhile<T>(url: string, busy: Promise<T>): Promise<{ value: T; ms: number[] }> {
  const samples: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const since = performance.now();
      await call(url, 'GET', '/auth/user');
      samples.push(performance.now() - since);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    return { value: await busy, ms: samples };
  } finally {
    done = true;
    await probe;
  }
}

async function postgresSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Runs one dataset from sync to predictions; returns its figures. */
async function pipeline(
  server: ServerProcess,
  name: string,
  comments: readonly { id: string }[],
  gold: ReadonlyMap<string, string>,
  labels: readonly string[],
  sourceId: string,
  annotations: number,
) {
  const url = server.url;
  const figures: Record<string, unknown> = {};
  const syncStart = Date.now();
  figures['sync_s'] = await syncAll(url, name, comments);
  log(`${name}: synced ${comments.length} comments in ${String(figures['sync_s'])} s`);

  // Annotations go in while the worker embeds, one request each, as a user would.
  const order = [...comments.map((comment) => comment.id)].sort((a, b) => a.localeCompare(b, 'en'));
  const picks: string[] = [];
  const step = Math.max(1, Math.floor(order.length / annotations));
  for (let index = 0; picks.length < annotations && index < order.length; index += step) {
    picks.push(order[index]!);
  }
  const labelling = (async () => {
    let fiftieth = 0;
    for (const [index, id] of picks.entries()) {
      await call(url, 'POST', `/api/_private/datasets/bench/${name}/labellings/${sourceId}.${id}`, {
        labelling: [
          {
            group: 'default',
            assigned: [{ name: gold.get(id)!, metadata: { ui: { retrieval_method: 'shuffle' } } }],
          },
        ],
      });
      if (index === Math.min(49, picks.length - 1)) {
        fiftieth = Date.now();
      }
    }
    return { fiftieth, last: Date.now() };
  })();

  const firstThemes = waitFor(
    `${name} themes`,
    async () => {
      const body = await call(url, 'GET', `/api/_private/datasets/bench/${name}/themes`);
      const themes = (body['themes'] as unknown[] | undefined) ?? [];
      return themes.length > 0 ? seconds(syncStart) : undefined;
    },
    2000,
  ).catch(() => null);

  // Done when the backlog job that the sync queued is gone (seen once, then null).
  let backlogSeen = false;
  const embedded = waitFor(
    `${name} embedding`,
    async () => {
      const progress = embedding(await datasetStatus(url, name));
      backlogSeen ||= progress !== null;
      return backlogSeen && progress === null ? seconds(syncStart) : undefined;
    },
    1000,
  ).catch(() => null);

  const annotated = await labelling;
  figures['annotations'] = picks.length;
  figures['annotations_s'] = Math.round((annotated.last - syncStart) / 100) / 10;
  log(`${name}: ${picks.length} annotations done`);

  const firstVersion = await waitFor(`${name} first version`, async () => {
    const status = await datasetStatus(url, name);
    return status['latest_version'] !== null ? Date.now() : undefined;
  });
  figures['first_version_after_50th_annotation_s'] =
    Math.round((firstVersion - annotated.fiftieth) / 100) / 10;
  log(
    `${name}: first version ${String(figures['first_version_after_50th_annotation_s'])} s after the 50th annotation`,
  );

  // Every comment has predictions from a version trained on all the annotations.
  const predicted = await waitFor(
    `${name} predictions`,
    async () => {
      const status = await datasetStatus(url, name);
      const busy = status['training_complete'] !== 1;
      return !busy && status['inference_complete'] === 1 ? seconds(syncStart) : undefined;
    },
    2000,
  );
  figures['sync_to_predictions_s'] = predicted;
  figures['embedded_s'] = await embedded;
  figures['first_themes_s'] = await Promise.race([
    firstThemes,
    new Promise((resolve) => setTimeout(() => resolve(null), 1000)),
  ]);
  log(`${name}: every comment predicted ${predicted} s after the sync began`);
  void labels;
  return figures;
}

const results: Record<string, unknown> = {
  benchmark: 'mailbox',
  store: args.store,
  comments: TOTAL,
  long_emails: LONG,
  machine: machine(),
};
const directory = mkdtempSync(join(tmpdir(), 'sift-bench-mailbox-'));
const database = args.store === 'postgres' ? await postgresSchema() : null;
const server = await startServerProcess(
  {
    SIFT_ADMIN_TOKEN: TOKEN,
    SIFT_DATA_DIR: directory,
    ...(database ? { SIFT_DATABASE_URL: database.url } : {}),
  },
  60_000,
);
// However the bench ends, the server and its worker end with it.
process.on('exit', () => server.child.kill('SIGKILL'));
let peakRss = 0;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, treeRssMib(server.child.pid!));
}, 1000);
try {
  const url = server.url;
  await call(url, 'PUT', '/api/_private/projects/bench', { user_ids: [] });

  // The main run: IT tickets.
  const tickets = buildTicketComments(TOTAL);
  const ticketGold = new Map(
    tickets.map((ticket) => [ticket.id, String(ticket.user_properties['string:Category'])]),
  );
  const ticketLabels = [...new Set(ticketGold.values())].sort();
  const ticketSource = await call(url, 'PUT', '/api/v1/sources/bench/tickets', { source: {} });
  const ticketSourceId = (ticketSource['source'] as { id: string }).id;
  await call(url, 'PUT', '/api/v1/datasets/bench/tickets', {
    dataset: {
      source_ids: [ticketSourceId],
      label_defs: ticketLabels.map((label) => ({ name: label })),
    },
  });
  results['tickets'] = await pipeline(
    server,
    'tickets',
    tickets,
    ticketGold,
    ticketLabels,
    ticketSourceId,
    ANNOTATIONS,
  );

  // Query pages per order, with an unrelated client's latency measured meanwhile.
  const paged = await probeWhile(
    url,
    (async () => {
      const perOrder: Record<string, unknown> = {};
      const all: number[] = [];
      for (const { name, order } of orderCases(ticketLabels[0]!)) {
        const { filtered, times } = await pageOrder(url, 'tickets', order);
        const pages = [...times.first, ...times.middle, ...times.last];
        all.push(...pages);
        perOrder[name] = {
          filtered,
          first_p50_ms: percentile(times.first, 50),
          middle_p50_ms: percentile(times.middle, 50),
          last_p50_ms: percentile(times.last, 50),
          p95_ms: percentile(pages, 95),
          pages: pages.length,
        };
        log(`query ${name}: ${JSON.stringify(perOrder[name])}`);
      }
      return { perOrder, all };
    })(),
  );
  results['query'] = {
    orders: paged.value.perOrder,
    page_p95_ms: percentile(paged.value.all, 95),
    page_max_ms: percentile(paged.value.all, 100),
  };
  results['auth_user_while_paging'] = {
    samples: paged.ms.length,
    p50_ms: percentile(paged.ms, 50),
    p99_ms: percentile(paged.ms, 99),
  };

  // The long-text run: real email bodies.
  if (LONG > 0) {
    const emails = buildLongEmails(LONG);
    const emailGold = new Map(emails.map((email) => [email.id, email.label]));
    const emailLabels = [...new Set(emailGold.values())].sort();
    const source = await call(url, 'PUT', '/api/v1/sources/bench/emails', { source: {} });
    const sourceId = (source['source'] as { id: string }).id;
    await call(url, 'PUT', '/api/v1/datasets/bench/emails', {
      dataset: {
        source_ids: [sourceId],
        label_defs: emailLabels.map((label) => ({ name: label })),
      },
    });
    const comments = emails.map((email) => ({
      id: email.id,
      timestamp: new Date(Date.UTC(2024, 0, 1) + Number(email.id.slice(6)) * 60_000).toISOString(),
      messages: [{ body: { text: email.text } }],
    }));
    results['long_emails_run'] = await pipeline(
      server,
      'emails',
      comments,
      emailGold,
      emailLabels,
      sourceId,
      Math.min(100, ANNOTATIONS),
    );
  }
} catch (error) {
  results['error'] = error instanceof Error ? error.message : String(error);
  console.error(error);
  console.error(server.stdout().slice(-4000));
} finally {
  clearInterval(rssTimer);
  results['peak_rss_mib'] = peakRss;
  results['server_errors_5xx'] = serverErrors;
  results['server_error_samples'] = errorSamples;
  results['total_s'] = seconds(started);
  await server.stop('SIGTERM');
  await database?.drop();
  rmSync(directory, { recursive: true, force: true });
}
console.log(JSON.stringify(results));
