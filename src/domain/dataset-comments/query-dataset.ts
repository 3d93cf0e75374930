import { createHash } from 'node:crypto';

import type { EntityDef } from '../../contracts/label-defs.js';
import type { AnnotatedComment } from '../../contracts/labellings.js';
import type { QueryDatasetBody } from '../../contracts/query.js';
import { canonicalJson } from '../../lib/json.js';
import type { CommentRecord } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { loadTaxonomy, resolveDataset, type DatasetRef } from '../datasets/dataset-access.js';
import { toEntityDefResponse } from '../datasets/dataset-view.js';
import { invalid } from '../errors.js';
import { datasetFields, predictEntities } from '../fields/predicted-entities.js';
import { toAnnotatedComment } from '../labellings/annotated-comment.js';
import { decodeContinuation, encodeContinuation } from '../pagination/continuation-token.js';
import { exceptionsByUid } from '../streams/stream-exceptions.js';
import { toStreamResponse } from '../streams/stream-view.js';

import { compileDatasetFilter } from './dataset-filter.js';
import { loadDatasetScope, uidOf } from './dataset-scope.js';
import { predictionOrderKey, teachMode } from './prediction-orders.js';
import { forEachMatching } from './scan-dataset.js';
import { semanticSearchKeys } from './semantic-search.js';

const DEFAULT_LIMIT = 64;
const MAX_LIMIT = 1024;

// ml.md §6: these orders rank by the newest model version's predictions; before a version exists they
// behave as `recent` (api.md §6.7).
const PREDICTION_ORDERS = new Set([
  'by_label',
  'learning',
  'any_label_asc',
  'check',
  'missed',
  'diagnostic',
]);

type Ranked = { comment: CommentRecord; key: string; uid: string };
type QueryToken = { query: string; after: { key: string; uid: string } };

/** ml.md §6.2: the first 8 bytes of SHA-256("<seed>:<uid>") as 16 hex digits, ascending. */
export function sampleKey(seed: number, uid: string): string {
  return createHash('sha256').update(`${seed}:${uid}`, 'utf8').digest('hex').slice(0, 16);
}

/** A key that sorts ascending in `recent` order: timestamp descending, then id (ml.md §6.1). */
function recentKey(comment: CommentRecord): string {
  // Fixed-width canonical timestamps: complementing each digit reverses their order.
  return comment.timestamp.replace(/\d/g, (digit) => String(9 - Number(digit)));
}

export type QueryResult = {
  results: AnnotatedComment[];
  continuation?: string;
  entity_defs: EntityDef[];
  triggers: unknown[];
  num_results?: { filtered: number; expected: number };
  seed?: number;
};

