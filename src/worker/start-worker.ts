import type { Deps } from '../domain/deps.js';

import { createJobHandlers } from './job-handlers.js';
import { JobRunner } from './job-runner.js';

export type RunningWorker = { stop(): Promise<void> };

/** Starts the job runner of one worker (in-process for tests and the eval harness, or `sift worker`). */
export function startWorker(
  deps: Deps,
  options: { pollMillis?: number; kinds?: readonly string[]; leaseMillis?: number } = {},
): RunningWorker {
  const all = createJobHandlers(deps);
  const unknown = options.kinds?.find((kind) => !all.has(kind));
  if (unknown !== undefined) {
    throw new Error(`unknown job kind '${unknown}' (known: ${[...all.keys()].join(', ')})`);
  }
  // The eval harness runs only training: stored predictions and themes do not change its figures.
  const handlers =
    options.kinds === undefined
      ? all
      : new Map([...all].filter(([kind]) => options.kinds!.includes(kind)));
  const runner = new JobRunner({
    store: deps.store,
    clock: deps.clock,
    log: deps.log.child({ component: 'worker' }),
    handlers,
    ...(options.pollMillis === undefined ? {} : { pollMillis: options.pollMillis }),
    ...(options.leaseMillis === undefined ? {} : { leaseMillis: options.leaseMillis }),
  });
  runner.start();
  return { stop: () => runner.stop() };
}
