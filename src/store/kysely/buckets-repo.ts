import type { Kysely, Selectable } from 'kysely';

import type { BucketEmailsTable, Database } from '../schema.js';
import type { BucketRecord, BucketRepo, EmailRecord, KeyedSyncStateRecord } from '../store.js';

import { insertOrConflict } from './constraint-errors.js';

// 10 columns per email row: 500 rows stay far below SQLite's and PostgreSQL's parameter limits.
const ROWS_PER_INSERT = 500;
const IDS_PER_QUERY = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    out.push(items.slice(start, start + size));
  }
  return out;
}

function selectBuckets(db: Kysely<Database>) {
  return db
    .selectFrom('buckets')
    .innerJoin('projects', 'projects.id', 'buckets.project_id')
    .select([
      'buckets.id',
      'buckets.project_id',
      'buckets.name',
      'buckets.title',
      'buckets.bucket_type',
      'buckets.created_at',
      'buckets.updated_at',
      'buckets.last_updated_by',
    ])
    .select('projects.name as owner');
}

type BucketRow = Awaited<ReturnType<ReturnType<typeof selectBuckets>['executeTakeFirstOrThrow']>>;

function toBucket(row: BucketRow): BucketRecord {
  return {
    ...row,
    last_updated_by:
      row.last_updated_by === null
        ? null
        : (JSON.parse(row.last_updated_by) as Record<string, unknown>),
  };
}

function toEmail(row: Selectable<BucketEmailsTable>): EmailRecord {
  return {
    ...row,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
    attachments: JSON.parse(row.attachments) as Record<string, unknown>[],
  };
}

function toEmailRow(email: EmailRecord): BucketEmailsTable {
  return {
    ...email,
    metadata: email.metadata === null ? null : JSON.stringify(email.metadata),
    attachments: JSON.stringify(email.attachments),
  };
}

function toSyncState(row: {
  bucket_id: string;
  state_key: string;
  mailbox_name: string;
  state: string;
}): KeyedSyncStateRecord {
  return {
    bucket_id: row.bucket_id,
    key: row.state_key,
    mailbox_name: row.mailbox_name,
    state: JSON.parse(row.state) as Record<string, unknown>,
  };
}

