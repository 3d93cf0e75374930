import type { Comment, IterateCommentsQuery, ThreadProperties } from '../../contracts/comments.js';
import { queryFlag } from '../../contracts/common.js';
import { parseTimestamp } from '../../lib/timestamps.js';
import type { CommentPosition } from '../../store/store.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { CallContext } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { decodeContinuation, encodeContinuation } from '../pagination/continuation-token.js';
import { resolveSource, type SourceRef } from '../sources/source-access.js';
import { now } from '../time.js';

import { hiddenPropertiesFor, toCommentResponse } from './comment-view.js';
import { groupThreads, threadProperties } from './thread-properties.js';

const MAX_DELETE_IDS = 128;
const DEFAULT_PAGE = 64;
const MAX_PAGE = 256;

export async function getComment(
  context: CallContext,
  ref: SourceRef,
  commentId: string,
  includeMarkup: boolean,
): Promise<Comment> {
  const store = context.deps.store;
  const source = await resolveSource(context, store, ref, 'sources-read');
  const record = await store.comments.get(source.id, commentId);
  if (!record) {
    throw notFound(`Comment '${commentId}' not found in source '${source.owner}/${source.name}'`);
  }
  const reviewed = await store.annotations.reviewedCommentIds(source.id, [record.id]);
  return toCommentResponse(record, {
    includeMarkup,
    hiddenProperties: hiddenPropertiesFor(context, source),
    hasAnnotations: reviewed.has(record.id),
  });
}

/** Deletes by `id=…` (repeatable) and/or `ids=a,b`; unknown ids are ignored so retries succeed. */
export async function deleteComments(
  context: CallContext,
  ref: SourceRef,
  query: { id?: string[]; ids?: string[] },
): Promise<void> {
  const ids = [
    ...(query.id ?? []),
    ...(query.ids ?? []).flatMap((list) => list.split(',')).filter((id) => id !== ''),
  ];
  if (ids.length === 0 || ids.length > MAX_DELETE_IDS) {
    throw invalid(`between 1 and ${MAX_DELETE_IDS} comment ids per request (got ${ids.length})`);
  }
  await context.deps.store.transaction(async (store) => {
    const source = await resolveSource(context, store, ref, 'sources-add-comments');
    const deleted = await store.comments.deleteMany(source.id, ids);
    await store.attachments.deleteForComments(source.id, ids);
    if (deleted > 0) {
      await store.sources.update(source.id, { last_modified: now(context.deps) });
    }
    await recordAuditEvent(store, context, 'delete_comments', { sources: [source] });
  });
}

type IterationToken = {
  source_id: string;
  direction: 'ascending' | 'descending';
  from: string | null;
  to: string | null;
  after: CommentPosition;
};

function bound(name: string, value: string | undefined): string | null {
  if (value === undefined) {
    return null;
  }
  const parsed = parseTimestamp(value, { allowDateOnly: true });
  if (!parsed.ok) {
    throw invalid(`query parameter '${name}': ${parsed.error}`);
  }
  return parsed.value;
}

export type CommentPage = {
  comments: Comment[];
  continuation?: string;
  thread_properties?: (ThreadProperties | null)[];
};

/**
 * Iterates a source in (timestamp, id) order with a keyset token (api.md §5.5.5): deleting comments that
 * were already returned neither skips nor repeats the rest.
 */
export async function iterateComments(
  context: CallContext,
  ref: SourceRef,
  query: IterateCommentsQuery,
): Promise<CommentPage> {
  const store = context.deps.store;
  const source = await resolveSource(context, store, ref, 'sources-read');
  const limit = query.limit ?? DEFAULT_PAGE;
  if (limit < 1 || limit > MAX_PAGE) {
    throw invalid(`query parameter 'limit' must be between 1 and ${MAX_PAGE} (got ${limit})`);
  }
  let direction = query.direction ?? 'ascending';
  let from = bound('from_timestamp', query.from_timestamp);
  let to = bound('to_timestamp', query.to_timestamp);
  let after: CommentPosition | undefined;
  const secret = context.tenant.token_secret;
  if (query.after !== undefined) {
    const token = decodeContinuation(secret, 'source-comments', query.after) as IterationToken;
    if (token.source_id !== source.id) {
      throw invalid('Invalid continuation token: it belongs to another source');
    }
    // Parameters repeated with a token must agree with it; omitted ones take the token's values.
    if (
      (query.direction !== undefined && query.direction !== token.direction) ||
      (from !== null && from !== token.from) ||
      (to !== null && to !== token.to)
    ) {
      throw invalid('Query parameters conflict with those bound in the continuation token');
    }
    direction = token.direction;
    from = token.from;
    to = token.to;
    after = token.after;
  }
  const records = await store.comments.iterate({
    sourceId: source.id,
    direction,
    ...(from === null ? {} : { from }),
    ...(to === null ? {} : { to }),
    ...(after === undefined ? {} : { after }),
    limit: limit + 1,
  });
  const page = records.slice(0, limit);
  const hiddenProperties = hiddenPropertiesFor(context, source);
  const includeMarkup = queryFlag(query.include_markup);
  const reviewed = await store.annotations.reviewedCommentIds(
    source.id,
    page.map((record) => record.id),
  );
  const result: CommentPage = {
    comments: page.map((record) =>
      toCommentResponse(record, {
        includeMarkup,
        hiddenProperties,
        hasAnnotations: reviewed.has(record.id),
      }),
    ),
  };
  const last = page[page.length - 1];
  if (records.length > limit && last) {
    result.continuation = encodeContinuation(secret, 'source-comments', {
      source_id: source.id,
      direction,
      from,
      to,
      after: { timestamp: last.timestamp, id: last.id },
    } satisfies IterationToken);
  }
  if (queryFlag(query.include_thread_properties)) {
    const threadIds = [
      ...new Set(page.flatMap((record) => (record.thread_id === null ? [] : [record.thread_id]))),
    ];
    const threads = groupThreads(await store.comments.listThreads(source.id, threadIds));
    result.thread_properties = page.map((record) => {
      const members = record.thread_id === null ? undefined : threads.get(record.thread_id);
      return members ? threadProperties(members, record) : null;
    });
  }
  return result;
}

export async function getThreads(
  context: CallContext,
  ref: SourceRef,
  threadIds: string[] | undefined,
): Promise<{ thread_id: string; comments: string[] }[]> {
  const store = context.deps.store;
  const source = await resolveSource(context, store, ref, 'sources-read');
  const threads = groupThreads(await store.comments.listThreads(source.id, threadIds));
  return [...threads.entries()].map(([threadId, members]) => ({
    thread_id: threadId,
    comments: members.map((member) => member.id),
  }));
}
