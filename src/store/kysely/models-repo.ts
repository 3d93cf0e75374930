import type { Kysely, Selectable } from 'kysely';

import { teachGap } from '../../lib/order-keys.js';
import type { Database, ModelVersionsTable } from '../schema.js';
import type {
  CommentPredictionRecord,
  EmbeddingRepo,
  ModelRepo,
  ModelVersionRecord,
  PredictionRepo,
  StoreCapabilities,
} from '../store.js';

import { labelVolume } from './label-volume.js';

const KEYS_PER_QUERY = 500;
const ROWS_PER_INSERT = 200;

const LIST_COLUMNS = [
  'dataset_id',
  'version',
  'model_id',
  'fingerprint',
  'trained_time',
  'training_duration',
  'input_updated_at',
  'reviewed_counts',
  'summary',
  'pinned',
  'starred',
  'description',
] as const;

type ListRow = Pick<Selectable<ModelVersionsTable>, (typeof LIST_COLUMNS)[number]>;

function toVersion(row: ListRow): ModelVersionRecord {
  return {
    dataset_id: row.dataset_id,
    version: Number(row.version),
    model_id: row.model_id,
    fingerprint: row.fingerprint,
    trained_time: row.trained_time,
    training_duration: Number(row.training_duration),
    input_updated_at: row.input_updated_at,
    reviewed_counts: JSON.parse(row.reviewed_counts) as Record<string, number>,
    summary: JSON.parse(row.summary) as unknown,
    pinned: Number(row.pinned) === 1,
    starred: Number(row.starred) === 1,
    description: row.description,
  };
}

function toBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

