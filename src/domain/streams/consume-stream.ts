import type {
  StreamFetchBody,
  StreamFetchResponse,
  StreamResultsQuery,
  StreamResultsResponse,
  Stream,
} from '../../contracts/streams.js';
import { DEFAULT_STREAM_FILTERED, DEFAULT_STREAM_RESULTS } from '../../contracts/streams.js';
import { parseTimestamp } from '../../lib/timestamps.js';
import { EmbedderUnavailableError, LABEL_SEPARATOR } from '../../ml/index.js';
import type { CommentRecord, DatasetRecord, Store, StreamRecord } from '../../store/store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { hiddenPropertiesFor, toCommentResponse } from '../comments/comment-view.js';
import type { CallContext } from '../context.js';
import { compileDatasetFilter } from '../dataset-comments/dataset-filter.js';
import { loadDatasetScope, type DatasetScope } from '../dataset-comments/dataset-scope.js';
import { loadTaxonomy } from '../datasets/dataset-access.js';
import { AppError, invalid } from '../errors.js';
import { entitiesOfComments, toResultGeneralField } from '../fields/predicted-entities.js';
import { prepareComment } from '../models/comment-features.js';
import { loadPredictor, type LabelPrediction } from '../models/version-predictor.js';
import { now } from '../time.js';

import { resolveStream, type StreamRef } from './manage-streams.js';
import { streamToken, tokenPosition } from './stream-tokens.js';
import { toStreamResponse } from './stream-view.js';

// api.md §5.11.1: the cursor. Reads walk the candidates after the position and never move it; advance
// raises it with one conditional UPDATE (the compare-and-set that keeps concurrent consumers honest);
// reset sets it from a creation time.

const SCAN_PAGE = 512;
const AUTO_THRESHOLDS = ['high_recall', 'balanced', 'high_precision'] as const;

type Batch = {
  comments: CommentRecord[];
  filtered: number;
  /** Position of the last scanned comment (results and skipped ones). */
  lastScanned: number;
  end: boolean;
};

/** Walks the candidates from the stream's position (api.md §5.11.1 "Scan"). */
async function readBatch(
  store: Store,
  stream: StreamRecord,
  scope: DatasetScope,
  size: number,
  maxFiltered: number,
): Promise<Batch> {
  const filter = compileDatasetFilter(scope, stream.comment_filter);
  const allowedSources = new Set(filter.sourceIds);
  const matches = (comment: CommentRecord) =>
    allowedSources.has(comment.source_id) &&
    (filter.from === undefined || comment.timestamp >= filter.from) &&
    (filter.to === undefined || comment.timestamp <= filter.to) &&
    filter.matches(comment);
  const sourceIds = scope.sources.map((source) => source.id);
  const batch: Batch = { comments: [], filtered: 0, lastScanned: stream.position, end: false };
  for (;;) {
    const page = await store.comments.scan({
      sourceIds,
      afterSeq: batch.lastScanned,
      limit: SCAN_PAGE,
    });
    for (const comment of page) {
      batch.lastScanned = comment.seq;
      if (matches(comment)) {
        batch.comments.push(comment);
        if (batch.comments.length >= size) {
          break;
        }
      } else {
        batch.filtered += 1;
        if (batch.filtered >= maxFiltered) {
          break;
        }
      }
    }
    if (batch.comments.length >= size || batch.filtered >= maxFiltered) {
      const next = await store.comments.scan({
        sourceIds,
        afterSeq: batch.lastScanned,
        limit: 1,
      });
      batch.end = next.length === 0;
      return batch;
    }
    if (page.length < SCAN_PAGE) {
      batch.end = true;
      return batch;
    }
  }
}

