import type { ExportDatasetBody, ExportedComment } from '../../contracts/export.js';
import { parseTimestamp } from '../../lib/timestamps.js';
import type { AnnotationRecord, CommentRecord } from '../../store/store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { hiddenPropertiesFor, toCommentResponse } from '../comments/comment-view.js';
import { groupThreads, threadProperties } from '../comments/thread-properties.js';
import type { CallContext } from '../context.js';
import { resolveDataset, type DatasetRef } from '../datasets/dataset-access.js';
import { invalid, notFound } from '../errors.js';
import { decodeContinuation, encodeContinuation } from '../pagination/continuation-token.js';

import { loadDatasetScope, uidOf, type DatasetScope } from './dataset-scope.js';

const DEFAULT_LIMIT = 128;
const MAX_LIMIT = 1024;

type ExportToken = {
  dataset_id: string;
  order_by: 'timestamp' | 'created_at';
  source_ids: string[];
  from: string | null;
  to: string | null;
  after: { key: string; source_id: string; id: string };
};

function bound(path: string, value: string | undefined): string | null {
  if (value === undefined) {
    return null;
  }
  const parsed = parseTimestamp(value, { allowDateOnly: true });
  if (!parsed.ok) {
    throw invalid(`${path}: ${parsed.error}`);
  }
  return parsed.value;
}

function splitUid(uid: string): { sourceId: string; commentId: string } {
  const dot = uid.indexOf('.');
  if (dot <= 0 || dot === uid.length - 1) {
    throw invalid(`comment_uids: '${uid}' is not a comment uid (<source_id>.<comment_id>)`);
  }
  return { sourceId: uid.slice(0, dot), commentId: uid.slice(dot + 1) };
}

function exportAnnotations(
  annotation: AnnotationRecord | undefined,
): ExportedComment['annotations'] {
  // api.md §5.14: labels of group `default`; other groups are Tier 3.
  const labelling = annotation?.labelling.find((group) => group.group === 'default');
  return {
    labels: {
      assigned: (labelling?.assigned ?? []).map((label) => ({ ...label })),
      dismissed: (labelling?.dismissed ?? []).map((label) => ({ ...label })),
    },
    entities: {
      assigned: annotation?.entities?.assigned ?? [],
      dismissed: annotation?.entities?.dismissed ?? [],
    },
  };
}

async function toExported(
  context: CallContext,
  scope: DatasetScope,
  records: CommentRecord[],
): Promise<ExportedComment[]> {
  const store = context.deps.store;
  const threads = new Map<string, CommentRecord[]>();
  const bySource = new Map<string, string[]>();
  for (const record of records) {
    if (record.thread_id !== null) {
      bySource.set(record.source_id, [...(bySource.get(record.source_id) ?? []), record.thread_id]);
    }
  }
  for (const [sourceId, threadIds] of bySource) {
    for (const [threadId, members] of groupThreads(
      await store.comments.listThreads(sourceId, threadIds),
    )) {
      threads.set(`${sourceId}\u0000${threadId}`, members);
    }
  }
  return records.map((record) => {
    const source = scope.sourceById.get(record.source_id)!;
    const annotation = scope.annotations.get(uidOf(record.source_id, record.id));
    const members =
      record.thread_id === null
        ? undefined
        : threads.get(`${record.source_id}\u0000${record.thread_id}`);
    return {
      comment: toCommentResponse(record, {
        includeMarkup: true,
        hiddenProperties: hiddenPropertiesFor(context, source),
        hasAnnotations: annotation?.reviewed ?? false,
      }),
      annotations: exportAnnotations(annotation),
      // Predictions come from the newest model version; a dataset without one has none.
      predictions: { labels: [] },
      ...(members ? { thread_properties: threadProperties(members, record) } : {}),
    };
  });
}

/** `POST …/export` (api.md §5.14): all comments matching the selectors, annotated or not, keyset-paged. */
export async function exportDataset(
  context: CallContext,
  ref: DatasetRef,
  body: ExportDatasetBody,
): Promise<{ comments: ExportedComment[]; continuation?: string }> {
  const store = context.deps.store;
  const dataset = await resolveDataset(context, store, ref, 'datasets-export');
  const scope = await loadDatasetScope(context, store, dataset);
  const limit = body.limit ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) {
    throw invalid(`limit must be between 1 and ${MAX_LIMIT} (got ${limit})`);
  }
  let result: { comments: ExportedComment[]; continuation?: string };
  if (body.comment_uids !== undefined) {
    const records: CommentRecord[] = [];
    for (const uid of body.comment_uids) {
      const { sourceId, commentId } = splitUid(uid);
      const record = scope.sourceById.has(sourceId)
        ? await store.comments.get(sourceId, commentId)
        : null;
      if (!record) {
        throw notFound(`Comment '${uid}' not found in dataset '${dataset.owner}/${dataset.name}'`);
      }
      records.push(record);
    }
    result = { comments: await toExported(context, scope, records) };
  } else {
    result = await exportPage(context, scope, body, limit);
  }
  await recordAuditEvent(store, context, 'export_dataset', { datasets: [dataset] });
  return result;
}

async function exportPage(
  context: CallContext,
  scope: DatasetScope,
  body: ExportDatasetBody,
  limit: number,
): Promise<{ comments: ExportedComment[]; continuation?: string }> {
  const secret = context.tenant.token_secret;
  const readable = scope.sources.map((source) => source.id);
  let token: Omit<ExportToken, 'after'> & { after?: ExportToken['after'] } = {
    dataset_id: scope.dataset.id,
    order_by: body.order_by ?? 'timestamp',
    source_ids: body.source_ids ? readable.filter((id) => body.source_ids!.includes(id)) : readable,
    from: bound('from', body.from),
    to: bound('to', body.to),
  };
  if (body.continuation) {
    const stored = decodeContinuation(secret, 'export', body.continuation) as ExportToken;
    if (stored.dataset_id !== scope.dataset.id) {
      throw invalid('Invalid continuation token: it belongs to another dataset');
    }
    if (
      (body.order_by !== undefined && body.order_by !== stored.order_by) ||
      (token.from !== null && token.from !== stored.from) ||
      (token.to !== null && token.to !== stored.to)
    ) {
      throw invalid('Request fields conflict with those bound in the continuation token');
    }
    token = stored;
  }
  const records = await context.deps.store.comments.page({
    sourceIds: token.source_ids.filter((id) => scope.sourceById.has(id)),
    orderBy: token.order_by,
    ...(token.from === null ? {} : { from: token.from }),
    ...(token.to === null ? {} : { to: token.to }),
    ...(token.after === undefined ? {} : { after: token.after }),
    limit: limit + 1,
  });
  const page = records.slice(0, limit);
  const last = page[page.length - 1];
  const comments = await toExported(context, scope, page);
  if (records.length <= limit || !last) {
    return { comments };
  }
  const next: ExportToken = {
    ...token,
    after: {
      key: token.order_by === 'timestamp' ? last.timestamp : last.created_at,
      source_id: last.source_id,
      id: last.id,
    },
  };
  return { comments, continuation: encodeContinuation(secret, 'export', next) };
}
