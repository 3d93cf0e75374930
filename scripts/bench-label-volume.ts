// Bench of the Reports aggregation (docs/reports.md): `PredictionRepo.labelVolume` over a synthetic
// dataset of N comments spread over a year, each with predictions for 5 of 20 labels and 1 % reviewed.
//
//   npx tsx scripts/bench-label-volume.ts [comments=100000] [sqlite|postgres]
// PostgreSQL uses TEST_DATABASE_URL or the local trust-auth server, in a schema dropped at the end.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import pg from 'pg';

import { createPostgresStore } from '../src/store/postgres/create-postgres-store.js';
import { createSqliteStore } from '../src/store/sqlite/create-sqlite-store.js';
import type { CommentPredictionRecord, Store } from '../src/store/store.js';

const count = Number(process.argv[2] ?? 100_000);
const backend = process.argv[3] ?? 'sqlite';
const T0 = '2025-01-01T00:00:00.000000Z';
const DATASET = '00000000000000d1';
const SOURCE = '00000000000000a1';
const LABELS = Array.from({ length: 20 }, (_, i) =>
  i % 4 === 0 ? `L${i}` : `L${i - (i % 4)} > C${i}`,
);

const url = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_${randomBytes(4).toString('hex')}`;
const store: Store =
  backend === 'postgres'
    ? await createPostgresStore({ url, schema, maxConnections: 4 })
    : createSqliteStore({ filename: ':memory:' });

// A small deterministic generator, so runs compare.
let state = 42;
const random = () => {
  state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
  return state / 2_147_483_648;
};

try {
  await store.projects.insert({
    id: '0000000000000001',
    name: 'bench',
    title: '',
    description: '',
    user_auto_join: false,
    created_at: T0,
    updated_at: T0,
  });
  await store.sources.insert({
    id: SOURCE,
    project_id: '0000000000000001',
    name: 'inbox',
    title: '',
    description: '',
    language: 'en',
    should_translate: false,
    sensitive_properties: [],
    created_at: T0,
    updated_at: T0,
    last_modified: T0,
    bucket_id: null,
    kind: 'unknown',
    email_transform_tag: null,
    email_transform_version: null,
  });
  await store.datasets.insert({
    id: DATASET,
    project_id: '0000000000000001',
    name: 'bench',
    title: '',
    description: '',
    model_family: 'english',
    has_sentiment: false,
    source_ids: [SOURCE],
    dataset_flags: [],
    model_config: {},
    label_properties: null,
    timezone: 'UTC',
    preferred_locales: null,
    created: T0,
    last_modified: T0,
  });
  const loadStart = performance.now();
  const BATCH = 2000;
  for (let start = 0; start < count; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => `c${start + i}`);
    await store.comments.insertMany(
      ids.map((id, i) => ({
        source_id: SOURCE,
        id,
        timestamp: new Date(Date.UTC(2025, 0, 1) + ((start + i) / count) * 365 * 86_400_000)
          .toISOString()
          .replace('Z', '000Z'),
        thread_id: null,
        text_format: null,
        messages: [],
        user_properties: {},
        attachments: [],
        fingerprint: id,
        created_at: T0,
        last_modified: T0,
        context: 'c',
      })),
    );
    const predictions: CommentPredictionRecord[] = ids.map((id) => ({
      dataset_id: DATASET,
      source_id: SOURCE,
      comment_id: id,
      version: 1,
      context: 'c',
      labels: [...new Set(Array.from({ length: 5 }, () => Math.floor(random() * 20)))].map(
        (index) => [LABELS[index]!, random()] as [string, number],
      ),
      max_informative: 0,
      check_key: null,
      missed_key: null,
      rebalance_key: null,
    }));
    await store.transaction((tx) => tx.predictions.upsertMany(predictions));
    for (const id of ids) {
      if (random() < 0.01) {
        await store.annotations.upsert({
          dataset_id: DATASET,
          source_id: SOURCE,
          comment_id: id,
          labelling: [
            {
              group: 'default',
              assigned: [{ name: LABELS[Math.floor(random() * 20)]!, sentiment: 'positive' }],
              dismissed: [],
            },
          ],
          entities: null,
          moon_forms: null,
          reviewed: true,
          updated_at: T0,
          retrieval_method: null,
        });
      }
    }
  }
  console.log(
    `${backend}: loaded ${count} comments in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`,
  );

  const labels = LABELS.map((name, i) => ({ name, threshold: 0.3 + (i % 5) * 0.1 }));
  for (const basis of ['predicted', 'reviewed'] as const) {
    const times: number[] = [];
    const query = { datasetId: DATASET, sourceIds: [SOURCE], labels, basis };
    // The first run warms caches and is not counted.
    let result = await store.predictions.labelVolume(query);
    for (let run = 0; run < 5; run += 1) {
      const started = performance.now();
      result = await store.predictions.labelVolume(query);
      times.push(performance.now() - started);
    }
    const sorted = times.sort((a, b) => a - b);
    console.log(
      `${backend} ${basis}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, ` +
        `min ${sorted[0]!.toFixed(0)} ms over ${sorted.length} runs; ${result.days.length} days, ` +
        `${result.counts.length} (day, label) counts`,
    );
  }
} finally {
  await store.close();
  if (backend === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}
