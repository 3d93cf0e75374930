// `npm run bench -- stream`: a consumer reading a stream with predictions through the API (api.md §5.11,
// ml.md §10.6 `stream`): 50,000 CLINC150 comments (the 15,000 in-scope training texts, repeated under
// new ids so their cached dense vectors apply), a model trained on 3,000 of them and bound to the stream
// with a label threshold, read with `GET …/results?max_results=256` and advanced with each batch's
// continuation until the end, then the same with the legacy `POST …/fetch` (size 256). Goal ≥ 2,000
// comments/s (issue #8; ml.md MUST ≥ 1,000). Ends with one JSON line.
import { trainDataset } from '../src/domain/models/train-dataset.js';

import { machine } from './machine.js';
import { seededSample, setUpModelBench } from './model-bench-setup.js';

const TOTAL = Number(process.env['BENCH_COMMENTS'] ?? 50_000);
const BATCH = 256;

const bench = await setUpModelBench();
try {
  const { deps, records } = bench;
  // Copies of the training texts under new ids until the source holds TOTAL comments.
  for (let copy = 1, count = records.length; count < TOTAL; copy += 1) {
    const extra = records.slice(0, Math.min(records.length, TOTAL - count));
    for (let start = 0; start < extra.length; start += 4096) {
      await bench.call('POST', '/api/v1/sources/bench/clinc/sync', {
        comments: extra.slice(start, start + 4096).map((record) => ({
          id: `${record.id}-copy${copy}`,
          timestamp: '2022-03-16T09:00:00Z',
          messages: [{ body: { text: record.text } }],
        })),
      });
    }
    count += extra.length;
  }
  const datasetId = await bench.createDataset('stream', seededSample(records, 3_000, 7));
  const trained = await trainDataset(deps, deps.models, datasetId);
  if (trained.kind !== 'trained') {
    throw new Error(`training skipped: ${JSON.stringify(trained)}`);
  }
  const base = '/api/v1/datasets/bench/stream/streams';
  const label = records[0]!.labels[0]!;
  await bench.call('PUT', base, {
    stream: {
      name: 'bench',
      model: { version: trained.version, label_thresholds: [{ name: label, threshold: 0.5 }] },
    },
  });

  const consume = async (read: () => Promise<{ items: number; token: string; end: boolean }>) => {
    await bench.call('POST', `${base}/bench/reset`, {
      to_comment_created_at: '2000-01-01T00:00:00Z',
    });
    let consumed = 0;
    const started = performance.now();
    for (;;) {
      const { items, token, end } = await read();
      consumed += items;
      await bench.call('POST', `${base}/bench/advance`, { sequence_id: token });
      if (end) {
        break;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    return { consumed, seconds, rate: Math.round(consumed / seconds) };
  };

  const results = await consume(async () => {
    const page = await bench.call('GET', `${base}/bench/results?max_results=${BATCH}`);
    return {
      items: (page['results'] as unknown[]).length,
      token: page['continuation'] as string,
      end: page['more_results'] === false,
    };
  });
  process.stderr.write(
    `results: ${results.consumed} comments in ${results.seconds.toFixed(1)} s\n`,
  );
  const fetched = await consume(async () => {
    const page = await bench.call('POST', `${base}/bench/fetch`, { size: BATCH });
    return {
      items: (page['results'] as unknown[]).length,
      token: page['sequence_id'] as string,
      end: page['is_end_sequence'] === true,
    };
  });
  process.stderr.write(`fetch: ${fetched.consumed} comments in ${fetched.seconds.toFixed(1)} s\n`);
  if (results.consumed !== TOTAL || fetched.consumed !== TOTAL) {
    throw new Error(`expected ${TOTAL} comments, got ${results.consumed} and ${fetched.consumed}`);
  }
  console.log(
    JSON.stringify({
      bench: 'stream',
      comments: TOTAL,
      batch: BATCH,
      labels: 160,
      results_per_s: results.rate,
      fetch_per_s: fetched.rate,
      goal_per_s: 2_000,
      must_per_s: 1_000,
      machine: machine(),
    }),
  );
} finally {
  await bench.close();
}
