import type { CommentFilter } from '../../contracts/comment-filter.js';
import type { AnnotationRecord, DatasetRecord, SourceRecord, Store } from '../../store/store.js';
import { requireReadableProperties } from '../comments/comment-view.js';
import type { CallContext } from '../context.js';
import { hasProjectPermission } from '../permissions/principal.js';
import { exceptionLookup, type ExceptionLookup } from '../streams/stream-exceptions.js';

/** What a dataset route may read: the dataset's sources the caller can read, and their annotations. */
export type DatasetScope = {
  dataset: DatasetRecord;
  sources: SourceRecord[];
  sourceById: ReadonlyMap<string, SourceRecord>;
  /** Keyed by comment uid (`<source_id>.<comment_id>`). */
  annotations: ReadonlyMap<string, AnnotationRecord>;
  /** Stream exceptions of the streams the filter names (`trigger_exceptions`, api.md §4.11). */
  exceptions: ExceptionLookup;
};

export function uidOf(sourceId: string, commentId: string): string {
  return `${sourceId}.${commentId}`;
}

/**
 * Dataset routes return comment content only from sources whose project grants `sources-read` (api.md
 * §3.8.3); other sources of the dataset are silently out of scope, as list routes never fail on them.
 * A filter on a user property hidden from the caller is refused (see `requireReadableProperties`).
 */
export async function loadDatasetScope(
  context: CallContext,
  store: Store,
  dataset: DatasetRecord,
  filter: CommentFilter = {},
  /** False when the caller reads the annotations of the comments it serves itself (bounded per page). */
  withAnnotations = true,
): Promise<DatasetScope> {
  const sources = (await store.sources.getMany(dataset.source_ids))
    .filter((source) => hasProjectPermission(context.principal, source.owner, 'sources-read'))
    .sort((a, b) => dataset.source_ids.indexOf(a.id) - dataset.source_ids.indexOf(b.id));
  requireReadableProperties(
    context,
    sources,
    Object.keys(filter.user_properties ?? {}),
    'filter on',
  );
  const annotations = withAnnotations
    ? await store.annotations.listForDataset(
        dataset.id,
        sources.map((source) => source.id),
      )
    : [];
  return {
    dataset,
    sources,
    sourceById: new Map(sources.map((source) => [source.id, source])),
    annotations: new Map(
      annotations.map((record) => [uidOf(record.source_id, record.comment_id), record]),
    ),
    exceptions: await exceptionLookup(store, dataset, filter),
  };
}

/** Assigned label names of an annotation, with every ancestor implied (api.md §3.9.3). */
export function assignedWithAncestors(
  annotation: AnnotationRecord | undefined,
  group?: string,
): Set<string> {
  const names = new Set<string>();
  for (const labelling of annotation?.labelling ?? []) {
    if (group !== undefined && labelling.group !== group) {
      continue;
    }
    for (const label of labelling.assigned) {
      const parts = label.name.split(' > ');
      for (let depth = 1; depth <= parts.length; depth++) {
        names.add(parts.slice(0, depth).join(' > '));
      }
    }
  }
  return names;
}

export function joinLabelName(name: string | string[]): string {
  return Array.isArray(name) ? name.join(' > ') : name;
}
