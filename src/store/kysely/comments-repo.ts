import { sql, type Kysely, type Selectable } from 'kysely';

import { commentSampleKey } from '../../lib/order-keys.js';
import type { CommentsTable, Database } from '../schema.js';
import type { CommentRecord, CommentRepo, CommentWrite, StoreCapabilities } from '../store.js';

import { insertOrConflict } from './constraint-errors.js';
import { parseTextSearch, toFts5Match, toTsQuery } from './text-search-query.js';

// Far below SQLite's 32,766 bound variables and PostgreSQL's 65,535 parameters per statement.
const ROWS_PER_INSERT = 1000;
const IDS_PER_QUERY = 1000;
/** Advisory lock key serialising comment inserts on PostgreSQL (see insertMany). */
const COMMENT_SEQ_LOCK = 5_318_008_113;

function toComment(row: Selectable<CommentsTable>): CommentRecord {
  // The shuffle key is the query's business (src/store/query), not part of the record.
  const { sample_key: _sampleKey, ...fields } = row;
  return {
    ...fields,
    seq: Number(row.seq),
    messages: JSON.parse(row.messages) as unknown[],
    user_properties: JSON.parse(row.user_properties) as Record<string, string | number>,
    attachments: JSON.parse(row.attachments) as Record<string, unknown>[],
  };
}

function toRow(comment: CommentWrite) {
  return {
    source_id: comment.source_id,
    id: comment.id,
    timestamp: comment.timestamp,
    thread_id: comment.thread_id,
    text_format: comment.text_format,
    messages: JSON.stringify(comment.messages),
    user_properties: JSON.stringify(comment.user_properties),
    attachments: JSON.stringify(comment.attachments),
    fingerprint: comment.fingerprint,
    created_at: comment.created_at,
    last_modified: comment.last_modified,
    context: comment.context,
  };
}

function toInsertRow(comment: CommentWrite) {
  return { ...toRow(comment), sample_key: commentSampleKey(`${comment.source_id}.${comment.id}`) };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    out.push(items.slice(start, start + size));
  }
  return out;
}

