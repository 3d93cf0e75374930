import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

async function projects(url: string, token: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/projects`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.status;
}

describe('sift server first start', () => {
  const directories: string[] = [];
  let server: ServerProcess | null = null;
  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = null;
    for (const directory of directories.splice(0)) {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('generates the admin token once, prints it and saves it with mode 0600', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-first-start-'));
    directories.push(dataDir);
    server = await startServerProcess({ SIFT_DATA_DIR: dataDir });
    const tokenFile = join(dataDir, 'admin-token');
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token).toMatch(/^sift_[A-Za-z0-9]{43}$/);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(server.stdout()).toContain(token);
    expect(await projects(server.url, token)).toBe(200);
    expect(await projects(server.url, 'sift_not-the-token')).toBe(401);
    expect(await server.stop('SIGTERM')).toBe(0);

    server = await startServerProcess({ SIFT_DATA_DIR: dataDir });
    expect(server.stdout()).not.toContain(token);
    expect(await projects(server.url, token)).toBe(200);
  });

  it('creates the data directory 0700 and its database files 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'sift-first-start-'));
    directories.push(parent);
    const dataDir = join(parent, 'data');
    server = await startServerProcess({ SIFT_DATA_DIR: dataDir });
    expect(
      await projects(server.url, readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()),
    ).toBe(200);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const name of ['sift.sqlite', 'sift.sqlite-wal', 'sift.sqlite-shm', 'admin-token']) {
      expect([name, statSync(join(dataDir, name)).mode & 0o777]).toEqual([name, 0o600]);
    }
  });

  it('uses SIFT_ADMIN_TOKEN when given', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sift-first-start-'));
    directories.push(dataDir);
    const token = 'sift_chosen-by-the-operator-0001';
    server = await startServerProcess({ SIFT_DATA_DIR: dataDir, SIFT_ADMIN_TOKEN: token });
    expect(await projects(server.url, token)).toBe(200);
    expect(server.stdout()).not.toContain(token);
  });
});
