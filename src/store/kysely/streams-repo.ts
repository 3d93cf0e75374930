import type { Kysely, Selectable } from 'kysely';

import type { Database, StreamsTable } from '../schema.js';
import type {
  StreamExceptionRecord,
  StreamLabelThreshold,
  StreamRecord,
  StreamRepo,
} from '../store.js';

import { insertOrConflict } from './constraint-errors.js';

const KEYS_PER_QUERY = 500;

function toStream(row: Selectable<StreamsTable>): StreamRecord {
  return {
    id: row.id,
    dataset_id: row.dataset_id,
    name: row.name,
    title: row.title,
    description: row.description,
    created_at: row.created_at,
    updated_at: row.updated_at,
    context: row.context,
    comment_filter: JSON.parse(row.comment_filter) as Record<string, unknown>,
    model:
      row.model_version === null
        ? null
        : {
            version: row.model_version,
            label_thresholds: JSON.parse(row.label_thresholds) as StreamLabelThreshold[],
          },
    position: Number(row.position),
  };
}

function settingsOf(record: StreamRecord) {
  return {
    name: record.name,
    title: record.title,
    description: record.description,
    updated_at: record.updated_at,
    context: record.context,
    comment_filter: JSON.stringify(record.comment_filter),
    model_version: record.model?.version ?? null,
    label_thresholds: JSON.stringify(record.model?.label_thresholds ?? []),
  };
}

const conflict = (name: string) => `A stream named '${name}' already exists in this dataset`;

export function createStreamRepo(db: Kysely<Database>): StreamRepo {
  return {
    async create(record) {
      await insertOrConflict(conflict(record.name), () =>
        db
          .insertInto('streams')
          .values({
            id: record.id,
            dataset_id: record.dataset_id,
            created_at: record.created_at,
            position: record.position,
            ...settingsOf(record),
          })
          .execute(),
      );
    },
    async get(datasetId, name) {
      const row = await db
        .selectFrom('streams')
        .selectAll()
        .where('dataset_id', '=', datasetId)
        .where('name', '=', name)
        .executeTakeFirst();
      return row === undefined ? null : toStream(row);
    },
    async list(datasetId) {
      const rows = await db
        .selectFrom('streams')
        .selectAll()
        .where('dataset_id', '=', datasetId)
        .orderBy('name')
        .execute();
      return rows.map(toStream);
    },
    async update(record) {
      await insertOrConflict(conflict(record.name), () =>
        db.updateTable('streams').set(settingsOf(record)).where('id', '=', record.id).execute(),
      );
    },
    async delete(id) {
      const result = await db.deleteFrom('streams').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async advance(id, position, updatedAt) {
      // One conditional UPDATE is the compare-and-set: of two concurrent advances the higher wins,
      // and an older token is a no-op (api.md §5.11.1).
      await db
        .updateTable('streams')
        .set({ position, updated_at: updatedAt })
        .where('id', '=', id)
        .where('position', '<', position)
        .execute();
      const row = await db
        .selectFrom('streams')
        .select('position')
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? null : Number(row.position);
    },
    async setPosition(id, position, updatedAt) {
      await db
        .updateTable('streams')
        .set({ position, updated_at: updatedAt })
        .where('id', '=', id)
        .execute();
    },
    async usesVersion(datasetId, version) {
      const row = await db
        .selectFrom('streams')
        .select('id')
        .where('dataset_id', '=', datasetId)
        .where('model_version', '=', version)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async putExceptions(entries, createdAt) {
      for (let start = 0; start < entries.length; start += KEYS_PER_QUERY) {
        const values = entries
          .slice(start, start + KEYS_PER_QUERY)
          .map((entry) => ({ ...entry, created_at: createdAt }));
        await db
          .insertInto('stream_exceptions')
          .values(values)
          .onConflict((oc) =>
            oc
              .columns(['stream_id', 'source_id', 'comment_id'])
              .doUpdateSet((eb) => ({ type: eb.ref('excluded.type') })),
          )
          .execute();
      }
    },
    async deleteExceptions(streamId, keys) {
      for (const key of keys) {
        await db
          .deleteFrom('stream_exceptions')
          .where('stream_id', '=', streamId)
          .where('source_id', '=', key.source_id)
          .where('comment_id', '=', key.comment_id)
          .execute();
      }
    },
    async exceptionsFor(streamIds, sourceId, commentIds) {
      if (streamIds.length === 0 || commentIds.length === 0) {
        return [];
      }
      const found: StreamExceptionRecord[] = [];
      const unique = [...new Set(commentIds)];
      for (let start = 0; start < unique.length; start += KEYS_PER_QUERY) {
        const rows = await db
          .selectFrom('stream_exceptions')
          .select(['stream_id', 'source_id', 'comment_id', 'type'])
          .where('stream_id', 'in', [...streamIds])
          .where('source_id', '=', sourceId)
          .where('comment_id', 'in', unique.slice(start, start + KEYS_PER_QUERY))
          .execute();
        found.push(...rows);
      }
      return found;
    },
    async listExceptions(streamId) {
      return db
        .selectFrom('stream_exceptions')
        .select(['stream_id', 'source_id', 'comment_id', 'type'])
        .where('stream_id', '=', streamId)
        .orderBy('source_id')
        .orderBy('comment_id')
        .execute();
    },
  };
}
