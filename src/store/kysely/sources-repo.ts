import type { Kysely } from 'kysely';

import type { Database } from '../schema.js';
import type { SourceRecord, SourceRepo } from '../store.js';

import { insertOrConflict } from './constraint-errors.js';

function selectSources(db: Kysely<Database>) {
  return db
    .selectFrom('sources')
    .innerJoin('projects', 'projects.id', 'sources.project_id')
    .selectAll('sources')
    .select('projects.name as owner');
}

type SourceRow = Awaited<ReturnType<ReturnType<typeof selectSources>['executeTakeFirstOrThrow']>>;

function toSource(row: SourceRow): SourceRecord {
  return {
    ...row,
    should_translate: row.should_translate === 1,
    sensitive_properties: JSON.parse(row.sensitive_properties) as string[],
    email_transform_version:
      row.email_transform_version === null ? null : Number(row.email_transform_version),
  };
}

export function createSourceRepo(db: Kysely<Database>): SourceRepo {
  return {
    async insert(source) {
      await insertOrConflict(`Source '${source.name}' already exists`, () =>
        db
          .insertInto('sources')
          .values({
            ...source,
            should_translate: source.should_translate ? 1 : 0,
            sensitive_properties: JSON.stringify(source.sensitive_properties),
          })
          .execute(),
      );
    },
    async getByName(projectName, name) {
      const row = await selectSources(db)
        .where('projects.name', '=', projectName)
        .where('sources.name', '=', name)
        .executeTakeFirst();
      return row ? toSource(row) : null;
    },
    async getById(id) {
      const row = await selectSources(db).where('sources.id', '=', id).executeTakeFirst();
      return row ? toSource(row) : null;
    },
    async getMany(ids) {
      if (ids.length === 0) {
        return [];
      }
      const rows = await selectSources(db).where('sources.id', 'in', ids).execute();
      return rows.map(toSource);
    },
    async list(projectName) {
      let query = selectSources(db);
      if (projectName !== undefined) {
        query = query.where('projects.name', '=', projectName);
      }
      const rows = await query.orderBy('projects.name').orderBy('sources.name').execute();
      return rows.map(toSource);
    },
    async update(id, update) {
      const { should_translate: translate, sensitive_properties: sensitive, ...rest } = update;
      const values = {
        ...rest,
        ...(translate === undefined ? {} : { should_translate: translate ? 1 : 0 }),
        ...(sensitive === undefined ? {} : { sensitive_properties: JSON.stringify(sensitive) }),
      };
      if (Object.keys(values).length === 0) {
        return;
      }
      await db.updateTable('sources').set(values).where('id', '=', id).execute();
    },
    async delete(id) {
      await db.deleteFrom('sources').where('id', '=', id).execute();
    },
    async countByProject(projectId) {
      const row = await db
        .selectFrom('sources')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
