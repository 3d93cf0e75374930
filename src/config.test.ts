import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('accepts every variable of .env.example with its documented default', () => {
    const entries = readFileSync(new URL('../.env.example', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => /^SIFT_[A-Z_]+=/.test(line))
      .map((line) => line.split('=', 2) as [string, string]);
    expect(entries.length).toBeGreaterThan(10);
    const fromExample = loadConfig(Object.fromEntries(entries));
    expect(fromExample).toEqual({ ...loadConfig({}), embedderProcesses: 2 });
  });

  it('applies the fixed-interface defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.dataDir.endsWith('sift-data')).toBe(true);
    expect(config.databaseUrl).toBeNull();
    expect(config.adminToken).toBeNull();
    expect(config.bodyLimitBytes).toBe(128 * 1024 * 1024);
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ SIFT_PORT: 'eighty' })).toThrow(/SIFT_PORT/);
    expect(() => loadConfig({ SIFT_DATABASE_URL: 'mysql://x' })).toThrow(/SIFT_DATABASE_URL/);
  });

  it('reads the scale-out settings: lease, worker kinds, pool size', () => {
    const config = loadConfig({
      SIFT_JOB_LEASE_MS: '20000',
      SIFT_WORKER_KINDS: 'model-train,dataset-predict',
      SIFT_PG_POOL_SIZE: '4',
    });
    expect(config.jobLeaseMillis).toBe(20_000);
    expect(config.workerKinds).toEqual(['model-train', 'dataset-predict']);
    expect(config.pgPoolSize).toBe(4);
    expect(loadConfig({}).workerKinds).toBeNull();
    expect(() => loadConfig({ SIFT_WORKER_KINDS: 'train,,x' })).toThrow(/SIFT_WORKER_KINDS/);
    expect(() => loadConfig({ SIFT_PG_POOL_SIZE: '0' })).toThrow(/SIFT_PG_POOL_SIZE/);
  });
});
