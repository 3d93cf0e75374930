import type { Deps } from '../deps.js';
import { featureSpecOf } from '../models/comment-features.js';

/** How long a probe waits for the embedder; a probe must answer fast, the load goes on meanwhile. */
const EMBEDDER_WAIT_MILLIS = 2_000;

export type Readiness = {
  ready: boolean;
  /** `ok`, or what is wrong, per check. */
  checks: { store: string; schema: string; embedder: string };
};

function withTimeout<T>(promise: Promise<T>, millis: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), millis);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether this process can serve: the store answers, its schema is the one this build expects (a
 * server must not run against a database migrated by a newer or older build), and the default
 * family's sentence embedder is loaded. The first probe starts loading the embedder.
 */
export async function checkReadiness(deps: Deps): Promise<Readiness> {
  const checks = { store: 'ok', schema: 'ok', embedder: 'ok' };
  try {
    const applied = await deps.store.schemaVersion();
    const expected = deps.store.expectedSchemaVersion;
    if (expected !== undefined && applied !== expected) {
      checks.schema = `database schema version ${applied}, this build expects ${expected}`;
    }
  } catch (error) {
    checks.store = `store unreachable: ${describe(error)}`;
    checks.schema = 'unknown: the store is unreachable';
  }
  const dense = featureSpecOf('english').dense;
  if (dense !== null) {
    try {
      if (
        (await withTimeout(deps.models.denseEmbedder(dense), EMBEDDER_WAIT_MILLIS)) === 'timeout'
      ) {
        checks.embedder = `embedder ${dense} is still loading`;
      }
    } catch (error) {
      checks.embedder = `embedder ${dense} unavailable: ${describe(error)}`;
    }
  }
  return { ready: Object.values(checks).every((check) => check === 'ok'), checks };
}
