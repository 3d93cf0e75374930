import { prefillPrepared } from '../bench/embedding-cache.js';
import { startInProcessSift } from '../bench/in-process-sift.js';
import { prepareDocument } from '../src/domain/models/comment-features.js';
import { startWorker, type RunningWorker } from '../src/worker/start-worker.js';

// ml.md §10.1: the harness talks to Sift only through its HTTP API, either to an in-process server
// (createApp + a worker running the production `model-train` handler) or to a running one (--via-api).

export type EvalClient = {
  call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  /** In-process only: copies cached dense vectors of these texts into the store (ml.md §10.1). */
  prefill?(texts: readonly string[]): Promise<void>;
  /**
   * In-process only: hold training while a run's annotations go in, so that each run trains once, from
   * cold, as a server with the default debounce does for a burst of annotations (warm starts from
   * intermediate versions would make figures depend on timing).
   */
  pauseTraining?(): Promise<void>;
  resumeTraining?(): void;
  /** In-process only: serves the same deployment over real HTTP on a free port; returns its URL. */
  listen?(): Promise<string>;
  close(): Promise<void>;
};

const TOKEN = 'sift_eval-harness-admin-token-01';

function check(
  method: string,
  path: string,
  status: number,
  body: Record<string, unknown>,
): Record<string, unknown> {
  if (status !== 200) {
    throw new Error(`${method} ${path} → ${status} ${JSON.stringify(body).slice(0, 500)}`);
  }
  return body;
}

export async function inProcessSift(family = 'english'): Promise<EvalClient> {
  const sift = await startInProcessSift({
    token: TOKEN,
    name: 'sift-eval',
    trainDebounceMillis: 0,
  });
  let worker: RunningWorker | null = null;
  return {
    call: sift.call,
    async prefill(texts) {
      await prefillPrepared(
        sift.deps,
        texts.map((text, index) => prepareDocument(String(index), [{ body: { text } }])),
        family,
      );
    },
    async pauseTraining() {
      await worker?.stop();
      worker = null;
    },
    resumeTraining() {
      worker ??= startWorker(sift.deps, { pollMillis: 20, kinds: ['model-train'] });
    },
    async listen() {
      return sift.app.listen({ host: '127.0.0.1', port: 0 });
    },
    async close() {
      await worker?.stop();
      await sift.close();
    },
  };
}

export function httpSift(baseUrl: string, token = TOKEN): EvalClient {
  const base = baseUrl.replace(/\/+$/u, '');
  return {
    async call(method, path, body) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return check(
        method,
        path,
        response.status,
        (await response.json()) as Record<string, unknown>,
      );
    },
    async close() {},
  };
}
