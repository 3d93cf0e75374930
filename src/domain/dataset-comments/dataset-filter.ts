import type { AttributeFilter } from '../../contracts/attribute-filters.js';
import type { CommentFilter } from '../../contracts/comment-filter.js';
import type { CommentRecord } from '../../store/store.js';
import { compileCommentFilter } from '../comments/comment-filter.js';
import { invalid } from '../errors.js';

import { assignedWithAncestors, joinLabelName, uidOf, type DatasetScope } from './dataset-scope.js';

export type CompiledDatasetFilter = {
  from?: string;
  to?: string;
  sourceIds: string[];
  matches: (comment: CommentRecord) => boolean;
  /** The `reviewed` condition alone, which the store applies in SQL for the dataset query. */
  reviewed?: 'only_reviewed' | 'only_unreviewed';
  /** Every condition but sources, timestamps and `reviewed`; null when there is none. */
  residual: ((comment: CommentRecord) => boolean) | null;
};

/**
 * One stream's `trigger_exceptions` condition (api.md §4.11): `null` in `one_of` or `include_missing`
 * lets comments without an exception through; a condition of only `not_one_of` does too.
 */
function exceptionMatches(
  type: string | undefined,
  condition: NonNullable<CommentFilter['trigger_exceptions']>[string],
): boolean {
  if (type === undefined) {
    return (
      condition.include_missing === true ||
      (condition.one_of?.includes(null) ?? false) ||
      (condition.one_of === undefined && condition.include_missing === undefined)
    );
  }
  if (condition.one_of !== undefined && !condition.one_of.includes(type)) {
    return false;
  }
  return !(condition.not_one_of?.includes(type) ?? false);
}

function extension(name: unknown): string | null {
  if (typeof name !== 'string') {
    return null;
  }
  const dot = name.lastIndexOf('.');
  return dot === -1 ? null : name.slice(dot + 1).toLowerCase();
}

/**
 * A CommentFilter plus attribute filters over a dataset (api.md §4.11, §6.7). Label presence on a
 * reviewed comment means assigned (parents implied); an unreviewed comment has a label only through a
 * model's prediction, so without a model version no unreviewed comment has one.
 */
export function compileDatasetFilter(
  scope: DatasetScope,
  filter: CommentFilter,
  attributeFilters: readonly AttributeFilter[] = [],
): CompiledDatasetFilter {
  const { reviewed, annotations, trigger_exceptions: exceptions, ...sourceLevel } = filter;
  const base = compileCommentFilter(sourceLevel, 'filter');
  const sourceIds = scope.sources
    .map((source) => source.id)
    .filter((id) => base.sources === null || base.sources.has(id));
  const annotationOf = (comment: CommentRecord) =>
    scope.annotations.get(uidOf(comment.source_id, comment.id));
  const checks: ((comment: CommentRecord) => boolean)[] = [];
  if (base.matches) {
    checks.push(base.matches);
  }
  const labels = annotations?.labels;
  if (labels?.one_of) {
    const oneOf = labels.one_of.map(joinLabelName);
    checks.push((comment) => {
      const assigned = assignedWithAncestors(annotationOf(comment));
      return oneOf.some((name) => assigned.has(name));
    });
  }
  if (labels?.not_one_of) {
    const notOneOf = labels.not_one_of.map(joinLabelName);
    checks.push((comment) => {
      const assigned = assignedWithAncestors(annotationOf(comment));
      return !notOneOf.some((name) => assigned.has(name));
    });
  }
  for (const [streamId, condition] of Object.entries(exceptions ?? {})) {
    const types = scope.exceptions.get(streamId);
    if (types === undefined) {
      throw invalid(`filter.trigger_exceptions: unknown stream '${streamId}'`);
    }
    checks.push((comment) =>
      exceptionMatches(types.get(uidOf(comment.source_id, comment.id)), condition),
    );
  }
  for (const attributeFilter of attributeFilters) {
    checks.push(attributeCheck(attributeFilter, annotationOf));
  }
  const residual =
    checks.length === 0
      ? null
      : (comment: CommentRecord) => checks.every((check) => check(comment));
  const reviewedCheck =
    reviewed === undefined
      ? null
      : (comment: CommentRecord) =>
          (annotationOf(comment)?.reviewed ?? false) === (reviewed === 'only_reviewed');
  return {
    ...(base.from === undefined ? {} : { from: base.from }),
    ...(base.to === undefined ? {} : { to: base.to }),
    sourceIds,
    matches: (comment) =>
      (reviewedCheck === null || reviewedCheck(comment)) &&
      (residual === null || residual(comment)),
    ...(reviewed === undefined ? {} : { reviewed }),
    residual,
  };
}

function attributeCheck(
  attributeFilter: AttributeFilter,
  annotationOf: (comment: CommentRecord) => ReturnType<DatasetScope['annotations']['get']>,
): (comment: CommentRecord) => boolean {
  switch (attributeFilter.attribute) {
    case 'labels': {
      const present = (comment: CommentRecord) => assignedWithAncestors(annotationOf(comment));
      const filter = attributeFilter.filter;
      switch (filter.kind) {
        case 'string_any_of': {
          const names = filter.any_of.map(joinLabelName);
          return (comment) => {
            const labels = present(comment);
            return names.some((name) => labels.has(name));
          };
        }
        case 'none_of': {
          const names = filter.none_of.map(joinLabelName);
          return (comment) => {
            const labels = present(comment);
            return !names.some((name) => labels.has(name));
          };
        }
        case 'any_assigned':
          return (comment) => present(comment).size > 0;
        case 'any_predicted':
          // Predictions come from model versions; a dataset without one predicts nothing.
          return () => false;
        case 'none_present':
          return (comment) => present(comment).size === 0;
      }
      break;
    }
    case 'attachment_property_types': {
      const wanted = attributeFilter.filter.any_of.map((value) =>
        value.toLowerCase().replace(/^\./, ''),
      );
      return (comment) =>
        comment.attachments.some((attachment) => {
          const ext = extension(attachment['name']);
          const type =
            typeof attachment['content_type'] === 'string'
              ? attachment['content_type'].toLowerCase()
              : '';
          return (ext !== null && wanted.includes(ext)) || wanted.includes(type.replace(/^\./, ''));
        });
    }
    case 'attachment_property_num_attachments': {
      const { minimum, maximum } = attributeFilter.filter;
      return (comment) =>
        (minimum === undefined || minimum === null || comment.attachments.length >= minimum) &&
        (maximum === undefined || maximum === null || comment.attachments.length <= maximum);
    }
  }
}
