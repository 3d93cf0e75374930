import type { CommentNew, SyncCounts } from '../../contracts/comments.js';
import type { CommentRecord, CommentWrite, SourceRecord, Store } from '../../store/store.js';
import { linkStagedAttachments } from '../attachments/manage-attachments.js';
import type { CallContext } from '../context.js';
import type { Deps } from '../deps.js';
import { AppError, type ValidationIssue } from '../errors.js';
import { scheduleSourceEmbedding } from '../models/schedule-training.js';
import { checkCommentQuotas } from '../quotas/quota-limits.js';
import { resolveSource, type SourceRef } from '../sources/source-access.js';
import { now } from '../time.js';

import { commentFingerprint, messagesEqual, textChanged } from './comment-fingerprint.js';
import { normalizeComment, type NormalizedComment } from './validate-comment.js';

type Prepared = NormalizedComment & { fingerprint: string };

/** Validates the whole batch before anything is written; the 400 names every offending index and field. */
export function prepareBatch(comments: readonly CommentNew[]): Prepared[] {
  const issues: ValidationIssue[] = [];
  const prepared: Prepared[] = [];
  comments.forEach((comment, index) => {
    const normalized = normalizeComment(comment, `comments[${index}]`, issues);
    if (normalized) {
      prepared.push({ ...normalized, fingerprint: commentFingerprint(normalized) });
    }
  });
  const first = issues[0];
  if (first) {
    throw new AppError('invalid_request', `${first.path}: ${first.message}`, { errors: issues });
  }
  return prepared;
}

function toWrite(
  source: SourceRecord,
  comment: Prepared,
  timestamps: { created_at: string; last_modified: string },
  context: string,
): CommentWrite {
  return {
    source_id: source.id,
    id: comment.id,
    timestamp: comment.timestamp,
    thread_id: comment.thread_id,
    text_format: comment.text_format,
    messages: comment.messages,
    user_properties: comment.user_properties,
    attachments: comment.attachments,
    fingerprint: comment.fingerprint,
    created_at: timestamps.created_at,
    last_modified: timestamps.last_modified,
    context,
  };
}

type Pending = { write: CommentWrite; insert: boolean; messagesChanged?: boolean };

async function applyWrites(
  store: Store,
  source: SourceRecord,
  pending: Map<string, Pending>,
  at: string,
) {
  const inserts: CommentWrite[] = [];
  const replaces: CommentWrite[] = [];
  for (const entry of pending.values()) {
    (entry.insert ? inserts : replaces).push(entry.write);
  }
  await linkStagedAttachments(store, source, [...inserts, ...replaces]);
  await store.comments.insertMany(inserts);
  await store.comments.replaceMany(replaces);
  // api.md §5.5.1 rule 3: changed messages invalidate entity spans; labels are never discarded.
  const changedMessages = [...pending.values()]
    .filter((entry) => !entry.insert && entry.messagesChanged === true)
    .map((entry) => entry.write.id);
  if (changedMessages.length > 0) {
    await store.annotations.discardEntities(source.id, changedMessages, at);
  }
  if (inserts.length + replaces.length > 0) {
    await store.sources.update(source.id, { last_modified: at });
  }
}

/**
 * `POST …/sync` (api.md §5.5.1): an idempotent upsert applied in array order, in one transaction, so a
 * replayed request writes nothing new and reports the same shape of counts.
 */
export async function syncComments(
  context: CallContext,
  ref: SourceRef,
  comments: readonly CommentNew[],
): Promise<SyncCounts> {
  const prepared = prepareBatch(comments);
  return retryOnConcurrentCreate(() =>
    context.deps.store.transaction(async (store) => {
      const source = await resolveSource(context, store, ref, 'sources-add-comments');
      return upsertPrepared(store, context.deps, context.tenant.id, source, prepared);
    }),
  );
}

/**
 * The upsert of `sync` for callers that resolved the source and its permission themselves (a bucket
 * feeding the sources that read it); runs in the caller's transaction.
 */
export async function upsertComments(
  store: Store,
  deps: Deps,
  tenantId: string,
  source: SourceRecord,
  comments: readonly CommentNew[],
): Promise<SyncCounts> {
  return upsertPrepared(store, deps, tenantId, source, prepareBatch(comments));
}

