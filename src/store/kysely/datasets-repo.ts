import type { Kysely } from 'kysely';

import type { Database } from '../schema.js';
import type { DatasetRecord, DatasetRepo, StoreCapabilities } from '../store.js';

import { insertOrConflict } from './constraint-errors.js';

function selectDatasets(db: Kysely<Database>) {
  return db
    .selectFrom('datasets')
    .innerJoin('projects', 'projects.id', 'datasets.project_id')
    .selectAll('datasets')
    .select('projects.name as owner');
}

type DatasetRow = Awaited<ReturnType<ReturnType<typeof selectDatasets>['executeTakeFirstOrThrow']>>;

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function toDataset(row: DatasetRow, sourceIds: string[]): DatasetRecord {
  return {
    id: row.id,
    project_id: row.project_id,
    owner: row.owner,
    name: row.name,
    title: row.title,
    description: row.description,
    model_family: row.model_family,
    has_sentiment: row.has_sentiment === 1,
    source_ids: sourceIds,
    dataset_flags: JSON.parse(row.dataset_flags) as string[],
    model_config: JSON.parse(row.model_config) as Record<string, unknown>,
    label_properties: parseJson<string[]>(row.label_properties),
    timezone: row.timezone,
    preferred_locales: parseJson<Record<string, unknown>>(row.preferred_locales),
    created: row.created,
    last_modified: row.last_modified,
  };
}

export function createDatasetRepo(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
): DatasetRepo {
  async function sourceIdsOf(datasetIds: readonly string[]): Promise<Map<string, string[]>> {
    const byDataset = new Map<string, string[]>(datasetIds.map((id) => [id, []]));
    if (datasetIds.length === 0) {
      return byDataset;
    }
    const rows = await db
      .selectFrom('dataset_sources')
      .select(['dataset_id', 'source_id'])
      .where('dataset_id', 'in', datasetIds)
      .orderBy('dataset_id')
      .orderBy('position')
      .execute();
    for (const row of rows) {
      byDataset.get(row.dataset_id)?.push(row.source_id);
    }
    return byDataset;
  }

  async function withSources(rows: DatasetRow[]): Promise<DatasetRecord[]> {
    const sources = await sourceIdsOf(rows.map((row) => row.id));
    return rows.map((row) => toDataset(row, sources.get(row.id) ?? []));
  }

  async function replaceSources(datasetId: string, sourceIds: readonly string[]): Promise<void> {
    await db.deleteFrom('dataset_sources').where('dataset_id', '=', datasetId).execute();
    if (sourceIds.length > 0) {
      await db
        .insertInto('dataset_sources')
        .values(
          sourceIds.map((sourceId, position) => ({
            dataset_id: datasetId,
            source_id: sourceId,
            position,
          })),
        )
        .execute();
    }
  }

  return {
    async insert(dataset) {
      const { source_ids: sourceIds, ...fields } = dataset;
      await insertOrConflict(`Dataset '${dataset.name}' already exists`, () =>
        db
          .insertInto('datasets')
          .values({
            ...fields,
            has_sentiment: fields.has_sentiment ? 1 : 0,
            dataset_flags: JSON.stringify(fields.dataset_flags),
            model_config: JSON.stringify(fields.model_config),
            label_properties:
              fields.label_properties === null ? null : JSON.stringify(fields.label_properties),
            preferred_locales:
              fields.preferred_locales === null ? null : JSON.stringify(fields.preferred_locales),
          })
          .execute(),
      );
      await replaceSources(dataset.id, sourceIds);
    },
    async getByName(projectName, name) {
      const row = await selectDatasets(db)
        .where('projects.name', '=', projectName)
        .where('datasets.name', '=', name)
        .executeTakeFirst();
      return row ? ((await withSources([row]))[0] ?? null) : null;
    },
    async getById(id) {
      const row = await selectDatasets(db).where('datasets.id', '=', id).executeTakeFirst();
      return row ? ((await withSources([row]))[0] ?? null) : null;
    },
    async list(projectName) {
      let query = selectDatasets(db);
      if (projectName !== undefined) {
        query = query.where('projects.name', '=', projectName);
      }
      return withSources(await query.orderBy('projects.name').orderBy('datasets.name').execute());
    },
    async update(id, update) {
      const {
        source_ids: sourceIds,
        dataset_flags: flags,
        model_config: modelConfig,
        label_properties: labelProperties,
        preferred_locales: locales,
        ...rest
      } = update;
      const values = {
        ...rest,
        ...(flags === undefined ? {} : { dataset_flags: JSON.stringify(flags) }),
        ...(modelConfig === undefined ? {} : { model_config: JSON.stringify(modelConfig) }),
        ...(labelProperties === undefined
          ? {}
          : {
              label_properties: labelProperties === null ? null : JSON.stringify(labelProperties),
            }),
        ...(locales === undefined
          ? {}
          : { preferred_locales: locales === null ? null : JSON.stringify(locales) }),
      };
      if (Object.keys(values).length > 0) {
        await db.updateTable('datasets').set(values).where('id', '=', id).execute();
      }
      if (sourceIds !== undefined) {
        await replaceSources(id, sourceIds);
      }
    },
    async lock(id) {
      // Row locks exist exactly where claims use SKIP LOCKED: on PostgreSQL.
      if (!capabilities.skipLocked) {
        return;
      }
      await db.selectFrom('datasets').select('id').where('id', '=', id).forUpdate().execute();
    },
    async delete(id) {
      await db.deleteFrom('datasets').where('id', '=', id).execute();
    },
    async countByProject(projectId) {
      const row = await db
        .selectFrom('datasets')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async removeSource(sourceId, lastModified) {
      const rows = await db
        .selectFrom('dataset_sources')
        .select('dataset_id')
        .where('source_id', '=', sourceId)
        .orderBy('dataset_id')
        .execute();
      const datasetIds = rows.map((row) => row.dataset_id);
      if (datasetIds.length === 0) {
        return [];
      }
      await db.deleteFrom('dataset_sources').where('source_id', '=', sourceId).execute();
      await db
        .updateTable('datasets')
        .set({ last_modified: lastModified })
        .where('id', 'in', datasetIds)
        .execute();
      return datasetIds;
    },
  };
}
