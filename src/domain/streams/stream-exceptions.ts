import type { CommentFilter } from '../../contracts/comment-filter.js';
import type { DatasetRecord, Store } from '../../store/store.js';
import { invalid } from '../errors.js';

// api.md §5.11.2 "Exceptions": the lookups that filters (§4.11 `trigger_exceptions`) and annotated
// comments (`trigger_exceptions: {"<stream id>": {type}}`) need. Kept free of the stream routes so that
// dataset reads and labellings can use it without depending on them.

/** Exception types by comment uid, per stream id named in the filter. */
export type ExceptionLookup = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Every stream named in `filter.trigger_exceptions` must be a stream of this dataset. */
export async function checkExceptionFilter(
  store: Store,
  dataset: DatasetRecord,
  filter: CommentFilter,
  path: string,
): Promise<void> {
  const named = Object.keys(filter.trigger_exceptions ?? {});
  if (named.length === 0) {
    return;
  }
  const ids = new Set((await store.streams.list(dataset.id)).map((stream) => stream.id));
  const unknown = named.find((id) => !ids.has(id));
  if (unknown !== undefined) {
    throw invalid(`${path}.trigger_exceptions: unknown stream '${unknown}'`);
  }
}

/** The exceptions of the streams a filter names (empty when it names none). */
export async function exceptionLookup(
  store: Store,
  dataset: DatasetRecord,
  filter: CommentFilter,
): Promise<ExceptionLookup> {
  await checkExceptionFilter(store, dataset, filter, 'filter');
  const lookup = new Map<string, Map<string, string>>();
  for (const streamId of Object.keys(filter.trigger_exceptions ?? {})) {
    const byUid = new Map<string, string>();
    for (const record of await store.streams.listExceptions(streamId)) {
      byUid.set(`${record.source_id}.${record.comment_id}`, record.type);
    }
    lookup.set(streamId, byUid);
  }
  return lookup;
}

/** `trigger_exceptions` of these comments for these streams (a dataset's), keyed by uid then stream id. */
export async function exceptionsByUid(
  store: Store,
  streamIds: readonly string[],
  comments: readonly { source_id: string; id: string }[],
): Promise<Map<string, Record<string, { type: string }>>> {
  const found = new Map<string, Record<string, { type: string }>>();
  if (streamIds.length === 0 || comments.length === 0) {
    return found;
  }
  const bySource = new Map<string, string[]>();
  for (const comment of comments) {
    bySource.set(comment.source_id, [...(bySource.get(comment.source_id) ?? []), comment.id]);
  }
  for (const [sourceId, ids] of bySource) {
    for (const record of await store.streams.exceptionsFor(streamIds, sourceId, ids)) {
      const uid = `${record.source_id}.${record.comment_id}`;
      found.set(uid, { ...found.get(uid), [record.stream_id]: { type: record.type } });
    }
  }
  return found;
}
