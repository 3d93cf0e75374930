import { readFileSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

import { denseDot } from '../sparse-vector.js';

import type { DenseEmbedder } from './embedder.js';
import { createMiniLmEmbedder, MINILM_EMBEDDER_ID, type MiniLmEngine } from './minilm-embedder.js';
import { lengthBatches } from './minilm-native.js';

// Issue #14: the native engine (onnxruntime-node) must reproduce the WebAssembly engine's vectors, so
// both can share the embedder id and the vector cache. 100 CLINC150 queries, 20 SpamAssassin emails
// (test/fixtures/minilm-texts) and texts that exercise the tokenizer's corner cases: a tokenizer that
// disagreed with the engine's on even one token would pull the cosine well below the bar.

type FixtureText = { id: string; source: string; text: string };

const FIXTURE: FixtureText[] = readFileSync(
  new URL('../../../test/fixtures/minilm-texts/texts.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as FixtureText);

const CORNER_CASES = [
  'Héllò hôw are ü? Ça coûte 5,00 € — naïve façade',
  '東京タワーに行きたい and 北京 too',
  'unaffable [SEP] literal special tokens [CLS] and [cls]',
  "Don't e-mail me @ 10:30 p.m.; use http://example.com/a_b?c=d&e=f #tag ~/path",
  'emoji 🙂🚀 and symbols ©®™ ±×÷ ½ ΟΔΟΣ straße',
  `${'a'.repeat(120)} very long word`,
  'Tabs\tand\r\nnewlines\u000band\u0000controls',
];

describe('native MiniLM engine', () => {
  let native: DenseEmbedder & { engine: MiniLmEngine };
  let wasm: DenseEmbedder & { engine: MiniLmEngine };
  beforeAll(async () => {
    native = await createMiniLmEmbedder({ engine: 'native', threads: 2 });
    wasm = await createMiniLmEmbedder({ engine: 'wasm' });
  }, 120_000);

  it('loads the native runtime, under the same embedder id', () => {
    expect(native.engine).toBe('native');
    expect(wasm.engine).toBe('wasm');
    expect(native.id).toBe(MINILM_EMBEDDER_ID);
    expect(wasm.id).toBe(MINILM_EMBEDDER_ID);
  });

  it('gives the WebAssembly engine’s vectors (cosine ≥ 0.999) on short and long texts', async () => {
    const texts = [...FIXTURE.map((record) => record.text), ...CORNER_CASES];
    const [{ vectors: fast }, { vectors: reference }] = [
      await native.embed({ texts }),
      await wasm.embed({ texts }),
    ];
    const cosines = fast.map((vector, index) => denseDot(vector, reference[index]!));
    expect(Math.min(...cosines)).toBeGreaterThanOrEqual(0.999);
    // The corner cases pin the tokenizer: fp32 rounding alone leaves them within 1e-5.
    expect(Math.min(...cosines.slice(FIXTURE.length))).toBeGreaterThanOrEqual(0.99999);
    for (const vector of fast) {
      expect(Math.abs(denseDot(vector, vector) - 1)).toBeLessThan(1e-5);
    }
  }, 180_000);

  it('embeds a text the same alone and padded in a batch of longer texts', async () => {
    const short = 'how do I reset my password';
    // A little longer, so all four share one padded batch.
    const longer = [
      'how do I reset the password of my online banking account',
      'please tell me how I can reset my password for the bank app',
      'what are the steps to reset a forgotten password on this website',
    ];
    const { vectors: alone } = await native.embed({ texts: [short] });
    const { vectors: batched } = await native.embed({ texts: [...longer, short] });
    expect(denseDot(alone[0]!, batched[3]!)).toBeGreaterThan(0.99999);
  }, 60_000);

  it('falls back to the WebAssembly engine, with a warning, when the native one cannot load', async () => {
    const warnings: string[] = [];
    const fallback = await createMiniLmEmbedder({
      loadNative: () => Promise.reject(new Error('libonnxruntime.so.1: cannot open shared object')),
      warn: (message, details) => warnings.push(`${message}: ${details.reason}`),
    });
    expect(fallback.engine).toBe('wasm');
    expect(fallback.id).toBe(MINILM_EMBEDDER_ID);
    expect(warnings).toEqual([
      expect.stringMatching(/falling back to the WebAssembly engine.*cannot open shared object/),
    ]);
  }, 60_000);
});

describe('lengthBatches', () => {
  it('groups texts of similar length and caps the padded tokens of a batch', () => {
    const lengths = [10, 256, 12, 250, 11, ...Array.from({ length: 40 }, () => 200)];
    const batches = lengthBatches(lengths);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, index) => index));
    expect(batches[0]).toEqual([0, 4, 2]);
    for (const batch of batches) {
      const batchLengths = batch.map((index) => lengths[index]!);
      const longest = Math.max(...batchLengths);
      expect(batch.length * longest).toBeLessThanOrEqual(4096);
      expect(longest).toBeLessThanOrEqual(Math.min(...batchLengths) * 1.25 + 8);
    }
    expect(batches).toHaveLength(1 + 2 + 1);
  });
});
