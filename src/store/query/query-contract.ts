import { expect } from 'vitest';

import type { QueryOrder } from '../../contracts/query.js';
import { predictionOrderKey } from '../../domain/dataset-comments/prediction-orders.js';
import { sampleOffset, sampleRank } from '../../lib/order-keys.js';
import type {
  AnnotationRecord,
  CommentPredictionRecord,
  CommentWrite,
  RankedComment,
  RankOrder,
  RankQuery,
  Store,
} from '../store.js';

// The dataset query's store rankings against the in-memory keys they replace (prediction-orders.ts,
// and `recent`/`sample` as the domain defines them): every order, paged through keyset positions three
// at a time, must give exactly the in-memory order with ties by uid: no duplicate, no gap.

const T0 = '2024-03-05T09:12:44.031200Z';
const PROJECT = '0000000000000001';
const DATASET = '00000000000000d1';
const SOURCES = ['00000000000000a1', '00000000000000a2'];

/** Probabilities are multiples of 1/64: exact in binary, so SQL and JavaScript arithmetic agree. */
function p(n: number): number {
  return n / 64;
}

/** A small deterministic generator (the fixture must be the same on both backends). */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export type QueryFixture = {
  comments: CommentWrite[];
  predictions: CommentPredictionRecord[];
  annotations: AnnotationRecord[];
};

export function queryFixture(): QueryFixture {
  const random = generator(42);
  const comments: CommentWrite[] = [];
  for (let index = 0; index < 36; index += 1) {
    const source = SOURCES[index % 2]!;
    // Ids repeat across the two sources and timestamps repeat, so ties fall through to id and source.
    const id = `c${String(Math.floor(index / 2) % 14).padStart(2, '0')}${index >= 28 ? 'x' : ''}`;
    comments.push({
      source_id: source,
      id,
      timestamp: `2024-01-${String(1 + (index % 9)).padStart(2, '0')}T00:00:00.000000Z`,
      thread_id: null,
      text_format: null,
      messages: [{ body: { text: index % 3 === 0 ? 'refund my card' : `comment ${index}` } }],
      user_properties: {},
      attachments: [],
      fingerprint: `f${index}`,
      created_at: T0,
      last_modified: T0,
      context: 'ctx',
    });
  }
  const labels = ['A', 'A > X', 'B', 'C', 'g2::P', 'g2::Q'];
  const predictions: CommentPredictionRecord[] = [];
  comments.forEach((comment, index) => {
    if (index % 5 === 4) {
      return; // no predictions at all
    }
    const stored: [string, number][] = [];
    for (const label of labels) {
      const draw = random();
      if (draw < 0.25) {
        continue; // below 0.01: not stored
      }
      // A few exact ties and one p = 1 (the far edge of Teach's |p − 0.5|).
      stored.push([label, index === 6 && label === 'A' ? 1 : p(1 + Math.floor(draw * 8) * 8)]);
    }
    stored.sort((a, b) => b[1] - a[1]);
    predictions.push({
      dataset_id: DATASET,
      source_id: comment.source_id,
      comment_id: comment.id,
      version: 1,
      context: 'ctx',
      labels: stored,
      max_informative: stored[0]?.[1] ?? 0,
      check_key: index % 3 === 0 ? null : p(Math.floor(random() * 64)),
      missed_key: index % 4 === 0 ? null : p(Math.floor(random() * 64)),
      rebalance_key: index % 6 === 0 ? null : p(Math.floor(random() * 16) * 4),
    });
  });
  const annotations: AnnotationRecord[] = comments
    .filter((_, index) => index % 4 === 1)
    .map((comment, index) => ({
      dataset_id: DATASET,
      source_id: comment.source_id,
      comment_id: comment.id,
      labelling:
        index % 3 === 2
          ? [{ group: 'default', assigned: [], dismissed: [{ name: 'B', sentiment: 'positive' }] }]
          : [
              {
                group: 'default',
                assigned: [{ name: index % 2 === 0 ? 'A' : 'B', sentiment: 'positive' }],
                dismissed: [],
              },
            ],
      entities: null,
      moon_forms: null,
      // One annotation record that is not a review (e.g. only entities once, then cleared).
      reviewed: index !== 4,
      updated_at: T0,
      retrieval_method: null,
    }));
  return { comments, predictions, annotations };
}

