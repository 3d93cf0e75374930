import { availableParallelism } from 'node:os';

import { MINILM_EMBEDDER_ID, useLiteEmbedderId, type DenseEmbedder } from '../src/ml/index.js';
import { DENSE_ENCODERS } from '../src/worker/dense-encoders.js';
import { createEmbedderPool } from '../src/worker/embedder-pool.js';

import { machine } from './machine.js';

// Shared by the `embed` and `embed-email` benchmarks (ml.md §10.6): the same texts through one encoder
// in this process and through the embedder pool with all its hosts, for MiniLM (the default dense
// channel) and USE-lite (the encoder the §10.6 targets were written for). Load time is excluded.

type Run = {
  texts_per_second: number;
  seconds: number;
  load_seconds: number;
  /** CPU time of this process (with its native threads); for the pool, only the coordinator's. */
  cpu_seconds: number;
};

async function timed(load: () => Promise<DenseEmbedder>, texts: string[]): Promise<Run> {
  const loadStart = performance.now();
  const embedder = await load();
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const { vectors } = await embedder.embed({ texts });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  if (vectors.length !== texts.length) {
    throw new Error(`expected ${texts.length} vectors, got ${vectors.length}`);
  }
  return {
    texts_per_second: Math.round((texts.length / seconds) * 10) / 10,
    seconds: Math.round(seconds * 100) / 100,
    load_seconds: Math.round(loadSeconds * 100) / 100,
    cpu_seconds: Math.round((cpu.user + cpu.system) / 10_000) / 100,
  };
}

/**
 * `EMBED_BENCH_TEXTS=N` limits the run to the first N texts (the full sets take minutes per encoder);
 * `EMBED_BENCH_ENCODERS=id,…` to some encoders. MiniLM runs on its native engine (issue #14) and the
 * output names the engine the in-process run loaded.
 */
export async function runEmbedBench(
  name: string,
  allTexts: string[],
  targets: { must: number; goal: number },
): Promise<void> {
  const limit = Number(process.env['EMBED_BENCH_TEXTS'] ?? allTexts.length);
  const texts = allTexts.slice(0, limit);
  const hosts = Number(
    process.env['SIFT_EMBEDDER_PROCESSES'] ?? Math.min(2, availableParallelism()),
  );
  const only = process.env['EMBED_BENCH_ENCODERS']?.split(',');
  const encoders: Record<string, unknown> = {};
  for (const id of [MINILM_EMBEDDER_ID, useLiteEmbedderId()]) {
    if (only !== undefined && !only.some((name) => id.startsWith(name))) {
      continue;
    }
    let engine: unknown;
    const single = await timed(async () => {
      const embedder = await DENSE_ENCODERS[id]!();
      engine = (embedder as { engine?: unknown }).engine;
      return embedder;
    }, texts);
    const pool = createEmbedderPool({ hosts });
    try {
      const pooled = await timed(() => pool.denseEmbedder(id), texts);
      encoders[id] = {
        ...(engine === undefined ? {} : { engine }),
        in_process: single,
        pool: { hosts, ...pooled, batches_per_host: pool.batchesPerHost() },
        speedup: Math.round((pooled.texts_per_second / single.texts_per_second) * 100) / 100,
        meets_must: pooled.texts_per_second >= targets.must,
        meets_goal: pooled.texts_per_second >= targets.goal,
      };
    } finally {
      await pool.close();
    }
    console.error(`${name} ${id}: ${JSON.stringify(encoders[id])}`);
  }
  console.log(
    JSON.stringify({
      bench: name,
      texts: texts.length,
      target_texts_per_second: targets,
      encoders,
      machine: machine(),
    }),
  );
}