export function createCommentRepo(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
): CommentRepo {
  return {
    async getMany(sourceId, ids) {
      const found: CommentRecord[] = [];
      for (const batch of chunks([...new Set(ids)], IDS_PER_QUERY)) {
        const rows = await db
          .selectFrom('comments')
          .selectAll()
          .where('source_id', '=', sourceId)
          .where('id', 'in', batch)
          .execute();
        found.push(...rows.map(toComment));
      }
      return found;
    },
    async get(sourceId, id) {
      const row = await db
        .selectFrom('comments')
        .selectAll()
        .where('source_id', '=', sourceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toComment(row) : null;
    },
    async insertMany(comments) {
      if (capabilities.dialect === 'postgres' && comments.length > 0) {
        // Streams read comments in `seq` order and remember the last one they acknowledged, so a
        // committed seq must never appear below one already visible. PostgreSQL hands out identity
        // values at insert time, not at commit, so writers take turns from insert to commit; SQLite has
        // a single writer already.
        await sql`SELECT pg_advisory_xact_lock(${COMMENT_SEQ_LOCK})`.execute(db);
      }
      for (const batch of chunks(comments, ROWS_PER_INSERT)) {
        await insertOrConflict('A comment with this id was created concurrently', () =>
          db.insertInto('comments').values(batch.map(toInsertRow)).execute(),
        );
      }
    },
    async replaceMany(comments) {
      for (const comment of comments) {
        const { source_id: sourceId, id, created_at: _created, ...fields } = toRow(comment);
        await db
          .updateTable('comments')
          .set(fields)
          .where('source_id', '=', sourceId)
          .where('id', '=', id)
          .execute();
      }
    },
    async deleteMany(sourceId, ids) {
      let deleted = 0;
      for (const batch of chunks([...new Set(ids)], IDS_PER_QUERY)) {
        const result = await db
          .deleteFrom('comments')
          .where('source_id', '=', sourceId)
          .where('id', 'in', batch)
          .executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      return deleted;
    },
    async iterate({ sourceId, direction, from, to, after, limit }) {
      const ascending = direction === 'ascending';
      let query = db.selectFrom('comments').selectAll().where('source_id', '=', sourceId);
      if (from !== undefined) {
        query = query.where('timestamp', '>=', from);
      }
      if (to !== undefined) {
        query = query.where('timestamp', '<=', to);
      }
      if (after !== undefined) {
        const beyond = ascending ? '>' : '<';
        query = query.where((eb) =>
          eb.or([
            eb('timestamp', beyond, after.timestamp),
            eb.and([eb('timestamp', '=', after.timestamp), eb('id', beyond, after.id)]),
          ]),
        );
      }
      const order = ascending ? 'asc' : 'desc';
      const rows = await query
        .orderBy('timestamp', order)
        .orderBy('id', order)
        .limit(limit)
        .execute();
      return rows.map(toComment);
    },
    async listThreads(sourceId, threadIds) {
      let query = db
        .selectFrom('comments')
        .selectAll()
        .where('source_id', '=', sourceId)
        .where('thread_id', 'is not', null);
      if (threadIds !== undefined) {
        if (threadIds.length === 0) {
          return [];
        }
        query = query.where('thread_id', 'in', [...new Set(threadIds)]);
      }
      const rows = await query.orderBy('thread_id').orderBy('timestamp').orderBy('id').execute();
      return rows.map(toComment);
    },
    async textSearch(sourceIds, query) {
      const relevance = new Map<number, number>();
      if (sourceIds.length === 0) {
        return relevance;
      }
      // One syntax on both backends (docs/keyword-search.md); nothing positive to match finds nothing.
      const search = parseTextSearch(query);
      if (search === null) {
        return relevance;
      }
      const sources = sql.join([...sourceIds]);
      if (capabilities.dialect === 'sqlite') {
        const { rows } = await sql<{ seq: number; score: number }>`
          SELECT f.rowid AS seq, bm25(comments_fts) AS score
          FROM comments_fts AS f JOIN comments AS c ON c.seq = f.rowid
          WHERE comments_fts MATCH ${toFts5Match(search)} AND c.source_id IN (${sources})`.execute(
          db,
        );
        // bm25() is lower for better matches.
        rows.forEach((row) => relevance.set(Number(row.seq), -row.score));
        return relevance;
      }
      const { rows } = await sql<{ seq: string | number; score: number }>`
        SELECT s.seq, ts_rank_cd(s.search, q) AS score
        FROM comments_search AS s
          JOIN comments AS c ON c.seq = s.seq
          CROSS JOIN to_tsquery('english', ${toTsQuery(search)}) AS q
        WHERE s.search @@ q AND c.source_id IN (${sources})`.execute(db);
      rows.forEach((row) => relevance.set(Number(row.seq), Number(row.score)));
      return relevance;
    },
    async maxSeq(createdBefore) {
      let query = db.selectFrom('comments').select((eb) => eb.fn.max('seq').as('seq'));
      if (createdBefore !== undefined) {
        query = query.where('created_at', '<', createdBefore);
      }
      const row = await query.executeTakeFirst();
      return row?.seq === null || row?.seq === undefined ? 0 : Number(row.seq);
    },
    async count({ sourceIds, from, to }) {
      if (sourceIds.length === 0) {
        return 0;
      }
      let query = db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('source_id', 'in', [...sourceIds]);
      if (from !== undefined) {
        query = query.where('timestamp', '>=', from);
      }
      if (to !== undefined) {
        query = query.where('timestamp', '<=', to);
      }
      const row = await query.executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async page({ sourceIds, orderBy, from, to, after, limit }) {
      if (sourceIds.length === 0) {
        return [];
      }
      let query = db
        .selectFrom('comments')
        .selectAll()
        .where('source_id', 'in', [...sourceIds]);
      if (from !== undefined) {
        query = query.where(orderBy, '>=', from);
      }
      if (to !== undefined) {
        query = query.where(orderBy, '<=', to);
      }
      if (after !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb(orderBy, '>', after.key),
            eb.and([eb(orderBy, '=', after.key), eb('source_id', '>', after.source_id)]),
            eb.and([
              eb(orderBy, '=', after.key),
              eb('source_id', '=', after.source_id),
              eb('id', '>', after.id),
            ]),
          ]),
        );
      }
      const rows = await query
        .orderBy(orderBy)
        .orderBy('source_id')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toComment);
    },
    async scan({ sourceIds, from, to, afterSeq, limit }) {
      if (sourceIds.length === 0) {
        return [];
      }
      let query = db
        .selectFrom('comments')
        .selectAll()
        .where('source_id', 'in', [...sourceIds])
        .where('seq', '>', afterSeq);
      if (from !== undefined) {
        query = query.where('timestamp', '>=', from);
      }
      if (to !== undefined) {
        query = query.where('timestamp', '<=', to);
      }
      const rows = await query.orderBy('seq').limit(limit).execute();
      return rows.map(toComment);
    },
  };
}
