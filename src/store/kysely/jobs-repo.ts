import { sql, type Kysely, type Selectable } from 'kysely';

import type { Database, JobsTable } from '../schema.js';
import type { JobRecord, JobRepo, JobStatus, StoreCapabilities } from '../store.js';

import { isUniqueViolation } from './constraint-errors.js';

function toJob(row: Selectable<JobsTable>): JobRecord {
  return {
    ...row,
    status: row.status as JobStatus,
    priority: Number(row.priority),
    attempts: Number(row.attempts),
    payload: JSON.parse(row.payload) as unknown,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    progress: row.progress === null ? null : (JSON.parse(row.progress) as unknown),
  };
}

export function createJobRepo(db: Kysely<Database>, capabilities: StoreCapabilities): JobRepo {
  return {
    async schedule(job) {
      await db
        .insertInto('jobs')
        .values({
          id: job.id,
          kind: job.kind,
          target: job.target,
          payload: JSON.stringify(job.payload),
          status: 'pending',
          priority: job.priority,
          run_after: job.run_after,
          deadline: job.deadline,
          lease_until: null,
          attempts: 0,
          result: null,
          error_code: null,
          error_message: null,
          created_at: job.now,
          updated_at: job.now,
          progress: null,
        })
        .onConflict((oc) =>
          oc
            .columns(['kind', 'target'])
            // A literal, not a parameter: SQLite matches a partial index's predicate only textually.
            .where('status', '=', sql.lit('pending'))
            .doUpdateSet((eb) => ({
              payload: JSON.stringify(job.payload),
              run_after: eb
                .case()
                .when(eb.ref('excluded.run_after'), '>', eb.ref('jobs.deadline'))
                .then(eb.ref('jobs.deadline'))
                .when(eb.ref('excluded.run_after'), '>', eb.ref('jobs.run_after'))
                .then(eb.ref('excluded.run_after'))
                .else(eb.ref('jobs.run_after'))
                .end(),
              updated_at: job.now,
            })),
        )
        .execute();
    },
    async claimNext({ now, leaseUntil, kinds }) {
      if (kinds.length === 0) {
        return null;
      }
      // One statement, never read-then-update (architecture.md §6.4): the row that the subquery picks is
      // re-checked by the outer WHERE, so two workers can never both win it.
      // A job whose (kind, target) already runs under a live lease waits: at most one `model-train`
      // per dataset at a time (ml.md §4.1); the changes it misses go into the next version.
      let next = db
        .selectFrom('jobs as candidate')
        .select('candidate.id')
        .where('candidate.kind', 'in', [...kinds])
        .where((eb) =>
          eb.or([
            eb.and([
              eb('candidate.status', '=', 'pending'),
              eb('candidate.run_after', '<=', now),
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('jobs as busy')
                    .select('busy.id')
                    .whereRef('busy.kind', '=', 'candidate.kind')
                    .whereRef('busy.target', '=', 'candidate.target')
                    .where('busy.status', '=', 'running')
                    .where('busy.lease_until', '>=', now),
                ),
              ),
            ]),
            eb.and([eb('candidate.status', '=', 'running'), eb('candidate.lease_until', '<', now)]),
          ]),
        )
        .orderBy('candidate.priority')
        .orderBy('candidate.run_after')
        .orderBy('candidate.id')
        .limit(1);
      if (capabilities.skipLocked) {
        next = next.forUpdate().skipLocked();
      }
      const row = await db
        .updateTable('jobs')
        .set({
          status: 'running',
          lease_until: leaseUntil,
          attempts: sql<number>`attempts + 1`,
          updated_at: now,
        })
        .where('id', '=', next)
        .where((eb) =>
          eb.or([
            eb('status', '=', 'pending'),
            eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
          ]),
        )
        .returningAll()
        .executeTakeFirst();
      return row ? toJob(row) : null;
    },
    async heartbeat(id, attempts, leaseUntil, now) {
      const result = await db
        .updateTable('jobs')
        .set({ lease_until: leaseUntil, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .where('attempts', '=', attempts)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async complete(id, attempts, result, now) {
      await db
        .updateTable('jobs')
        .set({
          status: 'done',
          result: JSON.stringify(result ?? null),
          lease_until: null,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('attempts', '=', attempts)
        .execute();
    },
    async fail(id, attempts, error, now) {
      await db
        .updateTable('jobs')
        .set({
          status: 'failed',
          error_code: error.code,
          error_message: error.message,
          lease_until: null,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('attempts', '=', attempts)
        .execute();
    },
    async retryLater(id, attempts, runAfter, error, now) {
      try {
        await db
          .updateTable('jobs')
          .set({
            status: 'pending',
            run_after: runAfter,
            lease_until: null,
            error_code: error.code,
            error_message: error.message,
            updated_at: now,
          })
          .where('id', '=', id)
          .where('attempts', '=', attempts)
          .execute();
      } catch (cause) {
        if (!isUniqueViolation(cause)) {
          throw cause;
        }
        // A newer pending job for the same target will do the work; this one is superseded.
        await db
          .updateTable('jobs')
          .set({
            status: 'failed',
            error_code: 'superseded',
            error_message: error.message,
            lease_until: null,
            updated_at: now,
          })
          .where('id', '=', id)
          .execute();
      }
    },
    async get(id) {
      const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toJob(row) : null;
    },
    async listByTarget(target, kind) {
      let query = db.selectFrom('jobs').selectAll().where('target', '=', target);
      if (kind !== undefined) {
        query = query.where('kind', '=', kind);
      }
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toJob);
    },
    async reportProgress(id, attempts, progress, now) {
      await db
        .updateTable('jobs')
        .set({ progress: JSON.stringify(progress), updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .where('attempts', '=', attempts)
        .execute();
    },
    async listActive(targets, kinds) {
      if (targets.length === 0 || kinds.length === 0) {
        return [];
      }
      const rows = await db
        .selectFrom('jobs')
        .selectAll()
        .where('target', 'in', [...targets])
        .where('kind', 'in', [...kinds])
        .where('status', 'in', ['pending', 'running'])
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toJob);
    },
    async hasActive(target, kind) {
      const row = await db
        .selectFrom('jobs')
        .select('id')
        .where('target', '=', target)
        .where('kind', '=', kind)
        .where('status', 'in', ['pending', 'running'])
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async lastFinished(target, kind) {
      const row = await db
        .selectFrom('jobs')
        .selectAll()
        .where('target', '=', target)
        .where('kind', '=', kind)
        .where('status', 'in', ['done', 'failed'])
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? null : toJob(row);
    },
  };
}
