import type { Kysely, Selectable } from 'kysely';

import type { Database, IntegrationErrorsTable } from '../schema.js';
import type { IntegrationErrorRecord, IntegrationRecord, IntegrationRepo } from '../store.js';

import { insertOrConflict } from './constraint-errors.js';

function selectIntegrations(db: Kysely<Database>) {
  return db
    .selectFrom('integrations')
    .innerJoin('projects', 'projects.id', 'integrations.project_id')
    .selectAll('integrations')
    .select('projects.name as owner');
}

type IntegrationRow = Awaited<
  ReturnType<ReturnType<typeof selectIntegrations>['executeTakeFirstOrThrow']>
>;

function toIntegration(row: IntegrationRow): IntegrationRecord {
  return {
    ...row,
    enabled: row.enabled === 1,
    configuration: JSON.parse(row.configuration) as Record<string, unknown>,
  };
}

function toError(row: Selectable<IntegrationErrorsTable>): IntegrationErrorRecord {
  return {
    ...row,
    error_details: JSON.parse(row.error_details) as Record<string, unknown>,
    error_action:
      row.error_action === null ? null : (JSON.parse(row.error_action) as Record<string, unknown>),
  };
}

function settings(record: IntegrationRecord) {
  return {
    title: record.title,
    type: record.type,
    updated_at: record.updated_at,
    enabled: record.enabled ? 1 : 0,
    disabled_reason: record.disabled_reason,
    configuration: JSON.stringify(record.configuration),
    secret: record.secret,
  };
}

export function createIntegrationRepo(db: Kysely<Database>): IntegrationRepo {
  return {
    async insert(integration) {
      await insertOrConflict(`Integration '${integration.name}' already exists`, () =>
        db
          .insertInto('integrations')
          .values({
            id: integration.id,
            project_id: integration.project_id,
            name: integration.name,
            created_at: integration.created_at,
            ...settings({ ...integration, owner: '' }),
          })
          .execute(),
      );
    },
    async getByName(projectName, name) {
      const row = await selectIntegrations(db)
        .where('projects.name', '=', projectName)
        .where('integrations.name', '=', name)
        .executeTakeFirst();
      return row ? toIntegration(row) : null;
    },
    async getById(id) {
      const row = await selectIntegrations(db).where('integrations.id', '=', id).executeTakeFirst();
      return row ? toIntegration(row) : null;
    },
    async list(projectName) {
      let query = selectIntegrations(db);
      if (projectName !== undefined) {
        query = query.where('projects.name', '=', projectName);
      }
      const rows = await query.orderBy('projects.name').orderBy('integrations.name').execute();
      return rows.map(toIntegration);
    },
    async update(record) {
      await db
        .updateTable('integrations')
        .set(settings(record))
        .where('id', '=', record.id)
        .execute();
    },
    async delete(id) {
      await db.deleteFrom('integrations').where('id', '=', id).execute();
    },
    async addError(error) {
      await db
        .insertInto('integration_errors')
        .values({
          ...error,
          error_details: JSON.stringify(error.error_details),
          error_action: error.error_action === null ? null : JSON.stringify(error.error_action),
        })
        .execute();
    },
    async listErrors(integrationId) {
      const rows = await db
        .selectFrom('integration_errors')
        .selectAll()
        .where('integration_id', '=', integrationId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toError);
    },
  };
}
