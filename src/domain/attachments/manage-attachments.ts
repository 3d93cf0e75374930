import { randomBytes } from 'node:crypto';

import { sha256BytesHex } from '../../lib/hash.js';
import { formatMicros } from '../../lib/timestamps.js';
import type { CommentWrite, SourceRecord, Store } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { AppError, invalid, notFound } from '../errors.js';
import { requireProjectPermission } from '../permissions/principal.js';
import { resolveSource, type SourceRef } from '../sources/source-access.js';
import { now } from '../time.js';

const STAGING_LIFETIME_MICROS = 24n * 3600n * 1_000_000n;

/** Unguessable download key: 128 random bits (api.md §6.4). */
function newReference(): string {
  return randomBytes(16).toString('hex');
}

type Attachment = Record<string, unknown> & { content_hash?: unknown };

/**
 * Gives attachments whose `content_hash` matches staged content at their index a download reference,
 * in the comment writes about to be stored (same transaction).
 */
export async function linkStagedAttachments(
  store: Store,
  source: SourceRecord,
  writes: CommentWrite[],
): Promise<void> {
  const candidates = writes.filter((write) =>
    write.attachments.some(
      (attachment) => typeof (attachment as Attachment).content_hash === 'string',
    ),
  );
  if (candidates.length === 0) {
    return;
  }
  const staged = await store.attachments.listStaged(
    source.id,
    candidates.map((write) => write.id),
  );
  const bySlot = new Map(
    staged.map((slot) => [`${slot.comment_id}\u0000${slot.attachment_index}`, slot]),
  );
  for (const write of candidates) {
    write.attachments = await Promise.all(
      write.attachments.map(async (attachment, index) => {
        const slot = bySlot.get(`${write.id}\u0000${index}`);
        if (!slot || slot.content_hash !== (attachment as Attachment).content_hash) {
          return attachment;
        }
        const reference = slot.reference ?? newReference();
        if (slot.reference === null) {
          await store.attachments.setReference(source.id, write.id, index, reference);
          slot.reference = reference;
        }
        return { ...attachment, attachment_reference: reference };
      }),
    );
  }
}

/**
 * `PUT …/comments/<id>/attachments/<index>`: stages content (the official CLI uploads before the comment
 * exists) and links it at once when the stored comment already names this hash.
 */
export async function uploadAttachment(
  context: CallContext,
  ref: SourceRef,
  commentId: string,
  rawIndex: string,
  content: Buffer,
): Promise<{ content_hash: string }> {
  if (!/^\d{1,3}$/.test(rawIndex) || Number(rawIndex) > 255) {
    throw invalid(`Invalid attachment index '${rawIndex}': expected 0–255`);
  }
  const index = Number(rawIndex);
  const contentHash = sha256BytesHex(content);
  await context.deps.store.transaction(async (store) => {
    const source = await resolveSource(context, store, ref, 'sources-add-comments');
    const createdAt = now(context.deps);
    await store.attachments.deleteUnlinkedBefore(
      formatMicros(context.deps.clock.nowMicros() - STAGING_LIFETIME_MICROS),
    );
    await store.attachments.stage({
      source_id: source.id,
      comment_id: commentId,
      attachment_index: index,
      content_hash: contentHash,
      reference: null,
      content,
      created_at: createdAt,
    });
    const stored = await store.comments.get(source.id, commentId);
    if (stored) {
      const write = {
        ...stored,
        attachments: stored.attachments.map(({ attachment_reference: _old, ...rest }) => rest),
      };
      await linkStagedAttachments(store, source, [write]);
      await store.comments.replaceMany([write]);
    }
  });
  return { content_hash: contentHash };
}

export type AttachmentDownload = { content: Buffer; name: string; contentType: string };

/** `GET /api/v1/attachments/<reference>`, for callers with `sources-read` on the comment's project. */
export async function downloadAttachment(
  context: CallContext,
  reference: string,
): Promise<AttachmentDownload> {
  const store = context.deps.store;
  const message = `Attachment '${reference}' not found`;
  const slot = await store.attachments.getByReference(reference);
  if (!slot) {
    throw notFound(message);
  }
  const source = await store.sources.getById(slot.source_id);
  const comment = source ? await store.comments.get(source.id, slot.comment_id) : null;
  if (!source || !comment) {
    throw notFound(message);
  }
  requireProjectPermission(context.principal, source.owner, 'sources-read', message);
  const metadata = comment.attachments[slot.attachment_index] as Attachment | undefined;
  if (!metadata || metadata['attachment_reference'] !== reference) {
    throw new AppError('not_found', message);
  }
  const declared = typeof metadata['content_type'] === 'string' ? metadata['content_type'] : '';
  return {
    content: slot.content,
    name: typeof metadata['name'] === 'string' ? metadata['name'] : 'attachment',
    contentType: /^[\w.+-]+\/[\w.+-]+$/.test(declared) ? declared : 'application/octet-stream',
  };
}
