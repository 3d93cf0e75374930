import { runEmbedBench } from './embed-throughput.js';
import { readDataset } from './shared-data.js';

// ml.md §10.6 `embed`: short messages (the CLINC150 test texts) in process and through the embedder
// pool, all hosts.

const texts = readDataset('clinc150')
  .filter((record) => record.split === 'test')
  .map((record) => record.text);
// Targets of issue #14 (the §10.6 ones, 150/214 per second, were written for USE-lite).
await runEmbedBench('embed', texts, { must: 400, goal: 800 });
