import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import {
  createMiniLmEmbedder,
  createUseLiteEmbedder,
  denseDot,
  EmbedderUnavailableError,
  MINILM_EMBEDDER_ID,
  useLiteEmbedderId,
} from '../../src/ml/index.js';
import { createEmbedderPool, type EmbedderPool } from '../../src/worker/embedder-pool.js';
import { RetryableJobError } from '../../src/worker/errors.js';

// architecture.md §7.5: embedder hosts behind one DenseEmbedder.

const FIXTURE = fileURLToPath(new URL('../fixtures/embedder-host-encoders.ts', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'sift-embedder-pool-'));
let pool: EmbedderPool | undefined;

function fixturePool(hosts: number, marker = join(scratch, 'crashed')): EmbedderPool {
  pool = createEmbedderPool({
    hosts,
    env: { ...process.env, SIFT_EMBEDDER_HOST_ENCODERS: FIXTURE, SIFT_TEST_CRASH_MARKER: marker },
  });
  return pool;
}

afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the embedder pool', () => {
  it('spreads batches round-robin over its hosts and keeps the input order', async () => {
    const embedder = await fixturePool(2).denseEmbedder('length@1');
    expect(embedder).toMatchObject({ id: 'length@1', kind: 'dense', dimensions: 3 });
    const texts = ['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff', 'g', 'hh', 'iii', 'jjjj', 'k', 'l'];
    const { vectors } = await embedder.embed({ texts });
    // Batches of the encoder's maxBatchSize (4): three batches, the third back on host 0.
    expect(pool!.batchesPerHost()).toEqual([2, 1]);
    expect(vectors.map((vector) => Math.round(vector[0]! / vector[1]!))).toEqual(
      texts.map((text) => text.length),
    );
    // The turn carries over between calls.
    await embedder.embed({ texts: ['x', 'y'] });
    expect(pool!.batchesPerHost()).toEqual([3, 2]);
  });

  it('restarts a host that crashes mid-batch and retries the batch once on another host', async () => {
    const marker = join(scratch, 'crash-once');
    const embedder = await fixturePool(2, marker).denseEmbedder('crash-once@1');
    const { vectors } = await embedder.embed({ texts: ['crash', 'ok', 'fine', 'good'] });
    expect(vectors).toHaveLength(4);
    expect(Math.round(vectors[0]![0]! / vectors[0]![1]!)).toBe(5);
    expect(Number(readFileSync(marker, 'utf8'))).toBeGreaterThan(0);
    expect(pool!.restarts()).toBe(1);
    // The crashed slot has a fresh host that answers again.
    await embedder.embed({ texts: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] });
    expect(pool!.restarts()).toBe(1);
  });

  it('fails as retryable when the batch also kills the second host', async () => {
    const embedder = await fixturePool(2).denseEmbedder('crash-always@1');
    await expect(embedder.embed({ texts: ['crash'] })).rejects.toBeInstanceOf(RetryableJobError);
    expect(pool!.restarts()).toBe(2);
  });

  it('reports weights that cannot load as embedder_unavailable, never as vectors', async () => {
    const failing = fixturePool(2).denseEmbedder('minilm-l6-v2@0.1.0');
    await expect(failing).rejects.toBeInstanceOf(EmbedderUnavailableError);
    await expect(failing).rejects.toThrow(
      "Sentence embedder 'minilm-l6-v2@0.1.0' is unavailable: weights missing",
    );
    await expect(pool!.denseEmbedder('no-such@1')).rejects.toThrow(
      "Sentence embedder 'no-such@1' is unavailable: this build has no such encoder",
    );
  });

  it('gives the same vectors as the encoder run in this process', async () => {
    const texts = [
      'how do I reset my card pin',
      'what is the exchange rate for euros',
      'book a table for two at 7pm',
      '',
      'please cancel the order I placed yesterday, it was a mistake',
      'is it going to rain tomorrow in Paris',
      'transfer 200 dollars from savings to checking',
    ];
    pool = createEmbedderPool({ hosts: 2 });
    const [hosted, local] = await Promise.all([
      pool.denseEmbedder(useLiteEmbedderId()),
      createUseLiteEmbedder(),
    ]);
    const fromPool = await hosted.embed({ texts });
    const inProcess = await local.embed({ texts });
    expect(fromPool.vectors.map((vector) => Array.from(vector))).toEqual(
      inProcess.vectors.map((vector) => Array.from(vector)),
    );
    expect(pool.batchesPerHost()).toEqual([1, 1]);
  }, 60_000);

  it('runs MiniLM in its hosts with the vectors of the native engine in this process', async () => {
    const texts = [
      'how do I reset my card pin',
      'please cancel the order I placed yesterday, it was a mistake',
      'is it going to rain tomorrow in Paris',
      'transfer 200 dollars from savings to checking',
    ];
    pool = createEmbedderPool({ hosts: 2 });
    const [hosted, local] = await Promise.all([
      pool.denseEmbedder(MINILM_EMBEDDER_ID),
      createMiniLmEmbedder({ engine: 'native', threads: 1 }),
    ]);
    expect(local.engine).toBe('native');
    const fromPool = await hosted.embed({ texts });
    const inProcess = await local.embed({ texts });
    fromPool.vectors.forEach((vector, index) => {
      expect(denseDot(vector, inProcess.vectors[index]!)).toBeGreaterThan(0.99999);
    });
    expect(pool.batchesPerHost()).toEqual([1, 1]);
  }, 120_000);

  it('lets its owner process finish: close() settles and no host outlives it', () => {
    const script = fileURLToPath(new URL('../fixtures/close-embedder-pool.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(output.trim()).toBe('embedded 3');
  }, 40_000);
});
