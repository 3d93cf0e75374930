import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

import type { Logger } from '../log.js';

// architecture.md §2: in the embedded default the server forks one `sift worker` process and supervises
// it: restarted with back-off when it dies, stopped with the server. A separate process keeps training
// CPU off the API's event loop; the store is the only channel between them.

export type SupervisedWorker = { stop(): Promise<void> };

const BIN = fileURLToPath(new URL('../../bin/sift.js', import.meta.url));
const MAX_BACKOFF_MILLIS = 30_000;
const STOP_GRACE_MILLIS = 10_000;
/**
 * The embedded worker (and the embedder hosts it forks, which inherit it) yields the 2 cores to the API
 * when both want them: bulk embedding, training and Discover's k-means otherwise pushed `GET /auth/user`
 * past 100 ms at p99 while another client paged (issue 14). An idle API leaves the worker every cycle.
 */
const WORKER_NICENESS = 10;

export function superviseWorker(log: Logger): SupervisedWorker {
  let child: ChildProcess | null = null;
  let stopping = false;
  let backoff = 1000;
  let restartTimer: NodeJS.Timeout | null = null;

  const spawn = (): void => {
    const started = Date.now();
    const current = fork(BIN, ['worker'], { stdio: 'inherit', env: process.env });
    child = current;
    if (current.pid !== undefined) {
      try {
        setPriority(current.pid, WORKER_NICENESS);
      } catch (error) {
        // Lowering a child's priority is always allowed on Linux; elsewhere run it as it is.
        log.warn({ err: error }, 'could not lower the worker process priority');
      }
    }
    current.on('exit', (code, signal) => {
      child = null;
      if (stopping) {
        return;
      }
      // A worker that ran for a while before dying gets a fresh back-off.
      backoff = Date.now() - started > 60_000 ? 1000 : Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      log.error({ code, signal, restart_in_ms: backoff }, 'worker process exited; restarting');
      restartTimer = setTimeout(spawn, backoff);
    });
  };
  spawn();

  return {
    async stop() {
      stopping = true;
      if (restartTimer !== null) {
        clearTimeout(restartTimer);
      }
      const running = child;
      if (running === null || running.exitCode !== null) {
        return;
      }
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => running.kill('SIGKILL'), STOP_GRACE_MILLIS);
        running.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        running.kill('SIGTERM');
      });
    },
  };
}
