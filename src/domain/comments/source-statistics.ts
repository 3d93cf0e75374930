import type { CommentFilter } from '../../contracts/comment-filter.js';
import type { CallContext } from '../context.js';
import { resolveSource, type SourceRef } from '../sources/source-access.js';

import { compileCommentFilter } from './comment-filter.js';
import { requireReadableProperties } from './comment-view.js';

const SCAN_PAGE = 2000;

/** `num_comments` of a source matching a comment filter (api.md §5.15). */
export async function sourceStatistics(
  context: CallContext,
  ref: SourceRef,
  filter: CommentFilter,
): Promise<{ num_comments: number }> {
  const store = context.deps.store;
  const source = await resolveSource(context, store, ref, 'sources-read');
  requireReadableProperties(
    context,
    [source],
    Object.keys(filter.user_properties ?? {}),
    'filter on',
  );
  const compiled = compileCommentFilter(filter);
  if (compiled.sources !== null && !compiled.sources.has(source.id)) {
    return { num_comments: 0 };
  }
  const bounds = {
    ...(compiled.from === undefined ? {} : { from: compiled.from }),
    ...(compiled.to === undefined ? {} : { to: compiled.to }),
  };
  if (compiled.matches === null) {
    return { num_comments: await store.comments.count({ sourceIds: [source.id], ...bounds }) };
  }
  let count = 0;
  let afterSeq = 0;
  for (;;) {
    const page = await store.comments.scan({
      sourceIds: [source.id],
      ...bounds,
      afterSeq,
      limit: SCAN_PAGE,
    });
    count += page.filter(compiled.matches).length;
    const last = page[page.length - 1];
    if (!last || page.length < SCAN_PAGE) {
      return { num_comments: count };
    }
    afterSeq = last.seq;
  }
}
