import type { Stream } from '../../contracts/streams.js';
import type { StreamRecord } from '../../store/store.js';

/** The wire form of a stream (api.md §4.10); Sift never sets the legacy single-label filter. */
export function toStreamResponse(record: StreamRecord): Stream {
  return {
    id: record.id,
    dataset_id: record.dataset_id,
    name: record.name,
    title: record.title,
    description: record.description,
    created_at: record.created_at,
    updated_at: record.updated_at,
    context: record.context,
    comment_filter: record.comment_filter,
    ...(record.model === null ? {} : { model: record.model }),
    label_threshold_filter: null,
  };
}
