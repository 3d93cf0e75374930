import type { Kysely, Selectable } from 'kysely';

import type { Database, EntityDefsTable, GeneralFieldsTable, LabelDefsTable } from '../schema.js';
import type {
  EntityDefRecord,
  GeneralFieldRecord,
  LabelDefRecord,
  TaxonomyRecord,
  TaxonomyRepo,
} from '../store.js';

import { insertOrConflict } from './constraint-errors.js';

const INSERT_CHUNK = 1000;

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function jsonOrNull(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}

function toLabelDef(row: Selectable<LabelDefsTable>): LabelDefRecord {
  return {
    name: row.name,
    title: row.title,
    instructions: row.instructions,
    external_id: row.external_id,
    pretrained: parseJson<{ id: string; name: string }>(row.pretrained),
    trainable: row.trainable === 1,
    moon_form: parseJson<LabelDefRecord['moon_form']>(row.moon_form),
    properties: parseJson<{ name: string; value: number }[]>(row.properties),
  };
}

function labelDefRow(def: LabelDefRecord & { position: number }) {
  return {
    name: def.name,
    position: def.position,
    title: def.title,
    instructions: def.instructions,
    external_id: def.external_id,
    pretrained: jsonOrNull(def.pretrained),
    trainable: def.trainable ? 1 : 0,
    moon_form: jsonOrNull(def.moon_form),
    properties: jsonOrNull(def.properties),
  };
}

function toEntityDef(row: Selectable<EntityDefsTable>): EntityDefRecord {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    color: Number(row.color),
    inherits_from: JSON.parse(row.inherits_from) as string[],
    trainable: row.trainable === 1,
    flags: JSON.parse(row.flags) as string[],
    rules: parseJson<EntityDefRecord['rules']>(row.rules),
    instructions: row.instructions,
  };
}

function entityDefRow(def: EntityDefRecord) {
  return {
    name: def.name,
    title: def.title,
    color: def.color,
    inherits_from: JSON.stringify(def.inherits_from),
    trainable: def.trainable ? 1 : 0,
    flags: JSON.stringify(def.flags),
    rules: jsonOrNull(def.rules),
    instructions: def.instructions,
  };
}

function toGeneralField(row: Selectable<GeneralFieldsTable>): GeneralFieldRecord {
  return {
    field_id: row.field_id,
    api_name: row.api_name,
    field_type_id: row.field_type_id,
    field_type_name: row.field_type_name,
    title: row.title,
  };
}

