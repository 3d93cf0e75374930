import type { EntityDef } from '../../contracts/label-defs.js';
import type { AnnotatedComment } from '../../contracts/labellings.js';
import type { QueryDatasetBody } from '../../contracts/query.js';
import { canonicalJson } from '../../lib/json.js';
import { sampleOffset, sampleRank } from '../../lib/order-keys.js';
import type {
  CommentPredictionRecord,
  CommentRecord,
  DatasetRecord,
  RankedComment,
  RankOrder,
  RankQuery,
  Store,
} from '../../store/store.js';
import type { CallContext } from '../context.js';
import { loadTaxonomy, resolveDataset, type DatasetRef } from '../datasets/dataset-access.js';
import { toEntityDefResponse } from '../datasets/dataset-view.js';
import { invalid } from '../errors.js';
import { datasetFields, predictEntities } from '../fields/predicted-entities.js';
import { toAnnotatedComment } from '../labellings/annotated-comment.js';
import { decodeContinuation, encodeContinuation } from '../pagination/continuation-token.js';
import { exceptionsByUid } from '../streams/stream-exceptions.js';
import { toStreamResponse } from '../streams/stream-view.js';

import { compileDatasetFilter, type CompiledDatasetFilter } from './dataset-filter.js';
import { loadDatasetScope, uidOf, type DatasetScope } from './dataset-scope.js';
import { predictionOrderKey, teachMode, type TeachMode } from './prediction-orders.js';
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

/**
 * With filters the store cannot apply (user properties, participants, labels, stream exceptions,
 * attributes), a request looks at no more than this many ranked comments; a page that runs out of them
 * returns what it found with a continuation, so no request's work grows with the dataset.
 */
const SCAN_BUDGET = 8192;
/** Ranked comments fetched per round when a filter is checked per comment. */
const FILTERED_BATCH = 512;

