import type { Kysely } from 'kysely';

import type { Database } from '../schema.js';
import type { StoredTheme, ThemeRepo } from '../store.js';

export function createThemeRepo(db: Kysely<Database>): ThemeRepo {
  return {
    async get(datasetId) {
      const row = await db
        .selectFrom('theme_sets')
        .selectAll()
        .where('dataset_id', '=', datasetId)
        .executeTakeFirst();
      return row === undefined
        ? null
        : {
            dataset_id: row.dataset_id,
            trained_time: row.trained_time,
            fingerprint: row.fingerprint,
            version: row.version,
            themes: JSON.parse(row.themes) as StoredTheme[],
            population: row.population === null ? null : Number(row.population),
          };
    },
    async put(record) {
      const values = {
        trained_time: record.trained_time,
        fingerprint: record.fingerprint,
        version: record.version,
        themes: JSON.stringify(record.themes),
        population: record.population ?? null,
      };
      await db
        .insertInto('theme_sets')
        .values({ dataset_id: record.dataset_id, ...values })
        .onConflict((oc) => oc.column('dataset_id').doUpdateSet(values))
        .execute();
    },
  };
}
