import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/** Pids of the direct children of `parent` (Linux /proc). */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const status = readFileSync(`/proc/${entry}/status`, 'utf8');
        const ppid = /PPid:\s+(\d+)/.exec(status);
        const name = /Name:\s+(\S+)/.exec(status);
        return Number(ppid?.[1]) === parent && name?.[1] === 'node' ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

describe('embedded worker priority', () => {
  let server: ServerProcess | null = null;
  let directory = '';
  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = null;
    rmSync(directory, { recursive: true, force: true });
  });

  it.runIf(process.platform === 'linux')(
    'runs the forked worker below the API server, so bulk work yields the cores to requests',
    async () => {
      directory = mkdtempSync(join(tmpdir(), 'sift-worker-priority-'));
      server = await startServerProcess({ SIFT_DATA_DIR: directory }, 60_000);
      const serverPid = server.child.pid!;
      let workers: number[] = [];
      for (let attempt = 0; attempt < 100 && workers.length === 0; attempt += 1) {
        workers = childrenOf(serverPid);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(workers).toHaveLength(1);
      expect(getPriority(serverPid)).toBe(0);
      expect(getPriority(workers[0])).toBe(10);
    },
    90_000,
  );
});
