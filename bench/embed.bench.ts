import { runEmbedBench } from './embed-throughput.js';
import { readDataset } from './shared-data.js';

// ml.md §10.6 `embed`: short messages (the CLINC150 test texts) through the embedder pool, all hosts.

const texts = readDataset('clinc150')
  .filter((record) => record.split === 'test')
  .map((record) => record.text);
await runEmbedBench('embed', texts, { must: 150, goal: 214 });
