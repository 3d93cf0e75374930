import type { Kysely } from 'kysely';

import type { Database } from '../schema.js';
import type { QuotaRepo } from '../store.js';

type CountedTable = 'projects' | 'sources' | 'datasets' | 'users' | 'buckets' | 'streams';

async function countRows(db: Kysely<Database>, table: CountedTable): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The largest number of `table` rows sharing one value of `parent` (0 for an empty table). */
async function maxPerParent(
  db: Kysely<Database>,
  table: 'comments' | 'streams' | 'dataset_sources' | 'label_defs',
  parent: 'source_id' | 'dataset_id',
): Promise<number> {
  const counts = db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    // Each table listed has the parent column; Kysely cannot prove it for the union of tables.
    .groupBy(parent as never)
    .as('per_parent');
  const row = await db
    .selectFrom(counts)
    .select((eb) => eb.fn.max<string | number | null>('per_parent.n').as('m'))
    .executeTakeFirstOrThrow();
  return Number(row.m ?? 0);
}

export function createQuotaRepo(db: Kysely<Database>): QuotaRepo {
  return {
    async list(tenantId) {
      const rows = await db
        .selectFrom('quota_limits')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('quota_kind')
        .execute();
      return rows.map((row) => ({
        quota_kind: row.quota_kind,
        hard_limit: Number(row.hard_limit),
        auto_increase_up_to:
          row.auto_increase_up_to === null ? null : Number(row.auto_increase_up_to),
      }));
    },
    async put(tenantId, limit) {
      const values = {
        tenant_id: tenantId,
        quota_kind: limit.quota_kind,
        hard_limit: limit.hard_limit,
        auto_increase_up_to: limit.auto_increase_up_to,
      };
      await db
        .insertInto('quota_limits')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'quota_kind']).doUpdateSet({
            hard_limit: values.hard_limit,
            auto_increase_up_to: values.auto_increase_up_to,
          }),
        )
        .execute();
    },
    async delete(tenantId, quotaKind) {
      await db
        .deleteFrom('quota_limits')
        .where('tenant_id', '=', tenantId)
        .where('quota_kind', '=', quotaKind)
        .execute();
    },
    async usage() {
      const comments = await db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      return {
        projects: await countRows(db, 'projects'),
        sources: await countRows(db, 'sources'),
        datasets: await countRows(db, 'datasets'),
        users: await countRows(db, 'users'),
        buckets: await countRows(db, 'buckets'),
        triggers: await countRows(db, 'streams'),
        comments: Number(comments.n),
        comments_per_source: await maxPerParent(db, 'comments', 'source_id'),
        triggers_per_dataset: await maxPerParent(db, 'streams', 'dataset_id'),
        sources_per_dataset: await maxPerParent(db, 'dataset_sources', 'dataset_id'),
        datasets_per_source: await maxPerParent(db, 'dataset_sources', 'source_id'),
        labels_per_dataset: await maxPerParent(db, 'label_defs', 'dataset_id'),
      };
    },
    async commentsInSource(sourceId) {
      const row = await db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('source_id', '=', sourceId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
