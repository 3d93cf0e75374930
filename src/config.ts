import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const Env = Type.Object({
  SIFT_PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  SIFT_HOST: Type.Optional(Type.String({ minLength: 1 })),
  SIFT_DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  SIFT_DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  SIFT_ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  SIFT_WORKER: Type.Optional(Type.Union([Type.Literal('embedded'), Type.Literal('off')])),
  SIFT_EMBEDDER_PROCESSES: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  // Read by the embedder processes themselves (src/worker/dense-encoders.ts); validated here too.
  SIFT_EMBEDDER_THREADS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]?$' })),
  SIFT_LOG_LEVEL: Type.Optional(
    Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    ),
  ),
  SIFT_LOG_FORMAT: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('pretty')])),
  SIFT_BASE_PATH: Type.Optional(Type.String({ pattern: '^(/[A-Za-z0-9._~-]+)*$' })),
  SIFT_BODY_LIMIT_BYTES: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  SIFT_SQLITE_SYNCHRONOUS: Type.Optional(
    Type.Union([Type.Literal('NORMAL'), Type.Literal('FULL')]),
  ),
  SIFT_TRAIN_THREADS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]?$' })),
  SIFT_TRAIN_DEBOUNCE_MS: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
  SIFT_THEMES_INTERVAL_MS: Type.Optional(Type.String({ pattern: '^[0-9]{1,8}$' })),
  SIFT_REQUEST_TIMEOUT_MS: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  SIFT_TOKEN_ISSUE_LIMIT: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
  SIFT_HEAVY_RATE_LIMIT: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
  SIFT_HEAVY_CONCURRENCY: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
  SIFT_JOB_LEASE_MS: Type.Optional(Type.String({ pattern: '^[0-9]{4,8}$' })),
  SIFT_WORKER_KINDS: Type.Optional(Type.String({ pattern: '^[a-z-]+(,[a-z-]+)*$' })),
  SIFT_PG_POOL_SIZE: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
  SIFT_TENANT_NAME: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,256}$' })),
  SIFT_SECRET_KEY: Type.Optional(Type.String({ minLength: 16 })),
  SIFT_IMAP_POLL_MS: Type.Optional(Type.String({ pattern: '^[0-9]{3,8}$' })),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  adminToken: string | null;
  worker: 'embedded' | 'off';
  embedderProcesses: number;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  basePath: string;
  bodyLimitBytes: number;
  sqliteSynchronous: 'NORMAL' | 'FULL';
  tenantName: string;
  /** ml.md §4.1 quiet period before a retrain; shortened in tests. */
  trainDebounceMillis: number;
  /** ml.md §7.3: at most one Discover run per dataset per interval; shortened in tests. */
  themesIntervalMillis: number;
  /** Threads a training job spreads its labels over (ml.md §10.6 measures on 2 cores). */
  trainThreads: number;
  /** Time a client has to send a whole request (head and body); 0 = unlimited. */
  requestTimeoutMillis: number;
  /** Token regenerations and issues per user per minute; 0 = unlimited. */
  tokenIssuesPerMinute: number;
  /** Queries, predictions and exports per user per minute; 0 = unlimited. */
  heavyRequestsPerMinute: number;
  /** Queries, predictions and exports one user may have in flight; 0 = unlimited. */
  heavyConcurrencyPerUser: number;
  /** How long a worker's claim on a job holds without a heartbeat (heartbeats every third of it). */
  jobLeaseMillis: number;
  /** Job kinds this worker runs (e.g. training-only workers); null = all. */
  workerKinds: readonly string[] | null;
  /** Connections per process to PostgreSQL. */
  pgPoolSize: number;
  /** Encrypts stored mailbox passwords; null: a key generated into `<dataDir>/secret-key`. */
  secretKey: string | null;
  /** How often the worker's IMAP connector polls the mailboxes (api.md §6.12: 60 s). */
  imapPollMillis: number;
}>;

/** Reads and validates the environment once per entrypoint; throws naming the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => key.startsWith('SIFT_') && value !== undefined && value !== '',
    ),
  );
  const errors = [...Value.Errors(Env, relevant)];
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new Error(`invalid configuration ${first.instancePath.slice(1)}: ${first.message}`);
  }
  const values = relevant as Static<typeof Env>;
  const port = Number(values.SIFT_PORT ?? '8080');
  if (port > 65535) {
    throw new Error('invalid configuration SIFT_PORT: must be at most 65535');
  }
  return Object.freeze({
    port,
    host: values.SIFT_HOST ?? '0.0.0.0',
    dataDir: resolve(values.SIFT_DATA_DIR ?? './sift-data'),
    databaseUrl: values.SIFT_DATABASE_URL ?? null,
    adminToken: values.SIFT_ADMIN_TOKEN ?? null,
    worker: values.SIFT_WORKER ?? 'embedded',
    embedderProcesses: Number(
      values.SIFT_EMBEDDER_PROCESSES ?? Math.min(2, availableParallelism()),
    ),
    logLevel: values.SIFT_LOG_LEVEL ?? 'info',
    logFormat: values.SIFT_LOG_FORMAT ?? 'json',
    basePath: values.SIFT_BASE_PATH ?? '',
    bodyLimitBytes: Number(values.SIFT_BODY_LIMIT_BYTES ?? 128 * 1024 * 1024),
    sqliteSynchronous: values.SIFT_SQLITE_SYNCHRONOUS ?? 'NORMAL',
    tenantName: values.SIFT_TENANT_NAME ?? 'default',
    trainDebounceMillis: Number(values.SIFT_TRAIN_DEBOUNCE_MS ?? '10000'),
    themesIntervalMillis: Number(values.SIFT_THEMES_INTERVAL_MS ?? '600000'),
    trainThreads: Number(values.SIFT_TRAIN_THREADS ?? Math.min(2, availableParallelism())),
    // Five minutes carries a 128 MiB body at under 0.5 MB/s; a slow client then cannot hold a socket.
    requestTimeoutMillis: Number(values.SIFT_REQUEST_TIMEOUT_MS ?? '300000'),
    tokenIssuesPerMinute: Number(values.SIFT_TOKEN_ISSUE_LIMIT ?? '30'),
    // Far above what the UI, the CLI and the benchmarks send; an operator tightens it per deployment.
    heavyRequestsPerMinute: Number(values.SIFT_HEAVY_RATE_LIMIT ?? '6000'),
    heavyConcurrencyPerUser: Number(values.SIFT_HEAVY_CONCURRENCY ?? '8'),
    jobLeaseMillis: Number(values.SIFT_JOB_LEASE_MS ?? '60000'),
    workerKinds:
      values.SIFT_WORKER_KINDS === undefined ? null : values.SIFT_WORKER_KINDS.split(','),
    pgPoolSize: Number(values.SIFT_PG_POOL_SIZE ?? '10'),
    secretKey: values.SIFT_SECRET_KEY ?? null,
    imapPollMillis: Number(values.SIFT_IMAP_POLL_MS ?? '60000'),
  });
}