export function createBucketRepo(db: Kysely<Database>): BucketRepo {
  return {
    async insert(bucket) {
      await insertOrConflict(`Bucket '${bucket.name}' already exists`, () =>
        db
          .insertInto('buckets')
          .values({
            ...bucket,
            last_updated_by:
              bucket.last_updated_by === null ? null : JSON.stringify(bucket.last_updated_by),
            sync_state: null,
          })
          .execute(),
      );
    },
    async getByName(projectName, name) {
      const row = await selectBuckets(db)
        .where('projects.name', '=', projectName)
        .where('buckets.name', '=', name)
        .executeTakeFirst();
      return row ? toBucket(row) : null;
    },
    async getById(id) {
      const row = await selectBuckets(db).where('buckets.id', '=', id).executeTakeFirst();
      return row ? toBucket(row) : null;
    },
    async list(projectName) {
      let query = selectBuckets(db);
      if (projectName !== undefined) {
        query = query.where('projects.name', '=', projectName);
      }
      const rows = await query.orderBy('projects.name').orderBy('buckets.name').execute();
      return rows.map(toBucket);
    },
    async update(id, update) {
      const { last_updated_by: lastUpdatedBy, ...rest } = update;
      await db
        .updateTable('buckets')
        .set({
          ...rest,
          ...(lastUpdatedBy === undefined
            ? {}
            : { last_updated_by: lastUpdatedBy === null ? null : JSON.stringify(lastUpdatedBy) }),
        })
        .where('id', '=', id)
        .execute();
    },
    async delete(id) {
      await db
        .updateTable('sources')
        .set({ bucket_id: null })
        .where('bucket_id', '=', id)
        .execute();
      await db.deleteFrom('buckets').where('id', '=', id).execute();
    },
    async readerSourceIds(bucketId) {
      const rows = await db
        .selectFrom('sources')
        .select('id')
        .where('bucket_id', '=', bucketId)
        .orderBy('id')
        .execute();
      return rows.map((row) => row.id);
    },
    async getSyncState(bucketId) {
      const row = await db
        .selectFrom('buckets')
        .select('sync_state')
        .where('id', '=', bucketId)
        .executeTakeFirst();
      return row?.sync_state ? (JSON.parse(row.sync_state) as Record<string, unknown>) : null;
    },
    async putSyncState(bucketId, state) {
      await db
        .updateTable('buckets')
        .set({ sync_state: JSON.stringify(state) })
        .where('id', '=', bucketId)
        .execute();
    },
    async getEmails(bucketId, ids) {
      const found: EmailRecord[] = [];
      for (const batch of chunks([...new Set(ids)], IDS_PER_QUERY)) {
        const rows = await db
          .selectFrom('bucket_emails')
          .selectAll()
          .where('bucket_id', '=', bucketId)
          .where('id', 'in', batch)
          .execute();
        found.push(...rows.map(toEmail));
      }
      return found;
    },
    async insertEmails(emails) {
      for (const batch of chunks(emails, ROWS_PER_INSERT)) {
        await insertOrConflict('An email with this id was created concurrently', () =>
          db.insertInto('bucket_emails').values(batch.map(toEmailRow)).execute(),
        );
      }
    },
    async replaceEmails(emails) {
      for (const email of emails) {
        const { bucket_id: bucketId, id, created_at: _created, ...fields } = toEmailRow(email);
        await db
          .updateTable('bucket_emails')
          .set(fields)
          .where('bucket_id', '=', bucketId)
          .where('id', '=', id)
          .execute();
      }
    },
    async pageEmails(bucketId, { after, limit }) {
      let query = db.selectFrom('bucket_emails').selectAll().where('bucket_id', '=', bucketId);
      if (after !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '>', after.created_at),
            eb.and([eb('created_at', '=', after.created_at), eb('id', '>', after.id)]),
          ]),
        );
      }
      const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute();
      return rows.map(toEmail);
    },
    async countEmails(bucketId) {
      const row = await db
        .selectFrom('bucket_emails')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('bucket_id', '=', bucketId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async listSyncStates(bucketId) {
      const rows = await db
        .selectFrom('keyed_sync_states')
        .selectAll()
        .where('bucket_id', '=', bucketId)
        .orderBy('mailbox_name')
        .orderBy('state_key')
        .execute();
      return rows.map(toSyncState);
    },
    async getSyncStateByKey(bucketId, key) {
      const row = await db
        .selectFrom('keyed_sync_states')
        .selectAll()
        .where('bucket_id', '=', bucketId)
        .where('state_key', '=', key)
        .executeTakeFirst();
      return row ? toSyncState(row) : null;
    },
    async putSyncStateByKey(record) {
      const values = {
        bucket_id: record.bucket_id,
        state_key: record.key,
        mailbox_name: record.mailbox_name,
        state: JSON.stringify(record.state),
      };
      await db
        .insertInto('keyed_sync_states')
        .values(values)
        .onConflict((oc) =>
          oc
            .columns(['bucket_id', 'state_key'])
            .doUpdateSet({ mailbox_name: values.mailbox_name, state: values.state }),
        )
        .execute();
    },
    async deleteSyncStateByKey(bucketId, key) {
      const result = await db
        .deleteFrom('keyed_sync_states')
        .where('bucket_id', '=', bucketId)
        .where('state_key', '=', key)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async syncStateKeys(bucketId, mailboxName) {
      const rows = await db
        .selectFrom('keyed_sync_states')
        .select('state_key')
        .where('bucket_id', '=', bucketId)
        .where('mailbox_name', '=', mailboxName)
        .orderBy('state_key')
        .execute();
      return rows.map((row) => row.state_key);
    },
  };
}