/** Every modelled label's prediction for the batch from the stream's pinned version. */
async function predictBatch(
  context: CallContext,
  store: Store,
  dataset: DatasetRecord,
  stream: StreamRecord,
  comments: readonly CommentRecord[],
): Promise<LabelPrediction[][] | null> {
  if (stream.model === null || comments.length === 0) {
    return stream.model === null ? null : [];
  }
  const predictor = await loadPredictor(store, dataset.id, stream.model.version);
  if (!predictor) {
    throw new AppError(
      'unavailable',
      `Model version ${stream.model.version} of stream '${stream.name}' no longer exists`,
    );
  }
  try {
    return await predictor.predict(
      store,
      context.deps.models,
      comments.map(prepareComment),
      now(context.deps),
      { persist: true },
    );
  } catch (error) {
    if (error instanceof EmbedderUnavailableError) {
      throw new AppError('embedder_unavailable', error.message, { cause: error });
    }
    throw error;
  }
}

function streamThresholds(stream: StreamRecord): Map<string, number> {
  return new Map(
    (stream.model?.label_thresholds ?? []).map((item) => [
      item.name.join(LABEL_SEPARATOR),
      item.threshold,
    ]),
  );
}

async function openBatch(context: CallContext, ref: StreamRef, size: number, maxFiltered: number) {
  const store = context.deps.store;
  const { dataset, stream } = await resolveStream(context, store, ref, [
    'triggers-consume',
    'voc-readonly',
    'sources-read',
  ]);
  const scope = await loadDatasetScope(context, store, dataset, stream.comment_filter);
  const batch = await readBatch(store, stream, scope, size, maxFiltered);
  const predictions = await predictBatch(context, store, dataset, stream, batch.comments);
  const entities =
    predictions === null
      ? null
      : await entitiesOfComments(store, dataset, batch.comments, context.deps.log);
  const view = (comment: CommentRecord) =>
    toCommentResponse(comment, {
      includeMarkup: true,
      hiddenProperties: hiddenPropertiesFor(context, scope.sourceById.get(comment.source_id)!),
      hasAnnotations:
        scope.annotations.get(`${comment.source_id}.${comment.id}`)?.reviewed ?? false,
    });
  return { store, dataset, stream, batch, predictions, entities, view };
}

/** `POST …/streams/<st>/fetch` (legacy response). */
export async function fetchStream(
  context: CallContext,
  ref: StreamRef,
  body: StreamFetchBody,
): Promise<Omit<StreamFetchResponse, 'status'>> {
  const { stream, batch, predictions, entities, view } = await openBatch(
    context,
    ref,
    body.size,
    body.max_filtered ?? DEFAULT_STREAM_FILTERED,
  );
  const thresholds = streamThresholds(stream);
  return {
    results: batch.comments.map((comment, index) => ({
      comment: view(comment),
      sequence_id: streamToken(context, stream.id, comment.seq),
      labels:
        predictions === null
          ? null
          : predictions[index]!.filter((label) =>
              thresholds.size === 0
                ? true
                : thresholds.has(label.name) && label.probability >= thresholds.get(label.name)!,
            ).map((label) => ({
              name: label.name.split(LABEL_SEPARATOR),
              probability: label.probability,
            })),
      entities: entities === null ? null : entities[index]!,
    })),
    filtered: batch.filtered,
    sequence_id: streamToken(context, stream.id, batch.lastScanned),
    is_end_sequence: batch.end,
  };
}

/** `GET …/streams/<st>/results` (the automation format). */
export async function streamResults(
  context: CallContext,
  ref: StreamRef,
  query: StreamResultsQuery,
): Promise<Omit<StreamResultsResponse, 'status'>> {
  const { store, dataset, stream, batch, predictions, entities, view } = await openBatch(
    context,
    ref,
    query.max_results ?? DEFAULT_STREAM_RESULTS,
    query.max_filtered ?? DEFAULT_STREAM_FILTERED,
  );
  const thresholds = streamThresholds(stream);
  const taxonomy = stream.model === null ? null : await loadTaxonomy(store, dataset.id);
  return {
    results: batch.comments.map((comment, index) => ({
      comment: view(comment),
      ...(predictions === null
        ? {}
        : {
            prediction: predictionOf(
              predictions[index]!,
              thresholds,
              (entities?.[index] ?? []).map(toResultGeneralField),
            ),
          }),
      continuation: streamToken(context, stream.id, comment.seq),
    })),
    num_filtered: batch.filtered,
    more_results: !batch.end,
    continuation: streamToken(context, stream.id, batch.lastScanned),
    model:
      taxonomy === null
        ? null
        : {
            definition: {
              taxonomies: taxonomy.label_groups.map((group) => ({
                name: group.name,
                instructions: group.instructions,
                labels: group.label_defs.map((def) => ({
                  name: def.name,
                  ...(def.instructions === '' ? {} : { instructions: def.instructions }),
                  fields: [],
                })),
              })),
              general_fields: [],
              field_types: [],
            },
          },
  };
}

