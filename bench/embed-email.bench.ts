import { prepareCommentText } from '../src/ml/index.js';

import { runEmbedBench } from './embed-throughput.js';
import { readDataset } from './shared-data.js';

// ml.md §10.6 `embed-email`: the primary texts (§1.1) of the Enron emails through the embedder pool.
// Each encoder truncates its own input (§1.3: P = 128 pieces for USE-lite, 256 tokens for MiniLM).

const texts = readDataset('enron_berkeley').map(
  (record) => prepareCommentText({ messages: [{ body: { text: record.text } }] }).primaryText,
);
await runEmbedBench('embed-email', texts, { must: 15, goal: 30 });