async function upsertPrepared(
  store: Store,
  deps: Deps,
  tenantId: string,
  source: SourceRecord,
  prepared: readonly Prepared[],
): Promise<SyncCounts> {
  const at = now(deps);
  const stored = new Map<string, CommentRecord | CommentWrite>(
    (
      await store.comments.getMany(
        source.id,
        prepared.map((comment) => comment.id),
      )
    ).map((record) => [record.id, record]),
  );
  const pending = new Map<string, Pending>();
  const counts: SyncCounts = {
    new: 0,
    updated: 0,
    unchanged: 0,
    updated_properties_only: 0,
    updated_text_changed: 0,
  };
  for (const comment of prepared) {
    const prior = pending.get(comment.id)?.write ?? stored.get(comment.id);
    if (prior === undefined) {
      counts.new += 1;
      pending.set(comment.id, {
        write: toWrite(source, comment, { created_at: at, last_modified: at }, deps.ids.next()),
        insert: true,
      });
      continue;
    }
    if (prior.fingerprint === comment.fingerprint) {
      counts.unchanged += 1;
      continue;
    }
    counts.updated += 1;
    const sameMessages = messagesEqual(prior.messages, comment.messages);
    if (sameMessages) {
      counts.updated_properties_only += 1;
    } else if (textChanged(prior.messages, comment.messages)) {
      counts.updated_text_changed += 1;
    }
    const earlier = pending.get(comment.id);
    pending.set(comment.id, {
      messagesChanged: !sameMessages || earlier?.messagesChanged === true,
      write: toWrite(
        source,
        comment,
        { created_at: prior.created_at, last_modified: at },
        deps.ids.next(),
      ),
      insert: earlier?.insert ?? false,
    });
  }
  await checkCommentQuotas(store, tenantId, source.id, counts.new);
  await applyWrites(store, source, pending, at);
  if (pending.size > 0) {
    await scheduleSourceEmbedding(store, deps, source.id);
  }
  return counts;
}

/**
 * Two transactions creating the same new id race on the unique key; the loser re-reads and then sees the
 * winner's row, so a retry settles it (never a 500, never a lost comment).
 */
async function retryOnConcurrentCreate<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'conflict' || attempt >= 3) {
        throw error;
      }
    }
  }
}

/**
 * `PUT …/comments` (api.md §5.5.2): creates new ids; an identical replay is a no-op; different content
 * needs the stored `context`, else the whole request is a 409 and nothing is written.
 */
export async function addComments(
  context: CallContext,
  ref: SourceRef,
  comments: readonly CommentNew[],
): Promise<void> {
  const prepared = prepareBatch(comments);
  await retryOnConcurrentCreate(() =>
    context.deps.store.transaction(async (store) => {
      const source = await resolveSource(context, store, ref, 'sources-add-comments');
      const name = `${source.owner}/${source.name}`;
      const at = now(context.deps);
      const seen = new Map<string, string>();
      for (const comment of prepared) {
        const earlier = seen.get(comment.id);
        if (earlier !== undefined && earlier !== comment.fingerprint) {
          throw new AppError(
            'conflict',
            `Comment '${comment.id}' appears twice in the request with different content`,
          );
        }
        seen.set(comment.id, comment.fingerprint);
      }
      const stored = new Map(
        (await store.comments.getMany(source.id, [...seen.keys()])).map((record) => [
          record.id,
          record,
        ]),
      );
      const pending = new Map<string, Pending>();
      for (const comment of prepared) {
        if (pending.has(comment.id)) {
          continue;
        }
        const prior = stored.get(comment.id);
        if (prior === undefined) {
          pending.set(comment.id, {
            write: toWrite(
              source,
              comment,
              { created_at: at, last_modified: at },
              context.deps.ids.next(),
            ),
            insert: true,
          });
        } else if (prior.fingerprint !== comment.fingerprint) {
          if (comment.context !== prior.context) {
            throw new AppError(
              'conflict',
              `Comment '${comment.id}' already exists in source '${name}' with different content`,
            );
          }
          pending.set(comment.id, {
            write: toWrite(
              source,
              comment,
              { created_at: prior.created_at, last_modified: at },
              context.deps.ids.next(),
            ),
            insert: false,
            messagesChanged: !messagesEqual(prior.messages, comment.messages),
          });
        }
      }
      await applyWrites(store, source, pending, at);
      if (pending.size > 0) {
        await scheduleSourceEmbedding(store, context.deps, source.id);
      }
    }),
  );
}
