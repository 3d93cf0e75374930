import { sql, type Kysely, type RawBuilder } from 'kysely';

import { parseTextSearch, toFts5Match, toTsQuery } from '../kysely/text-search-query.js';
import type { Database } from '../schema.js';
import type {
  DatasetQueryRepo,
  RankedComment,
  RankOrder,
  RankQuery,
  StoreCapabilities,
} from '../store.js';

// The dataset query's rankings as SQL over persisted keys (docs/adr/2026-12-06-store-side-query.md). An order
// is a list of segments walked one after the other; within a segment rows come in (key, source, id)
// order from an index over exactly the key expression written here (0014-query-keys.sql), and a keyset
// position (segment, key, source, id) continues after the last row served. Comments without a stored key
// form a final segment at one constant key, by uid, exactly where the in-memory keys put them.

type Fragment = RawBuilder<unknown>;

type Segment = {
  /** FROM clause; the comment is always aliased `c`. */
  from: Fragment;
  conditions: Fragment[];
  /** The ranking expression; null for a constant key (the segment is then by uid only). */
  key: Fragment | null;
  constant?: number;
  /** The uid columns the index orders by (the joined table's, so the planner walks its index). */
  source: Fragment;
  id: Fragment;
  /**
   * For a keyed segment followed by the segment of comments without a key: how many in-scope comments
   * have a key, counted on the key's index alone. When that is every comment in scope, the walk over
   * comments without a key (an anti-join over the whole dataset) is skipped.
   */
  keyed?: (sources: Fragment) => Fragment;
};

const C_SOURCE = sql`c.source_id`;
const C_ID = sql`c.id`;
const LP_SOURCE = sql`lp.source_id`;
const LP_ID = sql`lp.comment_id`;
const CP_SOURCE = sql`cp.source_id`;
const CP_ID = sql`cp.comment_id`;
const LAST = 2;

