import type { EntityDef } from '../../contracts/label-defs.js';
import type { AnnotatedComment } from '../../contracts/labellings.js';
import { HEX16 } from '../../lib/ids.js';
import type { CommentRecord } from '../../store/store.js';
import type { CallContext } from '../context.js';
import {
  fullName,
  loadTaxonomy,
  resolveDataset,
  type DatasetRef,
} from '../datasets/dataset-access.js';
import { toEntityDefResponse } from '../datasets/dataset-view.js';
import { invalid, notFound } from '../errors.js';
import { decodeContinuation, encodeContinuation } from '../pagination/continuation-token.js';
import { hasProjectPermission } from '../permissions/principal.js';
import { exceptionsByUid } from '../streams/stream-exceptions.js';
import { toStreamResponse } from '../streams/stream-view.js';

import { toAnnotatedComment } from './annotated-comment.js';
import { commentOfDataset } from './update-labelling.js';

const MAX_UIDS = 1024;
const DEFAULT_PAGE = 128;
const MAX_PAGE = 1024;

export type LabellingsQuery = {
  id?: string[];
  ids?: string[];
  allow_missing?: boolean;
  source_id?: string;
  after?: string;
  limit?: number;
};

type BulkToken = {
  dataset_id: string;
  source_id: string;
  after: { timestamp: string; id: string };
};

/** `GET …/labellings` (api.md §5.8.1): by uid in request order, or a source's reviewed comments in pages. */
export async function getLabellings(
  context: CallContext,
  ref: DatasetRef,
  query: LabellingsQuery,
): Promise<{
  results: AnnotatedComment[];
  entity_defs: EntityDef[];
  triggers?: unknown[];
  after?: string;
}> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'voc-readonly');
  const taxonomy = await loadTaxonomy(store, dataset.id);
  const entityDefs = taxonomy.entity_defs.map(toEntityDefResponse);
  const uids = [
    ...(query.id ?? []),
    ...(query.ids ?? []).flatMap((list) => list.split(',')).filter((uid) => uid !== ''),
  ];
  if (uids.length > 0) {
    if (uids.length > MAX_UIDS) {
      throw invalid(`at most ${MAX_UIDS} comment uids per request (got ${uids.length})`);
    }
    const found: NonNullable<Awaited<ReturnType<typeof commentOfDataset>>>[] = [];
    for (const uid of uids) {
      const comment = await commentOfDataset(context, store, dataset, uid);
      if (comment) {
        found.push(comment);
      } else if (!query.allow_missing) {
        throw notFound(`Comment '${uid}' not found in dataset '${fullName(dataset)}'`);
      }
    }
    // The dataset's streams, so that `trigger_exceptions` keys resolve (api.md §5.7).
    const streams = await store.streams.list(dataset.id);
    const exceptions = await exceptionsByUid(
      store,
      streams.map((stream) => stream.id),
      found.map((item) => item.comment),
    );
    const results: AnnotatedComment[] = [];
    for (const { source, comment } of found) {
      const [annotation] = await store.annotations.getForComments(dataset.id, source.id, [
        comment.id,
      ]);
      const reviewed = await store.annotations.reviewedCommentIds(source.id, [comment.id]);
      results.push(
        toAnnotatedComment(
          context,
          source,
          comment,
          annotation,
          reviewed.has(comment.id),
          undefined,
          exceptions.get(`${comment.source_id}.${comment.id}`),
        ),
      );
    }
    const triggers = streams.map(toStreamResponse);
    return { results, entity_defs: entityDefs, triggers };
  }
  if (query.source_id === undefined) {
    throw invalid('give comment uids (id, ids) or a source_id');
  }
  return bulkPage(context, dataset, query, entityDefs);
}

async function bulkPage(
  context: CallContext,
  dataset: Awaited<ReturnType<typeof resolveDataset>>,
  query: LabellingsQuery,
  entityDefs: EntityDef[],
): Promise<{ results: AnnotatedComment[]; entity_defs: EntityDef[]; after?: string }> {
  const store = context.deps.store;
  const sourceId = query.source_id!;
  const limit = query.limit ?? DEFAULT_PAGE;
  if (limit < 1 || limit > MAX_PAGE) {
    throw invalid(`limit must be between 1 and ${MAX_PAGE} (got ${limit})`);
  }
  const source =
    HEX16.test(sourceId) && dataset.source_ids.includes(sourceId)
      ? await store.sources.getById(sourceId)
      : null;
  if (!source || !hasProjectPermission(context.principal, source.owner, 'sources-read')) {
    throw notFound(`Source 'id:${sourceId}' not found in dataset '${fullName(dataset)}'`);
  }
  let after: BulkToken['after'] | undefined;
  if (query.after !== undefined) {
    const token = decodeContinuation(
      context.tenant.token_secret,
      'labellings',
      query.after,
    ) as BulkToken;
    if (token.dataset_id !== dataset.id || token.source_id !== sourceId) {
      throw invalid('Invalid continuation token: it belongs to another dataset or source');
    }
    after = token.after;
  }
  // api.md §9 #35: reviewed comments of the source in (timestamp, id) order.
  const reviewed = (await store.annotations.listForDataset(dataset.id, [sourceId])).filter(
    (record) => record.reviewed,
  );
  const byId = new Map(reviewed.map((record) => [record.comment_id, record]));
  const comments: CommentRecord[] = (await store.comments.getMany(sourceId, [...byId.keys()]))
    .filter(
      (comment) =>
        after === undefined ||
        comment.timestamp > after.timestamp ||
        (comment.timestamp === after.timestamp && comment.id > after.id),
    )
    .sort((a, b) =>
      a.timestamp < b.timestamp
        ? -1
        : a.timestamp > b.timestamp
          ? 1
          : a.id < b.id
            ? -1
            : a.id > b.id
              ? 1
              : 0,
    )
    .slice(0, limit);
  const streamIds = (await context.deps.store.streams.list(dataset.id)).map((stream) => stream.id);
  const exceptions = await exceptionsByUid(context.deps.store, streamIds, comments);
  const results = comments.map((comment) =>
    toAnnotatedComment(
      context,
      source,
      comment,
      byId.get(comment.id),
      true,
      undefined,
      exceptions.get(`${comment.source_id}.${comment.id}`),
    ),
  );
  const last = comments[comments.length - 1];
  return {
    results,
    entity_defs: entityDefs,
    ...(last
      ? {
          after: encodeContinuation(context.tenant.token_secret, 'labellings', {
            dataset_id: dataset.id,
            source_id: sourceId,
            after: { timestamp: last.timestamp, id: last.id },
          } satisfies BulkToken),
        }
      : {}),
  };
}
