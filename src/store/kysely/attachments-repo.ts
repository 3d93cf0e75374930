import type { Kysely } from 'kysely';

import type { Database } from '../schema.js';
import type { AttachmentRepo } from '../store.js';

const IDS_PER_QUERY = 1000;

export function createAttachmentRepo(db: Kysely<Database>): AttachmentRepo {
  return {
    async stage(slot) {
      await db
        .insertInto('attachment_contents')
        .values({ ...slot, reference: null })
        .onConflict((oc) =>
          oc.columns(['source_id', 'comment_id', 'attachment_index']).doUpdateSet({
            content_hash: slot.content_hash,
            content: slot.content,
            reference: null,
            created_at: slot.created_at,
          }),
        )
        .execute();
    },
    async listStaged(sourceId, commentIds) {
      const found = [];
      const unique = [...new Set(commentIds)];
      for (let start = 0; start < unique.length; start += IDS_PER_QUERY) {
        const rows = await db
          .selectFrom('attachment_contents')
          .select(['source_id', 'comment_id', 'attachment_index', 'content_hash', 'reference'])
          .where('source_id', '=', sourceId)
          .where('comment_id', 'in', unique.slice(start, start + IDS_PER_QUERY))
          .execute();
        found.push(...rows);
      }
      return found;
    },
    async setReference(sourceId, commentId, index, reference) {
      await db
        .updateTable('attachment_contents')
        .set({ reference })
        .where('source_id', '=', sourceId)
        .where('comment_id', '=', commentId)
        .where('attachment_index', '=', index)
        .execute();
    },
    async getByReference(reference) {
      const row = await db
        .selectFrom('attachment_contents')
        .select([
          'source_id',
          'comment_id',
          'attachment_index',
          'content_hash',
          'reference',
          'content',
        ])
        .where('reference', '=', reference)
        .executeTakeFirst();
      return row ? { ...row, content: Buffer.from(row.content) } : null;
    },
    async deleteForComments(sourceId, commentIds) {
      const unique = [...new Set(commentIds)];
      for (let start = 0; start < unique.length; start += IDS_PER_QUERY) {
        await db
          .deleteFrom('attachment_contents')
          .where('source_id', '=', sourceId)
          .where('comment_id', 'in', unique.slice(start, start + IDS_PER_QUERY))
          .execute();
      }
    },
    async deleteUnlinkedBefore(before) {
      const result = await db
        .deleteFrom('attachment_contents')
        .where('reference', 'is', null)
        .where('created_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