export function createTaxonomyRepo(db: Kysely<Database>): TaxonomyRepo {
  /** The position after the last row of a dataset's list (creation order survives deletions). */
  async function nextPosition(
    table: 'label_groups' | 'entity_defs' | 'general_fields',
    datasetId: string,
  ): Promise<number> {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.max<number | string | null>('position').as('last'))
      .where('dataset_id', '=', datasetId)
      .executeTakeFirst();
    return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
  }

  return {
    async load(datasetIds) {
      const taxonomies = new Map<string, TaxonomyRecord>(
        datasetIds.map((id) => [id, { label_groups: [], entity_defs: [], general_fields: [] }]),
      );
      if (datasetIds.length === 0) {
        return taxonomies;
      }
      const groups = await db
        .selectFrom('label_groups')
        .selectAll()
        .where('dataset_id', 'in', datasetIds)
        .orderBy('dataset_id')
        .orderBy('position')
        .execute();
      const defs = await db
        .selectFrom('label_defs')
        .selectAll()
        .where('dataset_id', 'in', datasetIds)
        .orderBy('dataset_id')
        .orderBy('group_name')
        .orderBy('position')
        .execute();
      const entityDefs = await db
        .selectFrom('entity_defs')
        .selectAll()
        .where('dataset_id', 'in', datasetIds)
        .orderBy('dataset_id')
        .orderBy('position')
        .execute();
      const generalFields = await db
        .selectFrom('general_fields')
        .selectAll()
        .where('dataset_id', 'in', datasetIds)
        .orderBy('dataset_id')
        .orderBy('position')
        .execute();
      const defsByGroup = new Map<string, LabelDefRecord[]>();
      for (const row of defs) {
        const key = JSON.stringify([row.dataset_id, row.group_name]);
        const list = defsByGroup.get(key) ?? [];
        list.push(toLabelDef(row));
        defsByGroup.set(key, list);
      }
      for (const row of groups) {
        taxonomies.get(row.dataset_id)?.label_groups.push({
          name: row.name,
          label_collection_name: row.label_collection_name,
          trainable: row.trainable === 1,
          hidden: row.hidden === 1,
          instructions: row.instructions,
          label_defs: defsByGroup.get(JSON.stringify([row.dataset_id, row.name])) ?? [],
        });
      }
      for (const row of entityDefs) {
        taxonomies.get(row.dataset_id)?.entity_defs.push(toEntityDef(row));
      }
      for (const row of generalFields) {
        taxonomies.get(row.dataset_id)?.general_fields.push(toGeneralField(row));
      }
      return taxonomies;
    },
    async insertGroup(datasetId, group) {
      const position = await nextPosition('label_groups', datasetId);
      await insertOrConflict(`Label group '${group.name}' already exists`, () =>
        db
          .insertInto('label_groups')
          .values({
            dataset_id: datasetId,
            name: group.name,
            position,
            label_collection_name: group.label_collection_name,
            trainable: group.trainable ? 1 : 0,
            hidden: group.hidden ? 1 : 0,
            instructions: group.instructions,
          })
          .execute(),
      );
    },
    async updateGroup(datasetId, group) {
      await db
        .updateTable('label_groups')
        .set({
          label_collection_name: group.label_collection_name,
          trainable: group.trainable ? 1 : 0,
          hidden: group.hidden ? 1 : 0,
          instructions: group.instructions,
        })
        .where('dataset_id', '=', datasetId)
        .where('name', '=', group.name)
        .execute();
    },
    async deleteGroup(datasetId, name) {
      await db
        .deleteFrom('label_groups')
        .where('dataset_id', '=', datasetId)
        .where('name', '=', name)
        .execute();
    },
    async insertLabelDefs(datasetId, groupName, defs) {
      if (defs.length === 0) {
        return;
      }
      // Chunked: PostgreSQL binds at most 65535 parameters per statement.
      for (let start = 0; start < defs.length; start += INSERT_CHUNK) {
        const rows = defs
          .slice(start, start + INSERT_CHUNK)
          .map((def) => ({ dataset_id: datasetId, group_name: groupName, ...labelDefRow(def) }));
        await insertOrConflict(`Label already exists in group '${groupName}'`, () =>
          db.insertInto('label_defs').values(rows).execute(),
        );
      }
    },
    async updateLabelDef(datasetId, groupName, name, def) {
      await insertOrConflict(`Label '${def.name}' already exists in group '${groupName}'`, () =>
        db
          .updateTable('label_defs')
          .set(labelDefRow(def))
          .where('dataset_id', '=', datasetId)
          .where('group_name', '=', groupName)
          .where('name', '=', name)
          .execute(),
      );
    },
    async deleteLabelDefs(datasetId, groupName, names) {
      if (names.length === 0) {
        return;
      }
      await db
        .deleteFrom('label_defs')
        .where('dataset_id', '=', datasetId)
        .where('group_name', '=', groupName)
        .where('name', 'in', names)
        .execute();
    },
    async insertEntityDef(datasetId, def) {
      const position = await nextPosition('entity_defs', datasetId);
      await insertOrConflict(`Entity def '${def.name}' already exists`, () =>
        db
          .insertInto('entity_defs')
          .values({ id: def.id, dataset_id: datasetId, position, ...entityDefRow(def) })
          .execute(),
      );
    },
    async updateEntityDef(datasetId, def) {
      await insertOrConflict(`Entity def '${def.name}' already exists`, () =>
        db
          .updateTable('entity_defs')
          .set(entityDefRow(def))
          .where('dataset_id', '=', datasetId)
          .where('id', '=', def.id)
          .execute(),
      );
    },
    async insertGeneralField(datasetId, field) {
      const position = await nextPosition('general_fields', datasetId);
      await insertOrConflict(`General field '${field.api_name}' already exists`, () =>
        db
          .insertInto('general_fields')
          .values({ ...field, dataset_id: datasetId, position })
          .execute(),
      );
    },
    async updateGeneralField(datasetId, field) {
      const { field_id: fieldId, ...rest } = field;
      await insertOrConflict(`General field '${field.api_name}' already exists`, () =>
        db
          .updateTable('general_fields')
          .set(rest)
          .where('dataset_id', '=', datasetId)
          .where('field_id', '=', fieldId)
          .execute(),
      );
    },
  };
}