export async function loadQueryFixture(store: Store, fixture: QueryFixture): Promise<void> {
  await store.projects.insert({
    id: PROJECT,
    name: 'alpha',
    title: '',
    description: '',
    user_auto_join: false,
    created_at: T0,
    updated_at: T0,
  });
  for (const [index, id] of SOURCES.entries()) {
    await store.sources.insert({
      id,
      project_id: PROJECT,
      name: `inbox${index}`,
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
  }
  await store.datasets.insert({
    id: DATASET,
    project_id: PROJECT,
    name: 'intents',
    title: '',
    description: '',
    model_family: 'english',
    has_sentiment: false,
    source_ids: SOURCES,
    dataset_flags: [],
    model_config: {},
    label_properties: null,
    timezone: 'UTC',
    preferred_locales: null,
    created: T0,
    last_modified: T0,
  });
  await store.comments.insertMany(fixture.comments);
  await store.predictions.upsertMany(fixture.predictions);
  for (const annotation of fixture.annotations) {
    await store.annotations.upsert(annotation);
  }
}

type Case = { name: string; order: RankOrder; query?: Partial<RankQuery> };

/** The in-memory key of a comment under a store order, or null when it is not eligible. */
function memoryKey(
  order: RankOrder,
  comment: CommentWrite,
  prediction: CommentPredictionRecord | undefined,
  annotation: AnnotationRecord | undefined,
): string | null {
  const uid = `${comment.source_id}.${comment.id}`;
  const teach = { hasSentiment: false, singleLabel: false };
  const byPrediction = (queryOrder: QueryOrder, mode = teach) =>
    predictionOrderKey(queryOrder, prediction, annotation, mode);
  switch (order.kind) {
    case 'recent':
      return `${comment.timestamp.replace(/\d/g, (digit) => String(9 - Number(digit)))}\u0000${comment.id}`;
    case 'uid':
      return '9';
    case 'sample':
      return String(sampleRank(7, uid)).padStart(16, '0');
    case 'by_label':
      return byPrediction({ kind: 'by_label', label: order.label });
    case 'teach':
      return byPrediction(
        { kind: 'learning', label: order.label },
        { hasSentiment: order.target === 0.66, singleLabel: order.target === 'rival' },
      );
    case 'rebalance':
      return byPrediction({ kind: 'learning' });
    case 'any_label_asc':
      return byPrediction({ kind: 'any_label_asc' });
    case 'check':
    case 'missed':
      return byPrediction(
        order.label === undefined ? { kind: order.kind } : { kind: order.kind, label: order.label },
      );
    case 'text_search':
      return null;
  }
}

export const QUERY_CASES: Case[] = [
  { name: 'recent', order: { kind: 'recent' } },
  { name: 'sample', order: { kind: 'sample', offset: sampleOffset(7) } },
  { name: 'by_label without a label', order: { kind: 'uid' } },
  { name: 'by_label', order: { kind: 'by_label', label: 'A' } },
  { name: 'by_label on a child', order: { kind: 'by_label', label: 'A > X' } },
  { name: 'Teach |p − 0.5|', order: { kind: 'teach', label: 'A', target: 0.5 } },
  { name: 'Teach |p − 0.66|', order: { kind: 'teach', label: 'B', target: 0.66 } },
  { name: 'Teach rival', order: { kind: 'teach', label: 'A > X', target: 'rival' } },
  {
    name: 'Teach rival in a named group',
    order: { kind: 'teach', label: 'g2::P', target: 'rival' },
  },
  { name: 'Rebalance', order: { kind: 'rebalance' } },
  { name: 'any_label_asc', order: { kind: 'any_label_asc' } },
  { name: 'check', order: { kind: 'check' } },
  { name: 'check a label', order: { kind: 'check', label: 'B' } },
  { name: 'missed', order: { kind: 'missed' } },
  { name: 'missed a label', order: { kind: 'missed', label: 'C' } },
  {
    name: 'by_label, unreviewed, one source, a time range',
    order: { kind: 'by_label', label: 'C' },
    query: {
      reviewed: 'only_unreviewed',
      sourceIds: [SOURCES[1]!],
      from: '2024-01-03T00:00:00.000000Z',
      to: '2024-01-07T00:00:00.000000Z',
    },
  },
  {
    name: 'recent, reviewed only',
    order: { kind: 'recent' },
    query: { reviewed: 'only_reviewed' },
  },
];

/** The expected uids of a case, from the in-memory keys. */
export function expectedOrder(fixture: QueryFixture, testCase: Case): string[] {
  const query = { sourceIds: SOURCES, ...testCase.query };
  const predictions = new Map(
    fixture.predictions.map((record) => [`${record.source_id}.${record.comment_id}`, record]),
  );
  const annotations = new Map(
    fixture.annotations.map((record) => [`${record.source_id}.${record.comment_id}`, record]),
  );
  const ranked: { key: string; uid: string }[] = [];
  for (const comment of fixture.comments) {
    const uid = `${comment.source_id}.${comment.id}`;
    const annotation = annotations.get(uid);
    const reviewed = annotation?.reviewed === true;
    if (
      !query.sourceIds.includes(comment.source_id) ||
      (query.from !== undefined && comment.timestamp < query.from) ||
      (query.to !== undefined && comment.timestamp > query.to) ||
      (query.reviewed === 'only_reviewed' && !reviewed) ||
      (query.reviewed === 'only_unreviewed' && reviewed)
    ) {
      continue;
    }
    const key = memoryKey(testCase.order, comment, predictions.get(uid), annotation);
    if (key !== null) {
      ranked.push({ key, uid });
    }
  }
  ranked.sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0,
  );
  return ranked.map((entry) => entry.uid);
}

/** Every uid of a ranking, fetched `pageSize` at a time through keyset positions. */
export async function pageThrough(
  store: Store,
  testCase: Case,
  pageSize: number,
): Promise<string[]> {
  const query: RankQuery = {
    datasetId: DATASET,
    sourceIds: SOURCES,
    order: testCase.order,
    ...testCase.query,
  };
  const uids: string[] = [];
  let after: RankedComment | undefined;
  for (let round = 0; round < 100; round += 1) {
    const page = await store.queries.rank({
      ...query,
      ...(after ? { after } : {}),
      limit: pageSize,
    });
    uids.push(...page.map((row) => `${row.source_id}.${row.comment_id}`));
    if (page.length < pageSize) {
      break;
    }
    after = page[page.length - 1];
  }
  expect(await store.queries.count(query)).toBe(uids.length);
  return uids;
}

export { DATASET as QUERY_DATASET, SOURCES as QUERY_SOURCES };
