import { createMiniLmEmbedder, denseDot, prepareCommentText } from '../src/ml/index.js';

import { machine } from './machine.js';
import { readDataset } from './shared-data.js';

// Issue #14: the native MiniLM engine (onnxruntime-node) against the WebAssembly engine it replaces,
// on 1,000 CLINC150 test texts and 300 Enron emails (primary text, as `embed-email` prepares it). Both
// must give the same vectors (cosine ≥ 0.999) for them to share one embedder id and one cache.
// `MINILM_COMPARE_SHORT` / `MINILM_COMPARE_EMAILS` change the counts.

const shortCount = Number(process.env['MINILM_COMPARE_SHORT'] ?? 1000);
const emailCount = Number(process.env['MINILM_COMPARE_EMAILS'] ?? 300);
const sets = {
  clinc150: readDataset('clinc150')
    .filter((record) => record.split === 'test')
    .slice(0, shortCount)
    .map((record) => record.text),
  enron: readDataset('enron_berkeley')
    .slice(0, emailCount)
    .map(
      (record) => prepareCommentText({ messages: [{ body: { text: record.text } }] }).primaryText,
    ),
};

const native = await createMiniLmEmbedder({ engine: 'native', threads: 2 });
const wasm = await createMiniLmEmbedder({ engine: 'wasm' });
if (native.engine !== 'native') {
  throw new Error('the native engine did not load');
}
const results: Record<string, unknown> = {};
for (const [name, texts] of Object.entries(sets)) {
  const start = performance.now();
  const { vectors: fast } = await native.embed({ texts });
  const nativeSeconds = (performance.now() - start) / 1000;
  const wasmStart = performance.now();
  const { vectors: reference } = await wasm.embed({ texts });
  const wasmSeconds = (performance.now() - wasmStart) / 1000;
  const cosines = fast.map((vector, index) => denseDot(vector, reference[index]!));
  const nonEmpty = cosines.filter((_, index) => texts[index]!.trim() !== '');
  results[name] = {
    texts: texts.length,
    min_cosine: Math.min(...nonEmpty),
    mean_cosine: nonEmpty.reduce((sum, value) => sum + value, 0) / nonEmpty.length,
    below_0_999: nonEmpty.filter((value) => value < 0.999).length,
    native_seconds: Math.round(nativeSeconds * 100) / 100,
    wasm_seconds: Math.round(wasmSeconds * 100) / 100,
  };
  console.error(`minilm-engines ${name}: ${JSON.stringify(results[name])}`);
}
console.log(JSON.stringify({ bench: 'minilm-engines', sets: results, machine: machine() }));
