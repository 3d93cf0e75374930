import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { Logger } from '../log.js';

// architecture.md §2: in the embedded default the server forks one `sift worker` process and supervises
// it: restarted with back-off when it dies, stopped with the server. A separate process keeps training
// CPU off the API's event loop; the store is the only channel between them.

export type SupervisedWorker = { stop(): Promise<void> };

const BIN = fileURLToPath(new URL('../../bin/sift.js', import.meta.url));
const MAX_BACKOFF_MILLIS = 30_000;
const STOP_GRACE_MILLIS = 10_000;

export function superviseWorker(log: Logger): SupervisedWorker {
  let child: ChildProcess | null = null;
  let stopping = false;
  let backoff = 1000;
  let restartTimer: NodeJS.Timeout | null = null;

  const spawn = (): void => {
    const started = Date.now();
    const current = fork(BIN, ['worker'], { stdio: 'inherit', env: process.env });
    child = current;
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
