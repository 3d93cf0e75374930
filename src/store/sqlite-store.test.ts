import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { describeBucketStoreContract } from './bucket-store-contract.js';
import {
  expectedOrder,
  loadQueryFixture,
  pageThrough,
  QUERY_CASES,
  queryFixture,
} from './query/query-contract.js';
import { createSqliteStore } from './sqlite/create-sqlite-store.js';
import { describeStoreContract } from './store-contract.js';
import { describeTextSearchContract } from './text-search-contract.js';

describeStoreContract('sqlite', async () => createSqliteStore({ filename: ':memory:' }));
describeBucketStoreContract('sqlite', async () => createSqliteStore({ filename: ':memory:' }));

describe('sqlite store file', () => {
  it('ranks dataset queries on its reader thread and sees what the server committed', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sift-sqlite-'));
    try {
      const store = createSqliteStore({ filename: join(directory, 'sift.sqlite') });
      const fixture = queryFixture();
      await loadQueryFixture(store, fixture);
      for (const testCase of QUERY_CASES) {
        expect(await pageThrough(store, testCase, 4), testCase.name).toEqual(
          expectedOrder(fixture, testCase),
        );
      }
      await store.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('uses WAL mode and applies migrations once across reopenings', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sift-sqlite-'));
    try {
      const filename = join(directory, 'nested', 'sift.sqlite');
      const first = createSqliteStore({ filename });
      await first.projects.insert({
        id: '0000000000000001',
        name: 'alpha',
        title: '',
        description: '',
        user_auto_join: false,
        created_at: '2024-01-01T00:00:00.000000Z',
        updated_at: '2024-01-01T00:00:00.000000Z',
      });
      await first.close();
      const second = createSqliteStore({ filename });
      expect((await second.projects.list()).map((p) => p.name)).toEqual(['alpha']);
      await second.close();
      const raw = new BetterSqlite3(filename, { readonly: true });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      const versions = raw.prepare('SELECT version FROM sift_migrations ORDER BY version').all();
      expect(versions.length).toBeGreaterThan(0);
      raw.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('sqlite store file modes', () => {
  const modeOf = (path: string) => statSync(path).mode & 0o777;

  it('creates its directory 0700 and the database, -wal and -shm 0600', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sift-sqlite-'));
    try {
      const filename = join(directory, 'data', 'sift.sqlite');
      const store = createSqliteStore({ filename });
      await store.projects.list();
      expect(modeOf(join(directory, 'data'))).toBe(0o700);
      for (const path of [filename, `${filename}-wal`, `${filename}-shm`]) {
        expect([path, modeOf(path)]).toEqual([path, 0o600]);
      }
      await store.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('tightens a world-readable database left by an older version', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sift-sqlite-'));
    try {
      const filename = join(directory, 'sift.sqlite');
      await createSqliteStore({ filename }).close();
      chmodSync(filename, 0o644);
      const store = createSqliteStore({ filename });
      expect(modeOf(filename)).toBe(0o600);
      await store.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describeTextSearchContract('sqlite', async () => createSqliteStore({ filename: ':memory:' }));
