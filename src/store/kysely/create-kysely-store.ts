import { sql, type Kysely } from 'kysely';

import { createQueryRepo } from '../query/query-repo.js';
import type { Database } from '../schema.js';
import type { DatasetQueryRepo, Store, StoreCapabilities } from '../store.js';

import { createAnnotationRepo } from './annotations-repo.js';
import { createAttachmentRepo } from './attachments-repo.js';
import { createAuditRepo } from './audit-repo.js';
import { createBucketRepo } from './buckets-repo.js';
import { createCommentRepo } from './comments-repo.js';
import { createDatasetRepo } from './datasets-repo.js';
import { createIntegrationRepo } from './integrations-repo.js';
import { createJobRepo } from './jobs-repo.js';
import { createEmbeddingRepo, createModelRepo, createPredictionRepo } from './models-repo.js';
import { createProjectRepo, createTenantRepo } from './projects-repo.js';
import { createQuotaRepo } from './quotas-repo.js';
import { createSourceRepo } from './sources-repo.js';
import { createStreamRepo } from './streams-repo.js';
import { createTaxonomyRepo } from './taxonomy-repo.js';
import { createThemeRepo } from './themes-repo.js';
import { createTokenRepo, createUserRepo } from './users-repo.js';

/** The repositories shared by both dialects, bound to a connection or to an open transaction. */
export function createKyselyStore(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
  close: () => Promise<void>,
  inTransaction = false,
  /** Rankings outside transactions (SQLite files: a reader thread); in-connection by default. */
  queries?: DatasetQueryRepo,
): Store {
  const store: Store = {
    ...capabilities,
    tenants: createTenantRepo(db),
    users: createUserRepo(db),
    tokens: createTokenRepo(db),
    projects: createProjectRepo(db),
    sources: createSourceRepo(db),
    audit: createAuditRepo(db),
    comments: createCommentRepo(db, capabilities),
    attachments: createAttachmentRepo(db),
    jobs: createJobRepo(db, capabilities),
    annotations: createAnnotationRepo(db),
    datasets: createDatasetRepo(db, capabilities),
    taxonomy: createTaxonomyRepo(db),
    models: createModelRepo(db),
    embeddings: createEmbeddingRepo(db),
    predictions: createPredictionRepo(db, capabilities),
    queries: queries ?? createQueryRepo(db, capabilities),
    streams: createStreamRepo(db),
    themes: createThemeRepo(db),
    buckets: createBucketRepo(db),
    quotas: createQuotaRepo(db),
    integrations: createIntegrationRepo(db),
    async transaction(fn) {
      if (inTransaction) {
        return fn(store);
      }
      return db
        .transaction()
        .execute((trx) => fn(createKyselyStore(trx, capabilities, close, true)));
    },
    async schemaVersion() {
      const { rows } = await sql<{
        version: number | string | null;
      }>`SELECT max(version) AS version FROM sift_migrations`.execute(db);
      return Number(rows[0]?.version ?? 0);
    },
    async jobQueue() {
      const rows = await db
        .selectFrom('jobs')
        .select((eb) => [
          'kind',
          'status',
          eb.fn.countAll<number | string>().as('count'),
          eb.fn.min('run_after').as('oldest'),
        ])
        .where('status', 'in', ['pending', 'running'])
        .groupBy(['kind', 'status'])
        .execute();
      return rows.map((row) => ({
        kind: row.kind,
        status: row.status,
        count: Number(row.count),
        oldest: String(row.oldest),
      }));
    },
    close,
  };
  return store;
}
