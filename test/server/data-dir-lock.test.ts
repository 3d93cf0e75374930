import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

// Issue 15 item 13: a second server on a data directory another Sift process holds stops with an
// error naming that process, instead of running two servers and two workers on one SQLite file.
// Server start-up takes seconds, more on a loaded machine; the lock check itself is immediate.
const START_TIMEOUT_MS = 60_000;

describe('data directory lock', () => {
  const directories: string[] = [];
  const servers: ServerProcess[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      await server.stop('SIGKILL');
    }
    for (const directory of directories.splice(0)) {
      rmSync(directory, { recursive: true, force: true });
    }
  });
  const dataDir = () => {
    const directory = mkdtempSync(join(tmpdir(), 'sift-lock-'));
    directories.push(directory);
    return directory;
  };
  const env = (directory: string) => ({
    SIFT_DATA_DIR: directory,
    SIFT_ADMIN_TOKEN: 'sift_lock-test-admin-token-000001',
    SIFT_WORKER: 'off',
  });

  it('refuses a second server on a held data directory and names the holder', async () => {
    const directory = dataDir();
    const first = await startServerProcess(env(directory), START_TIMEOUT_MS);
    servers.push(first);
    const second = startServerProcess(env(directory), START_TIMEOUT_MS);
    await expect(second).rejects.toThrow(
      new RegExp(`in use by another Sift process: pid ${first.child.pid}\\b`),
    );
    // The first server keeps its lock and keeps serving.
    expect(JSON.parse(readFileSync(join(directory, 'sift.lock'), 'utf8'))).toMatchObject({
      pid: first.child.pid,
    });
    expect((await fetch(`${first.url}/api/v1/projects`)).status).toBe(401);
    // A clean stop releases the lock.
    expect(await first.stop('SIGTERM')).toBe(0);
    servers.splice(0);
    expect(existsSync(join(directory, 'sift.lock'))).toBe(false);
  }, 180_000);

  it('takes over the lock of a process that is gone', async () => {
    const directory = dataDir();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(
      join(directory, 'sift.lock'),
      JSON.stringify({ pid: gone, started_at: '2026-01-01T00:00:00.000Z', argv: ['sift'] }),
    );
    const server = await startServerProcess(env(directory), START_TIMEOUT_MS);
    servers.push(server);
    expect(JSON.parse(readFileSync(join(directory, 'sift.lock'), 'utf8'))).toMatchObject({
      pid: server.child.pid,
    });
  }, 120_000);
});
