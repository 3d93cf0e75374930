import type { CommentRecord, Store } from '../../store/store.js';

import type { CompiledDatasetFilter } from './dataset-filter.js';

const SCAN_PAGE = 2000;

/** Visits every comment of the filter's sources that it matches, in creation order, a page at a time. */
export async function forEachMatching(
  store: Store,
  filter: CompiledDatasetFilter,
  visit: (comment: CommentRecord) => void,
): Promise<void> {
  if (filter.sourceIds.length === 0) {
    return;
  }
  let afterSeq = 0;
  for (;;) {
    const page = await store.comments.scan({
      sourceIds: filter.sourceIds,
      ...(filter.from === undefined ? {} : { from: filter.from }),
      ...(filter.to === undefined ? {} : { to: filter.to }),
      afterSeq,
      limit: SCAN_PAGE,
    });
    for (const comment of page) {
      if (filter.matches(comment)) {
        visit(comment);
      }
    }
    const last = page[page.length - 1];
    if (!last || page.length < SCAN_PAGE) {
      return;
    }
    afterSeq = last.seq;
  }
}