export function createQueryRepo(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
): DatasetQueryRepo {
  const sqlite = capabilities.dialect === 'sqlite';

  function reviewed(datasetId: string): Fragment {
    return sql`EXISTS (SELECT 1 FROM annotations AS ra WHERE ra.dataset_id = ${datasetId}
      AND ra.source_id = c.source_id AND ra.comment_id = c.id AND ra.reviewed = 1)`;
  }

  /** Reviewed with at least one assigned label in some group (Check's eligibility). */
  function hasAssigned(): Fragment {
    return sqlite
      ? sql`EXISTS (SELECT 1 FROM json_each(a.labelling) AS g
          WHERE json_array_length(g.value, '$.assigned') > 0)`
      : sql`EXISTS (SELECT 1 FROM jsonb_array_elements(a.labelling::jsonb) AS g(value)
          WHERE jsonb_array_length(g.value -> 'assigned') > 0)`;
  }

  /**
   * The reviewed comment carries the label (stored name, `<group>::<name>` outside the default group):
   * assigned itself or implied by an assigned descendant, as prediction-orders.ts `carries` decides.
   */
  function carriesLabel(stored: string): Fragment {
    const at = stored.indexOf('::');
    const group = at < 0 ? 'default' : stored.slice(0, at);
    const name = at < 0 ? stored : stored.slice(at + 2);
    const childPrefix = `${name} > `;
    return sqlite
      ? sql`EXISTS (SELECT 1 FROM json_each(a.labelling) AS g, json_each(g.value, '$.assigned') AS x
          WHERE json_extract(g.value, '$.group') = ${group}
            AND (json_extract(x.value, '$.name') = ${name}
              OR substr(json_extract(x.value, '$.name'), 1, ${childPrefix.length}) = ${childPrefix}))`
      : sql`EXISTS (SELECT 1 FROM jsonb_array_elements(a.labelling::jsonb) AS g(value),
            jsonb_array_elements(g.value -> 'assigned') AS x(value)
          WHERE g.value ->> 'group' = ${group}
            AND (x.value ->> 'name' = ${name}
              OR left(x.value ->> 'name', ${childPrefix.length}::int) = ${childPrefix}))`;
  }

  function comments(conditions: Fragment[] = []): Pick<Segment, 'from' | 'conditions'> {
    return { from: sql`comments AS c`, conditions };
  }

  function labelRows(datasetId: string, label: string): Pick<Segment, 'from' | 'conditions'> {
    return {
      from: sql`label_predictions AS lp JOIN comments AS c
        ON c.source_id = lp.source_id AND c.id = lp.comment_id`,
      conditions: [sql`lp.dataset_id = ${datasetId}`, sql`lp.label = ${label}`],
    };
  }

  function commentRows(datasetId: string): Pick<Segment, 'from' | 'conditions'> {
    return {
      from: sql`comment_predictions AS cp JOIN comments AS c
        ON c.source_id = cp.source_id AND c.id = cp.comment_id`,
      conditions: [sql`cp.dataset_id = ${datasetId}`],
    };
  }

  /** Reviewed comments of the dataset, with their label row or prediction row when there is one. */
  function reviewedRows(
    datasetId: string,
    join: Fragment,
    assigned: boolean,
  ): Pick<Segment, 'from' | 'conditions'> {
    return {
      from: sql`annotations AS a JOIN comments AS c ON c.source_id = a.source_id AND c.id = a.comment_id
        ${join}`,
      conditions: [
        sql`a.dataset_id = ${datasetId}`,
        sql`a.reviewed = 1`,
        ...(assigned ? [hasAssigned()] : []),
      ],
    };
  }

  function segments(datasetId: string, order: RankOrder): { list: Segment[]; unreviewed: boolean } {
    const byUid = { source: C_SOURCE, id: C_ID };
    switch (order.kind) {
      case 'recent':
        // Ordered specially in rankSegment (timestamp descending).
        return { list: [{ ...comments(), key: sql`c.timestamp`, ...byUid }], unreviewed: false };
      case 'uid':
        return { list: [{ ...comments(), key: null, constant: 0, ...byUid }], unreviewed: false };
      case 'sample':
        return {
          list: [
            {
              ...comments([sql`c.sample_key >= ${order.offset}`]),
              key: sql`c.sample_key`,
              ...byUid,
            },
            {
              ...comments([sql`c.sample_key < ${order.offset}`]),
              key: sql`c.sample_key`,
              ...byUid,
            },
          ],
          unreviewed: false,
        };
      case 'text_search':
        // Handled in rankText (relevance is computed per query, not stored).
        return { list: [], unreviewed: false };
      case 'by_label': {
        const missing = sql`NOT EXISTS (SELECT 1 FROM label_predictions AS lp
          WHERE lp.dataset_id = ${datasetId} AND lp.label = ${order.label}
            AND lp.source_id = c.source_id AND lp.comment_id = c.id)`;
        return {
          list: [
            {
              ...labelRows(datasetId, order.label),
              key: sql`(1 - lp.probability)`,
              source: LP_SOURCE,
              id: LP_ID,
              keyed: (sources) => sql`SELECT count(*) AS n FROM label_predictions AS lp
                WHERE lp.dataset_id = ${datasetId} AND lp.label = ${order.label}
                  AND lp.source_id IN (${sources})`,
            },
            { ...comments([missing]), key: null, constant: 1, ...byUid },
          ],
          unreviewed: false,
        };
      }
      case 'teach': {
        if (order.target === 'rival') {
          const rows = labelRows(datasetId, order.label);
          const missing = sql`NOT EXISTS (SELECT 1 FROM label_predictions AS lp
            WHERE lp.dataset_id = ${datasetId} AND lp.label = ${order.label}
              AND lp.source_id = c.source_id AND lp.comment_id = c.id AND lp.teach_gap IS NOT NULL)`;
          return {
            list: [
              {
                from: rows.from,
                conditions: [...rows.conditions, sql`lp.teach_gap IS NOT NULL`],
                key: sql`lp.teach_gap`,
                source: LP_SOURCE,
                id: LP_ID,
                keyed: (sources) => sql`SELECT count(*) AS n FROM label_predictions AS lp
                  WHERE lp.dataset_id = ${datasetId} AND lp.label = ${order.label}
                    AND lp.teach_gap IS NOT NULL AND lp.source_id IN (${sources})`,
              },
              { ...comments([missing]), key: null, constant: LAST, ...byUid },
            ],
            unreviewed: true,
          };
        }
        // The literal must match the index expression, so each target has its own text.
        const distance =
          order.target === 0.5 ? sql`abs(lp.probability - 0.5)` : sql`abs(lp.probability - 0.66)`;
        const rows = labelRows(datasetId, order.label);
        // A comment without a stored probability is at p = 0, i.e. at the target's distance; so are
        // rows that far away (p = 1 with target 0.5): they share the last segment, by uid.
        const missing = sql`NOT EXISTS (SELECT 1 FROM label_predictions AS lp
          WHERE lp.dataset_id = ${datasetId} AND lp.label = ${order.label}
            AND lp.source_id = c.source_id AND lp.comment_id = c.id AND ${distance} < ${order.target})`;
        return {
          list: [
            {
              from: rows.from,
              conditions: [...rows.conditions, sql`${distance} < ${order.target}`],
              key: distance,
              source: LP_SOURCE,
              id: LP_ID,
              keyed: (sources) => sql`SELECT count(*) AS n FROM label_predictions AS lp
                WHERE lp.dataset_id = ${datasetId} AND lp.label = ${order.label}
                  AND ${distance} < ${order.target} AND lp.source_id IN (${sources})`,
            },
            { ...comments([missing]), key: null, constant: order.target, ...byUid },
          ],
          unreviewed: true,
        };
      }
      case 'rebalance': {
        const rows = commentRows(datasetId);
        const missing = sql`NOT EXISTS (SELECT 1 FROM comment_predictions AS cp
          WHERE cp.dataset_id = ${datasetId} AND cp.source_id = c.source_id AND cp.comment_id = c.id
            AND cp.rebalance_key IS NOT NULL)`;
        return {
          list: [
            {
              from: rows.from,
              conditions: [...rows.conditions, sql`cp.rebalance_key IS NOT NULL`],
              key: sql`(1 - cp.rebalance_key)`,
              source: CP_SOURCE,
              id: CP_ID,
              // The unary plus keeps SQLite on the (covering) rebalance index.
              keyed: (sources) => sql`SELECT count(*) AS n FROM comment_predictions AS cp
                WHERE cp.dataset_id = ${datasetId} AND (1 - cp.rebalance_key) IS NOT NULL
                  AND ${sqlite ? sql`+cp.source_id` : sql`cp.source_id`} IN (${sources})`,
            },
            { ...comments([missing]), key: null, constant: LAST, ...byUid },
          ],
          unreviewed: true,
        };
      }
      case 'any_label_asc': {
        const missing = sql`NOT EXISTS (SELECT 1 FROM comment_predictions AS cp
          WHERE cp.dataset_id = ${datasetId} AND cp.source_id = c.source_id AND cp.comment_id = c.id)`;
        return {
          list: [
            {
              ...commentRows(datasetId),
              key: sql`cp.max_informative`,
              source: CP_SOURCE,
              id: CP_ID,
              keyed: (sources) => sql`SELECT count(*) AS n FROM comment_predictions AS cp
                WHERE cp.dataset_id = ${datasetId} AND cp.source_id IN (${sources})`,
            },
            { ...comments([missing]), key: null, constant: LAST, ...byUid },
          ],
          unreviewed: true,
        };
      }
      case 'check':
      case 'missed': {
        // Few comments are reviewed, so these rank the reviewed set directly (no index on the key).
        const check = order.kind === 'check';
        if (order.label !== undefined) {
          const join = sql`LEFT JOIN label_predictions AS lp ON lp.dataset_id = ${datasetId}
            AND lp.label = ${order.label} AND lp.source_id = c.source_id AND lp.comment_id = c.id`;
          // Check label: the reviewed comments that carry it, least likely first; Missed label: the
          // reviewed comments that lack it, most likely first (ml.md §6.1).
          const rows = reviewedRows(datasetId, join, check);
          const carries = carriesLabel(order.label);
          return {
            list: [
              {
                from: rows.from,
                conditions: [...rows.conditions, check ? carries : sql`NOT ${carries}`],
                key: check
                  ? sql`coalesce(lp.probability, 0)`
                  : sql`(1 - coalesce(lp.probability, 0))`,
                ...byUid,
              },
            ],
            unreviewed: false,
          };
        }
        const join = sql`LEFT JOIN comment_predictions AS cp ON cp.dataset_id = ${datasetId}
          AND cp.source_id = c.source_id AND cp.comment_id = c.id`;
        return {
          list: [
            {
              ...reviewedRows(datasetId, join, check),
              key: check
                ? sql`coalesce(cp.check_key, ${sql.lit(LAST)})`
                : sql`coalesce(1 - cp.missed_key, ${sql.lit(LAST)})`,
              ...byUid,
            },
          ],
          unreviewed: false,
        };
      }
    }
  }

  function baseConditions(query: RankQuery, unreviewed: boolean, walk = false): Fragment[] {
    // For the walks over a comments index that does not start with the source (recent, sample), the
    // unary plus stops SQLite from choosing a per-source index and sorting all of its rows instead.
    const source = walk && sqlite ? sql`+c.source_id` : sql`c.source_id`;
    const conditions: Fragment[] = [sql`${source} IN (${sql.join([...query.sourceIds])})`];
    if (query.from !== undefined) {
      conditions.push(sql`c.timestamp >= ${query.from}`);
    }
    if (query.to !== undefined) {
      conditions.push(sql`c.timestamp <= ${query.to}`);
    }
    if (query.reviewed === 'only_reviewed') {
      conditions.push(reviewed(query.datasetId));
    }
    if (query.reviewed === 'only_unreviewed' || unreviewed) {
      conditions.push(sql`NOT ${reviewed(query.datasetId)}`);
    }
    return conditions;
  }

  function afterCondition(segment: Segment, after: RankedComment, recent: boolean): Fragment {
    const { source, id } = segment;
    if (recent) {
      // timestamp descending, then id, then source ascending.
      return sql`c.timestamp <= ${after.key} AND (c.timestamp < ${after.key} OR c.id > ${after.comment_id}
        OR (c.id = ${after.comment_id} AND c.source_id > ${after.source_id}))`;
    }
    // The plain `>=` lets SQLite start an index range on an expression key (it does not for a row
    // value over an expression); the row value then places the position exactly.
    return sql`${segment.key} >= ${after.key}
      AND (${segment.key}, ${source}, ${id}) > (${after.key}, ${after.source_id}, ${after.comment_id})`;
  }

  function orderBy(segment: Segment, recent: boolean): Fragment {
    if (recent) {
      return sql`c.timestamp DESC, c.id, c.source_id`;
    }
    return segment.key === null
      ? sql`${segment.source}, ${segment.id}`
      : sql`${segment.key}, ${segment.source}, ${segment.id}`;
  }

  /** `text_search`: relevance ascending as a number that is lower for better matches. */
  function textRelevance(query: RankQuery, text: string): Fragment | null {
    const conditions = sql.join(baseConditions(query, false), sql` AND `);
    // One keyword syntax on both backends (docs/keyword-search.md); nothing positive finds nothing.
    const search = parseTextSearch(text);
    if (search === null) {
      return null;
    }
    if (sqlite) {
      // bm25() is only allowed where FTS5 computes it, so the matches are materialised first.
      return sql`(SELECT bm25(comments_fts) AS k, c.source_id AS s, c.id AS i
        FROM comments_fts JOIN comments AS c ON c.seq = comments_fts.rowid
        WHERE comments_fts MATCH ${toFts5Match(search)} AND ${conditions})`;
    }
    return sql`(SELECT (-ts_rank_cd(f.search, q))::float8 AS k, c.source_id AS s, c.id AS i
      FROM comments_search AS f JOIN comments AS c ON c.seq = f.seq
        CROSS JOIN to_tsquery('english', ${toTsQuery(search)}) AS q
      WHERE f.search @@ q AND ${conditions})`;
  }

  async function rankText(
    query: RankQuery & { after?: RankedComment; limit: number },
    text: string,
  ): Promise<RankedComment[]> {
    const matches = textRelevance(query, text);
    if (matches === null) {
      return [];
    }
    const after = query.after;
    const where =
      after === undefined
        ? sql`1 = 1`
        : sql`m.k >= ${after.key} AND (m.k > ${after.key} OR m.s > ${after.source_id}
            OR (m.s = ${after.source_id} AND m.i > ${after.comment_id}))`;
    const { rows } = await sql<{ k: number; s: string; i: string }>`
      WITH m AS MATERIALIZED ${matches}
      SELECT m.k, m.s, m.i FROM m WHERE ${where} ORDER BY m.k, m.s, m.i LIMIT ${query.limit}`.execute(
      db,
    );
    return rows.map((row) => ({
      segment: 0,
      key: Number(row.k),
      source_id: row.s,
      comment_id: row.i,
    }));
  }

  /**
   * A segment at one constant key, by uid: source by source in byte order, so each walk is an index
   * range on (source_id, id) that starts at the position.
   */
  async function rankByUid(
    query: RankQuery,
    base: Fragment[],
    segment: Segment,
    index: number,
    after: RankedComment | undefined,
    limit: number,
  ): Promise<RankedComment[]> {
    const out: RankedComment[] = [];
    const sources = [...new Set(query.sourceIds)].sort();
    for (const sourceId of sources) {
      if (out.length >= limit) {
        break;
      }
      if (after !== undefined && sourceId < after.source_id) {
        continue;
      }
      const conditions = [...base, ...segment.conditions, sql`c.source_id = ${sourceId}`];
      if (after !== undefined && sourceId === after.source_id) {
        conditions.push(sql`c.id > ${after.comment_id}`);
      }
      const { rows } = await sql<{ i: string }>`
        SELECT c.id AS i FROM ${segment.from}
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY c.id
        LIMIT ${limit - out.length}`.execute(db);
      for (const row of rows) {
        out.push({
          segment: index,
          key: segment.constant ?? 0,
          source_id: sourceId,
          comment_id: row.i,
        });
      }
    }
    return out;
  }

  async function countOf(query: Fragment): Promise<number> {
    const { rows } = await sql<{ n: number | string }>`${query}`.execute(db);
    return Number(rows[0]?.n ?? 0);
  }

  /** Whether every comment in scope has a key of the segment (so none is left for the next one). */
  async function everyCommentKeyed(
    query: RankQuery,
    keyed: (sources: Fragment) => Fragment,
  ): Promise<boolean> {
    const sources = sql.join([...query.sourceIds]);
    const withKey = await countOf(keyed(sources));
    const all = await countOf(
      sql`SELECT count(*) AS n FROM comments AS c WHERE c.source_id IN (${sources})`,
    );
    // Key rows belong to existing comments (foreign keys), one per comment: equal counts mean all.
    return withKey >= all;
  }

  return {
    async rank(query) {
      if (query.sourceIds.length === 0 || query.limit <= 0) {
        return [];
      }
      if (query.order.kind === 'text_search') {
        return rankText(query, query.order.query);
      }
      const recent = query.order.kind === 'recent';
      const walk = recent || query.order.kind === 'sample';
      const { list, unreviewed } = segments(query.datasetId, query.order);
      const base = baseConditions(query, unreviewed, walk);
      const out: RankedComment[] = [];
      for (let index = 0; index < list.length && out.length < query.limit; index += 1) {
        const segment = list[index]!;
        const after = query.after;
        if (after !== undefined && after.segment > index) {
          continue;
        }
        const previous = list[index - 1];
        if (
          previous?.keyed !== undefined &&
          after?.segment !== index &&
          (await everyCommentKeyed(query, previous.keyed))
        ) {
          break;
        }
        const position = after?.segment === index ? after : undefined;
        if (segment.key === null) {
          out.push(
            ...(await rankByUid(query, base, segment, index, position, query.limit - out.length)),
          );
          continue;
        }
        const conditions = [...base, ...segment.conditions];
        if (position !== undefined) {
          conditions.push(afterCondition(segment, position, recent));
        }
        const key = segment.key;
        const { rows } = await sql<{ k: number | string; s: string; i: string }>`
          SELECT ${key} AS k, ${segment.source} AS s, ${segment.id} AS i
          FROM ${segment.from}
          WHERE ${sql.join(conditions, sql` AND `)}
          ORDER BY ${orderBy(segment, recent)}
          LIMIT ${query.limit - out.length}`.execute(db);
        for (const row of rows) {
          out.push({
            segment: index,
            key: recent ? String(row.k) : Number(row.k),
            source_id: row.s,
            comment_id: row.i,
          });
        }
      }
      return out;
    },
    async count(query) {
      if (query.sourceIds.length === 0) {
        return 0;
      }
      if (query.order.kind === 'text_search') {
        const matches = textRelevance(query, query.order.query);
        if (matches === null) {
          return 0;
        }
        const { rows } = await sql<{ n: number | string }>`
          SELECT count(*) AS n FROM ${matches} AS m`.execute(db);
        return Number(rows[0]?.n ?? 0);
      }
      const { list, unreviewed } = segments(query.datasetId, query.order);
      if (query.order.kind === 'check' || query.order.kind === 'missed') {
        const base = baseConditions(query, unreviewed);
        let total = 0;
        for (const segment of list) {
          total += await countOf(sql`SELECT count(*) AS n FROM ${segment.from}
            WHERE ${sql.join([...base, ...segment.conditions], sql` AND `)}`);
        }
        return total;
      }
      // Every other order ranks every comment in scope (the unreviewed ones for those on predictions):
      // all comments in scope less the reviewed ones, both counted on indexes.
      const { reviewed: _reviewed, ...scope } = query;
      const inScope = baseConditions(scope, false);
      const reviewedInScope = () =>
        countOf(sql`SELECT count(*) AS n FROM annotations AS a
          JOIN comments AS c ON c.source_id = a.source_id AND c.id = a.comment_id
          WHERE a.dataset_id = ${query.datasetId} AND a.reviewed = 1
            AND ${sql.join(inScope, sql` AND `)}`);
      const wantsReviewed = query.reviewed === 'only_reviewed';
      if (wantsReviewed) {
        return unreviewed ? 0 : reviewedInScope();
      }
      const all = await countOf(
        sql`SELECT count(*) AS n FROM comments AS c WHERE ${sql.join(inScope, sql` AND `)}`,
      );
      return unreviewed || query.reviewed === 'only_unreviewed'
        ? all - (await reviewedInScope())
        : all;
    },
  };
}