type Ranked = { comment: CommentRecord; key: string; uid: string };
/** `after` is a store keyset position; the in-memory orders keep their string keys. */
type QueryToken = { query: string; after: RankedComment | { key: string; uid: string } };

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
  // The store ranks every order over persisted keys (docs/adr/2026-12-06-store-side-query.md) except
  // semantic search (cosine to a query vector) and thread collapsing (a comment's place depends on its
  // thread's other matches): those keep the in-memory path.
  const inMemory = order.kind === 'semantic_search' || body.collapse_mode === 'thread_id';
  // Every annotation of the dataset is read only when a filter on labels, Teach's mode (single-label
  // group or not) or the in-memory path needs them; otherwise only the page's.
  const allAnnotations =
    inMemory ||
    (order.kind === 'learning' && order.label !== undefined) ||
    body.filter?.annotations?.labels !== undefined ||
    (body.attribute_filters ?? []).some((attribute) => attribute.attribute === 'labels');
  const scope = await loadDatasetScope(context, store, dataset, body.filter ?? {}, allAnnotations);
  const filter = compileDatasetFilter(scope, body.filter ?? {}, body.attribute_filters ?? []);
  const latest = await store.models.latest(dataset.id);
  const teach = teachMode(order, scope.annotations.values(), dataset.has_sentiment);
  let page: Ranked[];
  let next: QueryToken['after'] | undefined;
  let filtered: number | undefined;
  if (inMemory) {
    const ranked = await rankInMemory(
      context,
      dataset,
      scope,
      filter,
      body,
      latest !== null,
      teach,
    );
    filtered = ranked.length;
    const position = after as { key: string; uid: string } | undefined;
    const start =
      position === undefined
        ? 0
        : ranked.findIndex(
            (entry) =>
              entry.key > position.key || (entry.key === position.key && entry.uid > position.uid),
          );
    page = start === -1 ? [] : ranked.slice(start, start + limit);
    const last = page[page.length - 1];
    next =
      start !== -1 && start + limit < ranked.length && last
        ? { key: last.key, uid: last.uid }
        : undefined;
  } else {
    const rankQuery: RankQuery = {
      datasetId: dataset.id,
      sourceIds: filter.sourceIds,
      ...(filter.from === undefined ? {} : { from: filter.from }),
      ...(filter.to === undefined ? {} : { to: filter.to }),
      ...(filter.reviewed === undefined ? {} : { reviewed: filter.reviewed }),
      order: rankOrderOf(order, latest !== null, teach),
    };
    const found = await rankInStore(store, rankQuery, filter, limit, after as RankedComment);
    page = found.page;
    next = found.next;
    if (after === undefined) {
      filtered = await countInStore(store, rankQuery, filter);
    }
  }
  // has_annotations looks at every dataset, not only this one.
  const reviewed = new Set<string>();
  const predictions = new Map<string, CommentPredictionRecord>();
  const annotations = new Map(scope.annotations);
  for (const sourceId of new Set(page.map((entry) => entry.comment.source_id))) {
    const ids = page
      .filter((entry) => entry.comment.source_id === sourceId)
      .map((entry) => entry.comment.id);
    if (!allAnnotations) {
      for (const record of await store.annotations.getForComments(dataset.id, sourceId, ids)) {
        annotations.set(uidOf(record.source_id, record.comment_id), record);
      }
    }
    for (const id of await store.annotations.reviewedCommentIds(sourceId, ids)) {
      reviewed.add(uidOf(sourceId, id));
    }
    if (latest !== null) {
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
  return {
    results: page.map((entry) =>
      toAnnotatedComment(
        context,
        scope.sourceById.get(entry.comment.source_id)!,
        entry.comment,
        annotations.get(entry.uid),
        reviewed.has(entry.uid),
        predictions.get(entry.uid),
        exceptions.get(entry.uid),
        predictions.has(entry.uid)
          ? predictEntities(fields, entry.comment, { now: entry.comment.timestamp })
          : undefined,
      ),
    ),
    ...(next !== undefined
      ? {
          continuation: encodeContinuation(context.tenant.token_secret, 'dataset-query', {
            query: queryIdentity,
            after: next,
          } satisfies QueryToken),
        }
      : {}),
    entity_defs: taxonomy.entity_defs.map(toEntityDefResponse),
    // The dataset's streams, so that `trigger_exceptions` keys resolve (api.md §5.7).
    triggers: streams.map(toStreamResponse),
    ...(filtered !== undefined && after === undefined
      ? { num_results: { filtered, expected: filtered } }
      : {}),
    ...(order.kind === 'sample' ? { seed: order.seed! } : {}),
    ...(order.kind === 'text_search' || order.kind === 'semantic_search'
      ? { query: order.query! }
      : {}),
  };
}

function labelName(label: QueryDatasetBody['order']['label']): string | undefined {
  return Array.isArray(label) ? label.join(' > ') : label;
}

/** The store's ranking for an order (ml.md §6.1); prediction orders are `recent` before a version. */
function rankOrderOf(
  order: QueryDatasetBody['order'],
  hasVersion: boolean,
  teach: TeachMode,
): RankOrder {
  const label = labelName(order.label);
  if (PREDICTION_ORDERS.has(order.kind) && !hasVersion) {
    return { kind: 'recent' };
  }
  switch (order.kind) {
    case 'sample':
      return { kind: 'sample', offset: sampleOffset(order.seed!) };
    case 'text_search':
      return { kind: 'text_search', query: order.query! };
    case 'by_label':
      return label === undefined ? { kind: 'uid' } : { kind: 'by_label', label };
    case 'learning':
      if (label === undefined) {
        return { kind: 'rebalance' };
      }
      return {
        kind: 'teach',
        label,
        target: teach.hasSentiment ? 0.66 : teach.singleLabel ? 'rival' : 0.5,
      };
    case 'any_label_asc':
      return { kind: 'any_label_asc' };
    case 'check':
    case 'missed':
      return label === undefined ? { kind: order.kind } : { kind: order.kind, label };
    case 'diagnostic':
      return { kind: 'rebalance' };
    // The in-memory orders never reach the store; the unsupported ones are refused before.
    case 'recent':
    case 'semantic_search':
    case 'attachment_text_search':
    case 'label_property':
      return { kind: 'recent' };
  }
}

/** The stored comments of ranked positions, by uid (a comment deleted since is absent). */
async function hydrate(
  store: Store,
  rows: readonly RankedComment[],
): Promise<Map<string, CommentRecord>> {
  const bySource = new Map<string, string[]>();
  for (const row of rows) {
    const ids = bySource.get(row.source_id) ?? [];
    ids.push(row.comment_id);
    bySource.set(row.source_id, ids);
  }
  const comments = new Map<string, CommentRecord>();
  for (const [sourceId, ids] of bySource) {
    for (const comment of await store.comments.getMany(sourceId, ids)) {
      comments.set(uidOf(comment.source_id, comment.id), comment);
    }
  }
  return comments;
}

/**
 * One page from the store's ranking. Filters the store cannot express are checked on the ranked
 * comments in batches, within {@link SCAN_BUDGET}; `next` continues after the last comment served, or
 * after the last one looked at when the budget ran out first.
 */
async function rankInStore(
  store: Store,
  query: RankQuery,
  filter: CompiledDatasetFilter,
  limit: number,
  after: RankedComment | undefined,
): Promise<{ page: Ranked[]; next?: RankedComment }> {
  const residual = filter.residual;
  const found: { entry: Ranked; position: RankedComment }[] = [];
  let position = after;
  let scanned = 0;
  for (;;) {
    const want = residual === null ? limit + 1 - found.length : FILTERED_BATCH;
    const rows = await store.queries.rank({
      ...query,
      ...(position === undefined ? {} : { after: position }),
      limit: want,
    });
    const comments = await hydrate(store, rows);
    for (const row of rows) {
      scanned += 1;
      position = row;
      const uid = uidOf(row.source_id, row.comment_id);
      const comment = comments.get(uid);
      if (comment === undefined || (residual !== null && !residual(comment))) {
        continue;
      }
      found.push({ entry: { comment, key: '', uid }, position: row });
      if (found.length > limit) {
        const page = found.slice(0, limit);
        return { page: page.map((item) => item.entry), next: page[limit - 1]!.position };
      }
    }
    if (rows.length < want) {
      return { page: found.map((item) => item.entry) };
    }
    if (scanned >= SCAN_BUDGET) {
      return { page: found.map((item) => item.entry), ...(position ? { next: position } : {}) };
    }
  }
}

/** `num_results.filtered`: a COUNT in the store, or a batched pass when a filter is checked here. */
async function countInStore(
  store: Store,
  query: RankQuery,
  filter: CompiledDatasetFilter,
): Promise<number> {
  const residual = filter.residual;
  if (residual === null) {
    return store.queries.count(query);
  }
  let count = 0;
  let position: RankedComment | undefined;
  for (;;) {
    const rows = await store.queries.rank({
      ...query,
      ...(position === undefined ? {} : { after: position }),
      limit: 2048,
    });
    const comments = await hydrate(store, rows);
    for (const comment of comments.values()) {
      if (residual(comment)) {
        count += 1;
      }
    }
    if (rows.length < 2048) {
      return count;
    }
    position = rows[rows.length - 1];
    // Let other requests run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * The in-memory ranking of semantic search and thread collapsing: every matching comment with a
 * string key that sorts ascending (the orders' keys as before the store ranked them).
 */
async function rankInMemory(
  context: CallContext,
  dataset: DatasetRecord,
  scope: DatasetScope,
  filter: CompiledDatasetFilter,
  body: QueryDatasetBody,
  hasVersion: boolean,
  teach: TeachMode,
): Promise<Ranked[]> {
  const store = context.deps.store;
  const order = body.order;
  const byPrediction = hasVersion && PREDICTION_ORDERS.has(order.kind);
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
      key = String(sampleRank(order.seed!, uid)).padStart(16, '0');
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
  return ranked;
}

/** A key that puts larger relevance first as strings compare (relevance is ≥ 0 on both backends). */
function descendingKey(score: number): string {
  const bounded = Math.min(1e8 - 1, Math.max(0, score));
  return (1e8 - bounded).toFixed(9).padStart(19, '0');
}