/** `POST …/query` (api.md §6.7) for the orders that need no search index. */
export async function queryDataset(
  context: CallContext,
  ref: DatasetRef,
  body: QueryDatasetBody,
  overrides: { limit?: number; continuation?: string },
): Promise<QueryResult> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  const order = body.order;
  if (order.kind === 'sample' && order.seed === undefined) {
    throw invalid("order.seed is required for order 'sample'");
  }
  if (order.kind === 'text_search' && !/[\p{L}\p{N}]/u.test(order.query ?? '')) {
    throw invalid("order.query must contain a word for order 'text_search'");
  }
  if (
    !['recent', 'sample', 'text_search', 'semantic_search', ...PREDICTION_ORDERS].includes(
      order.kind,
    )
  ) {
    throw invalid(`unsupported order '${order.kind}'`);
  }
  const limit = overrides.limit ?? body.limit ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) {
    throw invalid(`limit must be between 1 and ${MAX_LIMIT} (got ${limit})`);
  }
  const queryIdentity = canonicalJson({
    dataset: dataset.id,
    order,
    filter: body.filter ?? {},
    attribute_filters: body.attribute_filters ?? [],
    collapse_mode: body.collapse_mode ?? 'none',
  });
  const continuation = overrides.continuation ?? body.continuation ?? undefined;
  let after: QueryToken['after'] | undefined;
  if (continuation) {
    const token = decodeContinuation(
      context.tenant.token_secret,
      'dataset-query',
      continuation,
    ) as QueryToken;
    if (token.query !== queryIdentity) {
      throw invalid('The query differs from the one bound in the continuation token');
    }
    after = token.after;
  }
  const scope = await loadDatasetScope(context, store, dataset, body.filter ?? {});
  const filter = compileDatasetFilter(scope, body.filter ?? {}, body.attribute_filters ?? []);
  // The newest version's stored predictions rank the prediction orders (all of them are needed then)
  // and annotate every result (only the page's are needed otherwise).
  const latest = await store.models.latest(dataset.id);
  const byPrediction = latest !== null && PREDICTION_ORDERS.has(order.kind);
  const predictions = new Map(
    byPrediction
      ? (await store.predictions.listForDataset(dataset.id)).map((record) => [
          uidOf(record.source_id, record.comment_id),
          record,
        ])
      : [],
  );
  // ml.md §6.1 `text_search`: only matching comments, relevance descending.
  const relevance =
    order.kind === 'text_search'
      ? await store.comments.textSearch(filter.sourceIds, order.query!)
      : null;
  const teach = teachMode(order, scope.annotations.values(), dataset.has_sentiment);
  let ranked: Ranked[] = [];
  await forEachMatching(store, filter, (comment) => {
    const uid = uidOf(comment.source_id, comment.id);
    let key: string;
    if (relevance !== null) {
      const score = relevance.get(comment.seq);
      if (score === undefined) {
        return;
      }
      key = descendingKey(score);
    } else if (order.kind === 'sample') {
      key = sampleKey(order.seed!, uid);
    } else if (byPrediction) {
      const ranking = predictionOrderKey(
        order,
        predictions.get(uid),
        scope.annotations.get(uid),
        teach,
      );
      if (ranking === null) {
        return;
      }
      key = ranking;
    } else {
      key = `${recentKey(comment)}\u0000${comment.id}`;
    }
    ranked.push({ comment, key, uid });
  });
  if (order.kind === 'semantic_search') {
    const keys = await semanticSearchKeys(
      context,
      dataset,
      ranked.map((entry) => entry.comment),
      order.query,
    );
    ranked = ranked.flatMap((entry) => {
      const key = keys.get(entry.uid);
      return key === undefined ? [] : [{ ...entry, key }];
    });
  }
  ranked.sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0,
  );
  if (body.collapse_mode === 'thread_id') {
    // At most one comment per thread: the most recent matching one, at that comment's place.
    const newest = new Map<string, Ranked>();
    for (const entry of ranked) {
      const thread = entry.comment.thread_id;
      if (thread === null) {
        continue;
      }
      const key = `${entry.comment.source_id}\u0000${thread}`;
      const seen = newest.get(key);
      if (!seen || entry.comment.timestamp > seen.comment.timestamp) {
        newest.set(key, entry);
      }
    }
    const keep = new Set(newest.values());
    ranked = ranked.filter((entry) => entry.comment.thread_id === null || keep.has(entry));
  }
  const filtered = ranked.length;
  const start =
    after === undefined
      ? 0
      : ranked.findIndex(
          (entry) => entry.key > after.key || (entry.key === after.key && entry.uid > after.uid),
        );
  const page = start === -1 ? [] : ranked.slice(start, start + limit);
  const hasMore = start !== -1 && start + limit < ranked.length;
  // has_annotations looks at every dataset, not only this one.
  const reviewed = new Set<string>();
  for (const sourceId of new Set(page.map((entry) => entry.comment.source_id))) {
    const ids = page
      .filter((entry) => entry.comment.source_id === sourceId)
      .map((entry) => entry.comment.id);
    for (const id of await store.annotations.reviewedCommentIds(sourceId, ids)) {
      reviewed.add(uidOf(sourceId, id));
    }
  }
  if (latest !== null && !byPrediction) {
    for (const sourceId of new Set(page.map((entry) => entry.comment.source_id))) {
      const ids = page
        .filter((entry) => entry.comment.source_id === sourceId)
        .map((entry) => entry.comment.id);
      for (const record of await store.predictions.getForComments(dataset.id, sourceId, ids)) {
        predictions.set(uidOf(record.source_id, record.comment_id), record);
      }
    }
  }
  const streams = await store.streams.list(dataset.id);
  const exceptions = await exceptionsByUid(
    store,
    streams.map((stream) => stream.id),
    page.map((entry) => entry.comment),
  );
  const taxonomy = await loadTaxonomy(store, dataset.id);
  const fields = await datasetFields(dataset, taxonomy);
  const last = page[page.length - 1];
  return {
    results: page.map((entry) =>
      toAnnotatedComment(
        context,
        scope.sourceById.get(entry.comment.source_id)!,
        entry.comment,
        scope.annotations.get(entry.uid),
        reviewed.has(entry.uid),
        predictions.get(entry.uid),
        exceptions.get(entry.uid),
        predictions.has(entry.uid)
          ? predictEntities(fields, entry.comment, { now: entry.comment.timestamp })
          : undefined,
      ),
    ),
    ...(hasMore && last
      ? {
          continuation: encodeContinuation(context.tenant.token_secret, 'dataset-query', {
            query: queryIdentity,
            after: { key: last.key, uid: last.uid },
          } satisfies QueryToken),
        }
      : {}),
    entity_defs: taxonomy.entity_defs.map(toEntityDefResponse),
    // The dataset's streams, so that `trigger_exceptions` keys resolve (api.md §5.7).
    triggers: streams.map(toStreamResponse),
    ...(after === undefined ? { num_results: { filtered, expected: filtered } } : {}),
    ...(order.kind === 'sample' ? { seed: order.seed! } : {}),
    ...(order.kind === 'text_search' || order.kind === 'semantic_search'
      ? { query: order.query! }
      : {}),
  };
}

/** A key that puts larger relevance first as strings compare (relevance is ≥ 0 on both backends). */
function descendingKey(score: number): string {
  const bounded = Math.min(1e8 - 1, Math.max(0, score));
  return (1e8 - bounded).toFixed(9).padStart(19, '0');
}
