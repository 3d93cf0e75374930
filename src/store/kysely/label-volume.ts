import { sql, type Kysely, type RawBuilder } from 'kysely';

import type { Database } from '../schema.js';
import type { LabelVolume, LabelVolumeQuery, StoreCapabilities } from '../store.js';

// Reports on predictions: label counts per day over every comment of a dataset, aggregated by the
// database so that 100k comments never cross into the process. Days are UTC calendar days taken from the
// canonical timestamp (fixed width, so its first ten characters are the date); coarser periods are sums
// of days, built by the caller.

const day = sql<string>`substr(c.timestamp, 1, 10)`;

function inList(values: readonly string[]): RawBuilder<unknown> {
  return sql.join(values.map((value) => sql`${value}`));
}

function timeRange(query: LabelVolumeQuery): RawBuilder<unknown> {
  return sql.join(
    [
      sql`TRUE`,
      ...(query.from === undefined ? [] : [sql`c.timestamp >= ${query.from}`]),
      ...(query.to === undefined ? [] : [sql`c.timestamp <= ${query.to}`]),
    ],
    sql` AND `,
  );
}

/**
 * The assigned label names of the dataset's reviewed comments, one row per (comment, name). The
 * labelling column is a JSON array of groups; each dialect has its own JSON table functions.
 */
function assignedNames(
  capabilities: StoreCapabilities,
  query: LabelVolumeQuery,
): RawBuilder<unknown> {
  const where = sql`a.dataset_id = ${query.datasetId} AND a.reviewed = 1
    AND a.source_id IN (${inList(query.sourceIds)})`;
  if (capabilities.dialect === 'postgres') {
    return sql`SELECT a.source_id, a.comment_id, l.value ->> 'name' AS name
      FROM annotations a
      CROSS JOIN LATERAL jsonb_array_elements(a.labelling::jsonb) AS g(value)
      CROSS JOIN LATERAL jsonb_array_elements(COALESCE(g.value -> 'assigned', '[]'::jsonb)) AS l(value)
      WHERE ${where}`;
  }
  return sql`SELECT a.source_id, a.comment_id, json_extract(l.value, '$.name') AS name
    FROM annotations a, json_each(a.labelling) AS g, json_each(g.value, '$.assigned') AS l
    WHERE ${where}`;
}

export async function labelVolume(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
  query: LabelVolumeQuery,
): Promise<LabelVolume> {
  if (query.sourceIds.length === 0) {
    return { days: [], counts: [] };
  }
  const sources = inList(query.sourceIds);
  const range = timeRange(query);
  const reviewedOnly = query.basis === 'reviewed';

  const days = await sql<{ day: string; comments: number | string; reviewed: number | string }>`
    SELECT ${day} AS day, COUNT(*) AS comments, COUNT(a.comment_id) AS reviewed
    FROM comments c
    LEFT JOIN annotations a
      ON a.dataset_id = ${query.datasetId} AND a.source_id = c.source_id AND a.comment_id = c.id
      AND a.reviewed = 1
    WHERE c.source_id IN (${sources}) AND ${range}
      ${reviewedOnly ? sql`AND a.comment_id IS NOT NULL` : sql``}
    GROUP BY ${day}
    ORDER BY day`.execute(db);

  const counts = new Map<string, number>();
  const add = (rows: readonly { day: string; label: string; count: number | string }[]) => {
    for (const row of rows) {
      const key = `${row.day}\u0000${row.label}`;
      counts.set(key, (counts.get(key) ?? 0) + Number(row.count));
    }
  };

  if (query.labels.length > 0) {
    const labels = sql.join(
      query.labels.map(
        (label) => sql`(${label.name}, CAST(${label.threshold} AS DOUBLE PRECISION))`,
      ),
    );
    // A reviewed comment counts once for a label when it carries the label or any of its descendants.
    const reviewed = await sql<{ day: string; label: string; count: number | string }>`
      WITH t (label, threshold) AS (VALUES ${labels}),
      assigned AS (${assignedNames(capabilities, query)})
      SELECT ${day} AS day, t.label AS label,
        COUNT(DISTINCT c.source_id || '/' || c.id) AS count
      FROM assigned s
      JOIN comments c ON c.source_id = s.source_id AND c.id = s.comment_id
      JOIN t ON s.name = t.label OR substr(s.name, 1, length(t.label) + 3) = t.label || ' > '
      WHERE ${range}
      GROUP BY ${day}, t.label`.execute(db);
    add(reviewed.rows);

    if (!reviewedOnly) {
      // Predictions stand in for annotations only where there are none.
      const predicted = await sql<{ day: string; label: string; count: number | string }>`
        WITH t (label, threshold) AS (VALUES ${labels})
        SELECT ${day} AS day, lp.label AS label, COUNT(*) AS count
        FROM label_predictions lp
        JOIN t ON t.label = lp.label AND lp.probability >= t.threshold
        JOIN comments c ON c.source_id = lp.source_id AND c.id = lp.comment_id
        WHERE lp.dataset_id = ${query.datasetId} AND lp.source_id IN (${sources}) AND ${range}
          AND NOT EXISTS (
            SELECT 1 FROM annotations a
            WHERE a.dataset_id = lp.dataset_id AND a.source_id = lp.source_id
              AND a.comment_id = lp.comment_id AND a.reviewed = 1
          )
        GROUP BY ${day}, lp.label`.execute(db);
      add(predicted.rows);
    }
  }

  return {
    days: days.rows.map((row) => ({
      day: row.day,
      comments: Number(row.comments),
      reviewed: Number(row.reviewed),
    })),
    counts: [...counts.entries()]
      .map(([key, count]) => {
        const [d, label] = key.split('\u0000') as [string, string];
        return { day: d, label, count };
      })
      .sort((a, b) =>
        a.day === b.day
          ? a.label < b.label
            ? -1
            : a.label > b.label
              ? 1
              : 0
          : a.day < b.day
            ? -1
            : 1,
      ),
  };
}