export function createModelRepo(db: Kysely<Database>): ModelRepo {
  return {
    async insert(record) {
      const newest = await db
        .selectFrom('model_versions')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('dataset_id', '=', record.dataset_id)
        .executeTakeFirst();
      const version = Number(newest?.version ?? 0) + 1;
      await db
        .insertInto('model_versions')
        .values({
          dataset_id: record.dataset_id,
          version,
          model_id: record.model_id,
          fingerprint: record.fingerprint,
          trained_time: record.trained_time,
          training_duration: record.training_duration,
          input_updated_at: record.input_updated_at,
          reviewed_counts: JSON.stringify(record.reviewed_counts),
          summary: JSON.stringify(record.summary),
          validation: JSON.stringify(record.validation),
          taxonomy: JSON.stringify(record.taxonomy),
          model_file: Buffer.from(
            record.model_file.buffer,
            record.model_file.byteOffset,
            record.model_file.byteLength,
          ),
          pinned: record.pinned ? 1 : 0,
          starred: record.starred ? 1 : 0,
          description: record.description,
        })
        .execute();
      return version;
    },
    async get(datasetId, version) {
      const row = await db
        .selectFrom('model_versions')
        .select(LIST_COLUMNS)
        .where('dataset_id', '=', datasetId)
        .where('version', '=', version)
        .executeTakeFirst();
      return row ? toVersion(row) : null;
    },
    async latest(datasetId) {
      const row = await db
        .selectFrom('model_versions')
        .select(LIST_COLUMNS)
        .where('dataset_id', '=', datasetId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toVersion(row) : null;
    },
    async list(datasetId, options) {
      let query = db
        .selectFrom('model_versions')
        .select(LIST_COLUMNS)
        .where('dataset_id', '=', datasetId);
      if (options.olderThan !== undefined) {
        query = query.where('version', '<', options.olderThan);
      }
      const rows = await query.orderBy('version', 'desc').limit(options.limit).execute();
      return rows.map(toVersion);
    },
    async history(datasetId, limit) {
      const rows = await db
        .selectFrom('model_versions')
        .select(LIST_COLUMNS)
        .where('dataset_id', '=', datasetId)
        .orderBy('version', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toVersion).reverse();
    },
    async getValidation(datasetId, version) {
      const row = await db
        .selectFrom('model_versions')
        .select(['validation', 'taxonomy'])
        .where('dataset_id', '=', datasetId)
        .where('version', '=', version)
        .executeTakeFirst();
      return row
        ? {
            validation: JSON.parse(row.validation) as unknown,
            taxonomy: JSON.parse(row.taxonomy) as unknown,
          }
        : null;
    },
    async getFile(datasetId, version) {
      const row = await db
        .selectFrom('model_versions')
        .select('model_file')
        .where('dataset_id', '=', datasetId)
        .where('version', '=', version)
        .executeTakeFirst();
      return row ? toBytes(row.model_file) : null;
    },
    async updateSettings(datasetId, version, update) {
      const set: { pinned?: number; starred?: number; description?: string } = {};
      if (update.pinned !== undefined) {
        set.pinned = update.pinned ? 1 : 0;
      }
      if (update.starred !== undefined) {
        set.starred = update.starred ? 1 : 0;
      }
      if (update.description !== undefined) {
        set.description = update.description;
      }
      if (Object.keys(set).length === 0) {
        return;
      }
      await db
        .updateTable('model_versions')
        .set(set)
        .where('dataset_id', '=', datasetId)
        .where('version', '=', version)
        .execute();
    },
    async countPinned(datasetId) {
      const row = await db
        .selectFrom('model_versions')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('dataset_id', '=', datasetId)
        .where('pinned', '=', 1)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },
    async listTags(datasetId) {
      const rows = await db
        .selectFrom('model_tags')
        .selectAll()
        .where('dataset_id', '=', datasetId)
        .orderBy('name')
        .execute();
      return rows.map((row) => ({ ...row, version: Number(row.version) }));
    },
    async setTag(tag) {
      await db
        .insertInto('model_tags')
        .values(tag)
        .onConflict((oc) =>
          oc
            .columns(['dataset_id', 'name'])
            .doUpdateSet({ version: tag.version, updated_at: tag.updated_at }),
        )
        .execute();
    },
    async deleteTag(datasetId, name) {
      const result = await db
        .deleteFrom('model_tags')
        .where('dataset_id', '=', datasetId)
        .where('name', '=', name)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

export function createEmbeddingRepo(db: Kysely<Database>): EmbeddingRepo {
  return {
    async cachedHashes(embedderId, hashes) {
      const found = new Set<string>();
      const unique = [...new Set(hashes)];
      for (let start = 0; start < unique.length; start += KEYS_PER_QUERY) {
        const rows = await db
          .selectFrom('embeddings')
          .select('input_sha256')
          .where('embedder_id', '=', embedderId)
          .where('input_sha256', 'in', unique.slice(start, start + KEYS_PER_QUERY))
          .execute();
        rows.forEach((row) => found.add(row.input_sha256));
      }
      return found;
    },
    async getMany(embedderId, hashes) {
      const found = new Map<string, Float32Array>();
      const unique = [...new Set(hashes)];
      for (let start = 0; start < unique.length; start += KEYS_PER_QUERY) {
        const rows = await db
          .selectFrom('embeddings')
          .select(['input_sha256', 'vector'])
          .where('embedder_id', '=', embedderId)
          .where('input_sha256', 'in', unique.slice(start, start + KEYS_PER_QUERY))
          .execute();
        for (const row of rows) {
          // Copy: driver buffers may share a pool and are not 4-byte aligned.
          const bytes = toBytes(row.vector);
          const vector = new Float32Array(bytes.byteLength / 4);
          new Uint8Array(vector.buffer).set(bytes);
          found.set(row.input_sha256, vector);
        }
      }
      return found;
    },
    async putMany(embedderId, entries, at) {
      for (let start = 0; start < entries.length; start += ROWS_PER_INSERT) {
        const values = entries.slice(start, start + ROWS_PER_INSERT).map((entry) => ({
          embedder_id: embedderId,
          input_sha256: entry.hash,
          vector: Buffer.from(
            entry.vector.buffer,
            entry.vector.byteOffset,
            entry.vector.byteLength,
          ),
          created_at: at,
        }));
        await db
          .insertInto('embeddings')
          .values(values)
          .onConflict((oc) => oc.columns(['embedder_id', 'input_sha256']).doNothing())
          .execute();
      }
    },
  };
}

function toPrediction(row: Selectable<Database['comment_predictions']>): CommentPredictionRecord {
  return {
    dataset_id: row.dataset_id,
    source_id: row.source_id,
    comment_id: row.comment_id,
    version: Number(row.version),
    context: row.context,
    labels: JSON.parse(row.labels) as [string, number][],
    max_informative: Number(row.max_informative),
    check_key: row.check_key === null ? null : Number(row.check_key),
    missed_key: row.missed_key === null ? null : Number(row.missed_key),
    rebalance_key: row.rebalance_key === null ? null : Number(row.rebalance_key),
  };
}

export function createPredictionRepo(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
): PredictionRepo {
  return {
    async upsertMany(records) {
      for (let start = 0; start < records.length; start += ROWS_PER_INSERT) {
        const chunk = records.slice(start, start + ROWS_PER_INSERT);
        const bySource = new Map<string, string[]>();
        for (const record of chunk) {
          const ids = bySource.get(record.source_id) ?? [];
          ids.push(record.comment_id);
          bySource.set(record.source_id, ids);
        }
        const datasetId = chunk[0]!.dataset_id;
        for (const [sourceId, ids] of bySource) {
          await db
            .deleteFrom('label_predictions')
            .where('dataset_id', '=', datasetId)
            .where('source_id', '=', sourceId)
            .where('comment_id', 'in', ids)
            .execute();
        }
        await db
          .insertInto('comment_predictions')
          .values(
            chunk.map((record) => ({
              ...record,
              labels: JSON.stringify(record.labels),
            })),
          )
          .onConflict((oc) =>
            oc.columns(['dataset_id', 'source_id', 'comment_id']).doUpdateSet((eb) => ({
              version: eb.ref('excluded.version'),
              context: eb.ref('excluded.context'),
              labels: eb.ref('excluded.labels'),
              max_informative: eb.ref('excluded.max_informative'),
              check_key: eb.ref('excluded.check_key'),
              missed_key: eb.ref('excluded.missed_key'),
              rebalance_key: eb.ref('excluded.rebalance_key'),
            })),
          )
          .execute();
        const labelRows = chunk.flatMap((record) =>
          record.labels.map(([label, probability]) => ({
            dataset_id: record.dataset_id,
            label,
            source_id: record.source_id,
            comment_id: record.comment_id,
            probability,
            teach_gap: teachGap(record.labels, label),
          })),
        );
        for (let offset = 0; offset < labelRows.length; offset += ROWS_PER_INSERT) {
          await db
            .insertInto('label_predictions')
            .values(labelRows.slice(offset, offset + ROWS_PER_INSERT))
            .execute();
        }
      }
    },
    async getForComments(datasetId, sourceId, commentIds) {
      const unique = [...new Set(commentIds)];
      const found: CommentPredictionRecord[] = [];
      for (let start = 0; start < unique.length; start += KEYS_PER_QUERY) {
        const rows = await db
          .selectFrom('comment_predictions')
          .selectAll()
          .where('dataset_id', '=', datasetId)
          .where('source_id', '=', sourceId)
          .where('comment_id', 'in', unique.slice(start, start + KEYS_PER_QUERY))
          .execute();
        found.push(...rows.map(toPrediction));
      }
      return found;
    },
    async listForDataset(datasetId) {
      const rows = await db
        .selectFrom('comment_predictions')
        .selectAll()
        .where('dataset_id', '=', datasetId)
        .execute();
      return rows.map(toPrediction);
    },
    async countForVersion(datasetId, version) {
      const row = await db
        .selectFrom('comment_predictions')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('dataset_id', '=', datasetId)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },
    labelVolume: (query) => labelVolume(db, capabilities, query),
  };
}
