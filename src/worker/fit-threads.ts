import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import {
  fitOneVsRestAsync,
  type LabelFit,
  type OvrFit,
  type OvrFitter,
  type OvrTrainingInput,
} from '../ml/index.js';

// ml.md §10.6 asks for training times measured on 2 cores; one JS thread uses one. Labels of a group
// are independent problems (§3.3), so they are dealt round-robin to threads: shard 0 runs on the calling
// thread (yielding between rounds so the job keeps its heartbeat), the others on worker threads. Each
// label's fit is the same computation wherever it runs, so results do not depend on the thread count.

const ENTRY = fileURLToPath(new URL('../../bin/fit-thread.js', import.meta.url));
/** Below this many labels × rows the copy to a thread costs more than it saves. */
const MIN_WORK = 20_000;

type Pending = { resolve: (labels: (LabelFit | null)[]) => void; reject: (error: Error) => void };

export type FitThreads = {
  fit: OvrFitter;
  /** Label shards sent to worker threads so far. */
  readonly remoteShards: () => number;
  close(): Promise<void>;
};

export function createFitThreads(threads: number): FitThreads {
  const helpers = Math.max(0, threads - 1);
  let workers: Worker[] | null = null;
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let remoteShards = 0;

  const start = (): Worker[] => {
    workers ??= Array.from({ length: helpers }, () => {
      const worker = new Worker(ENTRY);
      worker.unref();
      worker.on(
        'message',
        (message: { id: number; ok: boolean; labels?: (LabelFit | null)[]; message?: string }) => {
          const waiting = pending.get(message.id);
          pending.delete(message.id);
          if (message.ok) {
            waiting?.resolve(message.labels!);
          } else {
            waiting?.reject(
              new Error(`training thread failed: ${message.message ?? 'unknown error'}`),
            );
          }
        },
      );
      worker.on('error', (error) => {
        for (const [, waiting] of pending) {
          waiting.reject(error);
        }
        pending.clear();
        workers = null;
      });
      return worker;
    });
    return workers;
  };

  const onThread = (worker: Worker, input: OvrTrainingInput): Promise<(LabelFit | null)[]> =>
    new Promise((resolve, reject) => {
      const id = nextId;
      nextId += 1;
      pending.set(id, { resolve, reject });
      remoteShards += 1;
      worker.postMessage({ id, input });
    });

  return {
    async fit(input, signal): Promise<OvrFit> {
      const labelCount = input.targets.length;
      if (helpers === 0 || labelCount < 2 || labelCount * input.features.rows < MIN_WORK) {
        return fitOneVsRestAsync(input, { signal });
      }
      const shards = Math.min(helpers + 1, labelCount);
      const labelsOf = (shard: number) =>
        Array.from({ length: labelCount }, (_, label) => label).filter(
          (label) => label % shards === shard,
        );
      const pool = start();
      const remote = pool
        .slice(0, shards - 1)
        .map((worker, index) => onThread(worker, { ...input, onlyLabels: labelsOf(index + 1) }));
      const local = fitOneVsRestAsync({ ...input, onlyLabels: labelsOf(0) }, { signal }).then(
        (fit) => fit.labels,
      );
      const parts = await Promise.all([local, ...remote]);
      const merged: (LabelFit | null)[] = new Array<LabelFit | null>(labelCount).fill(null);
      for (let label = 0; label < labelCount; label += 1) {
        merged[label] = parts[label % shards]![label] ?? null;
      }
      return { labels: merged };
    },
    remoteShards: () => remoteShards,
    async close() {
      const running = workers ?? [];
      workers = null;
      await Promise.all(running.map((worker) => worker.terminate()));
    },
  };
}
