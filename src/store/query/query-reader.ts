import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { DatasetQueryRepo, RankQuery } from '../store.js';

// better-sqlite3 is synchronous: a ranking query over 100k comments on the server's connection held the
// event loop for seconds (issue 14). On a SQLite file the rankings run on a worker thread with its own
// read-only connection; WAL lets it read committed data while the main connection writes. Rankings see
// what is committed, which is all a read route needs (they are never called inside a write transaction;
// the store hands a transaction its own in-connection repo).

const ENTRY = fileURLToPath(new URL('../../../bin/query-reader.js', import.meta.url));

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export type ThreadedQueryRepo = DatasetQueryRepo & { close(): Promise<void> };

export function createThreadedQueryRepo(filename: string): ThreadedQueryRepo {
  let worker: Worker | null = null;
  const pending = new Map<number, Pending>();
  let nextId = 0;

  const fail = (error: Error) => {
    for (const waiting of pending.values()) {
      waiting.reject(error);
    }
    pending.clear();
    worker = null;
  };

  const start = (): Worker => {
    if (worker !== null) {
      return worker;
    }
    const started = new Worker(ENTRY, { workerData: { filename } });
    started.unref();
    started.on(
      'message',
      (message: { id: number; ok: boolean; result?: unknown; message?: string }) => {
        const waiting = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) {
          waiting?.resolve(message.result);
        } else {
          waiting?.reject(new Error(`query reader: ${message.message ?? 'unknown error'}`));
        }
      },
    );
    started.on('error', fail);
    started.on('exit', (code) => {
      if (worker === started) {
        fail(new Error(`query reader thread exited (${code})`));
      }
    });
    worker = started;
    return started;
  };

  const call = <T>(method: 'rank' | 'count', query: RankQuery): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const target = start();
      // Only pending calls keep the process alive; an idle reader never does.
      target.ref();
      const settle = () => {
        if (pending.size === 0) {
          target.unref();
        }
      };
      const entry = pending.get(id)!;
      pending.set(id, {
        resolve: (value) => {
          entry.resolve(value);
          settle();
        },
        reject: (error) => {
          entry.reject(error);
          settle();
        },
      });
      target.postMessage({ id, method, query });
    });

  return {
    rank: (query) => call('rank', query),
    count: (query) => call('count', query),
    async close() {
      const current = worker;
      worker = null;
      if (current !== null) {
        fail(new Error('query reader closed'));
        await current.terminate();
      }
    },
  };
}
