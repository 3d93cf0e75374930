import type { Kysely, Selectable } from 'kysely';

import type { Database, ProjectsTable } from '../schema.js';
import type { ProjectRecord, ProjectRepo, TenantRepo } from '../store.js';

import { insertOrConflict } from './constraint-errors.js';

function toProject(row: Selectable<ProjectsTable>): ProjectRecord {
  return { ...row, user_auto_join: row.user_auto_join === 1 };
}

export function createProjectRepo(db: Kysely<Database>): ProjectRepo {
  return {
    async insert(project) {
      await insertOrConflict(`Project '${project.name}' already exists`, () =>
        db
          .insertInto('projects')
          .values({ ...project, user_auto_join: project.user_auto_join ? 1 : 0 })
          .execute(),
      );
    },
    async getByName(name) {
      const row = await db
        .selectFrom('projects')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirst();
      return row ? toProject(row) : null;
    },
    async getById(id) {
      const row = await db
        .selectFrom('projects')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toProject(row) : null;
    },
    async getMany(ids) {
      if (ids.length === 0) {
        return [];
      }
      const rows = await db.selectFrom('projects').selectAll().where('id', 'in', ids).execute();
      return rows.map(toProject);
    },
    async list() {
      const rows = await db.selectFrom('projects').selectAll().orderBy('name').execute();
      return rows.map(toProject);
    },
    async update(id, update) {
      const { user_auto_join: autoJoin, ...rest } = update;
      await db
        .updateTable('projects')
        .set({ ...rest, ...(autoJoin === undefined ? {} : { user_auto_join: autoJoin ? 1 : 0 }) })
        .where('id', '=', id)
        .execute();
    },
    async delete(id) {
      await db.deleteFrom('projects').where('id', '=', id).execute();
    },
  };
}

export function createTenantRepo(db: Kysely<Database>): TenantRepo {
  return {
    async get() {
      const row = await db
        .selectFrom('tenants')
        .selectAll()
        .orderBy('created_at')
        .executeTakeFirst();
      return row ?? null;
    },
    async insert(tenant) {
      await db.insertInto('tenants').values(tenant).execute();
    },
  };
}
