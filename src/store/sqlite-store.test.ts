import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { describeBucketStoreContract } from './bucket-store-contract.js';
import { createSqliteStore } from './sqlite/create-sqlite-store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('sqlite', async () => createSqliteStore({ filename: ':memory:' }));
describeBucketStoreContract('sqlite', async () => createSqliteStore({ filename: ':memory:' }));

describe('sqlite store file', () => {
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