/** A label appears when it clears at least one threshold: the stream's own or the suggested three. */
function predictionOf(
  labels: readonly LabelPrediction[],
  thresholds: ReadonlyMap<string, number>,
  generalFields: ReturnType<typeof toResultGeneralField>[],
) {
  const byGroup = new Map<string, ReturnType<typeof resultLabel>[]>();
  for (const label of labels) {
    const own = thresholds.get(label.name);
    const cleared = [
      ...(own !== undefined && label.probability >= own ? ['stream'] : []),
      ...AUTO_THRESHOLDS.filter(
        (_, index) => label.thresholds !== null && label.probability >= label.thresholds[index]!,
      ),
    ];
    if (cleared.length > 0) {
      byGroup.set(label.group, [...(byGroup.get(label.group) ?? []), resultLabel(label, cleared)]);
    }
  }
  // General fields belong to no label group: they are reported with the `default` taxonomy.
  if (generalFields.length > 0 && !byGroup.has('default')) {
    byGroup.set('default', []);
  }
  return {
    taxonomies: [...byGroup].map(([name, groupLabels]) => ({
      name,
      labels: groupLabels,
      general_fields: name === 'default' ? generalFields : [],
    })),
    scores: [],
  };
}

function resultLabel(label: LabelPrediction, thresholds: string[]) {
  return {
    name: label.name,
    occurrence_confidence: { value: label.probability, thresholds },
    extraction_confidence: { value: 1, thresholds: [] },
    fields: [],
  };
}

/** `POST …/streams/<st>/advance`: P := max(P, token position). */
export async function advanceStream(
  context: CallContext,
  ref: StreamRef,
  body: { sequence_id?: string | undefined; continuation?: string | undefined },
): Promise<{ sequence_id: string }> {
  const token = body.sequence_id ?? body.continuation;
  if (token === undefined) {
    throw invalid('sequence_id is required');
  }
  const store = context.deps.store;
  const { stream } = await resolveStream(context, store, ref, ['triggers-consume', 'voc-readonly']);
  const position = tokenPosition(context, stream.id, token);
  const after = await store.streams.advance(stream.id, position, now(context.deps));
  return { sequence_id: streamToken(context, stream.id, after ?? position) };
}

/** `POST …/streams/<st>/reset`: just before the first comment created at or after the time. */
export async function resetStream(
  context: CallContext,
  ref: StreamRef,
  body: { to_comment_created_at: string },
): Promise<{ sequence_id: string; stream: Stream }> {
  const parsed = parseTimestamp(body.to_comment_created_at);
  if (!parsed.ok) {
    throw invalid(`to_comment_created_at: ${parsed.error}`);
  }
  return context.deps.store.transaction(async (store) => {
    const { dataset, stream } = await resolveStream(context, store, ref, [
      'triggers-consume',
      'voc-readonly',
    ]);
    const position = await store.comments.maxSeq(parsed.value);
    const at = now(context.deps);
    await store.streams.setPosition(stream.id, position, at);
    await recordAuditEvent(store, context, 'reset_stream', {
      datasets: [dataset],
      streams: [stream],
    });
    return {
      sequence_id: streamToken(context, stream.id, position),
      stream: toStreamResponse({ ...stream, position, updated_at: at }),
    };
  });
}
