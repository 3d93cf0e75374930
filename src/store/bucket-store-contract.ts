import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AppError } from '../domain/errors.js';

import type { EmailRecord, Store } from './store.js';

const T0 = '2024-03-05T09:12:44.031200Z';
const T1 = '2024-03-05T09:12:45.000000Z';

function email(id: string, bucketId: string, createdAt = T0): EmailRecord {
  return {
    bucket_id: bucketId,
    id,
    mailbox: 'inbox@example.com',
    timestamp: T0,
    mime_content: `Subject: ${id}\r\n\r\nbody`,
    metadata: id === 'a' ? { folder: ['Inbox'], size: 12 } : null,
    attachments: [],
    fingerprint: `fp-${id}`,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

/**
 * The bucket, email, sync-state and quota part of the store contract (architecture.md §6.3): every
 * backend runs it next to `describeStoreContract`.
 */
export function describeBucketStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`store contract (buckets, quotas): ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
      for (const [projectName, id] of [
        ['beta', '00000000000000p2'],
        ['alpha', '00000000000000p1'],
      ] as const) {
        await store.projects.insert({
          id,
          name: projectName,
          title: '',
          description: '',
          user_auto_join: false,
          created_at: T0,
          updated_at: T0,
        });
      }
      for (const [bucketName, id, projectId] of [
        ['mail', '00000000000000b2', '00000000000000p2'],
        ['zeta', '00000000000000b1', '00000000000000p1'],
        ['mail', '00000000000000b3', '00000000000000p1'],
      ] as const) {
        await store.buckets.insert({
          id,
          project_id: projectId,
          name: bucketName,
          title: '',
          bucket_type: 'emails',
          created_at: T0,
          updated_at: T0,
          last_updated_by: null,
        });
      }
    });
    afterEach(async () => {
      await store.close();
    });

    it('lists buckets by (owner, name), refuses a duplicate name and updates the given fields', async () => {
      expect((await store.buckets.list()).map((b) => `${b.owner}/${b.name}`)).toEqual([
        'alpha/mail',
        'alpha/zeta',
        'beta/mail',
      ]);
      expect((await store.buckets.list('beta')).map((b) => b.id)).toEqual(['00000000000000b2']);
      await expect(
        store.buckets.insert({
          id: '00000000000000b9',
          project_id: '00000000000000p1',
          name: 'mail',
          title: '',
          bucket_type: 'emails',
          created_at: T0,
          updated_at: T0,
          last_updated_by: null,
        }),
      ).rejects.toBeInstanceOf(AppError);
      await store.buckets.update('00000000000000b3', {
        last_updated_by: { config_key: 'k', shard_index: 0 },
        updated_at: T1,
      });
      expect(await store.buckets.getByName('alpha', 'mail')).toMatchObject({
        title: '',
        updated_at: T1,
        last_updated_by: { config_key: 'k', shard_index: 0 },
      });
    });

    it('pages emails by (created_at, id), replaces them and counts them per bucket', async () => {
      const bucket = '00000000000000b3';
      await store.buckets.insertEmails([
        email('c', bucket),
        email('a', bucket),
        email('b', bucket, T1),
        email('a', '00000000000000b1'),
      ]);
      const first = await store.buckets.pageEmails(bucket, { limit: 2 });
      expect(first.map((e) => e.id)).toEqual(['a', 'c']);
      expect(first[0]!.metadata).toEqual({ folder: ['Inbox'], size: 12 });
      const rest = await store.buckets.pageEmails(bucket, {
        after: { created_at: first[1]!.created_at, id: first[1]!.id },
        limit: 2,
      });
      expect(rest.map((e) => e.id)).toEqual(['b']);
      expect(await store.buckets.countEmails(bucket)).toBe(3);

      await store.buckets.replaceEmails([
        { ...email('c', bucket), mime_content: 'changed', fingerprint: 'fp-2', updated_at: T1 },
      ]);
      const [changed] = await store.buckets.getEmails(bucket, ['c', 'missing']);
      expect(changed).toMatchObject({ mime_content: 'changed', created_at: T0, updated_at: T1 });
      await expect(store.buckets.insertEmails([email('a', bucket)])).rejects.toBeInstanceOf(
        AppError,
      );
    });

    it('keeps keyed sync states per key, finds them by mailbox and deletes them with the bucket', async () => {
      const bucket = '00000000000000b3';
      const state = (mailbox: string, folder: string | null) => ({
        mailbox_name: mailbox,
        folder_id: folder,
        status: 'UP_TO_DATE',
      });
      await store.buckets.putSyncStateByKey({
        bucket_id: bucket,
        key: '00000000000000k1',
        mailbox_name: 'a@x',
        state: state('a@x', null),
      });
      await store.buckets.putSyncStateByKey({
        bucket_id: bucket,
        key: '00000000000000k2',
        mailbox_name: 'a@x',
        state: state('a@x', 'f1'),
      });
      await store.buckets.putSyncStateByKey({
        bucket_id: bucket,
        key: '00000000000000k1',
        mailbox_name: 'a@x',
        state: { ...state('a@x', null), status: 'IN_PROGRESS' },
      });
      expect(await store.buckets.syncStateKeys(bucket, 'a@x')).toEqual([
        '00000000000000k1',
        '00000000000000k2',
      ]);
      expect((await store.buckets.getSyncStateByKey(bucket, '00000000000000k1'))?.state).toEqual({
        ...state('a@x', null),
        status: 'IN_PROGRESS',
      });
      expect(await store.buckets.deleteSyncStateByKey(bucket, '00000000000000k2')).toBe(true);
      expect(await store.buckets.deleteSyncStateByKey(bucket, '00000000000000k2')).toBe(false);
      await store.buckets.putSyncState(bucket, { sync_state: { a: 1 } });
      expect(await store.buckets.getSyncState(bucket)).toEqual({ sync_state: { a: 1 } });

      await store.buckets.insertEmails([email('a', bucket)]);
      await store.buckets.delete(bucket);
      expect(await store.buckets.getById(bucket)).toBeNull();
      expect(await store.buckets.listSyncStates(bucket)).toEqual([]);
      expect(await store.buckets.countEmails(bucket)).toBe(0);
    });

    it('stores quota limits per tenant and kind and counts usage', async () => {
      await store.tenants.insert({
        id: '00000000000000t1',
        name: 'default',
        token_secret: 's',
        created_at: T0,
      });
      await store.quotas.put('00000000000000t1', {
        quota_kind: 'sources',
        hard_limit: 5_000_000_000,
        auto_increase_up_to: null,
      });
      await store.quotas.put('00000000000000t1', {
        quota_kind: 'buckets',
        hard_limit: 2,
        auto_increase_up_to: 4,
      });
      await store.quotas.put('00000000000000t1', {
        quota_kind: 'buckets',
        hard_limit: 3,
        auto_increase_up_to: 4,
      });
      expect(await store.quotas.list('00000000000000t1')).toEqual([
        { quota_kind: 'buckets', hard_limit: 3, auto_increase_up_to: 4 },
        { quota_kind: 'sources', hard_limit: 5_000_000_000, auto_increase_up_to: null },
      ]);
      await store.quotas.delete('00000000000000t1', 'sources');
      expect((await store.quotas.list('00000000000000t1')).map((q) => q.quota_kind)).toEqual([
        'buckets',
      ]);
      const usage = await store.quotas.usage();
      expect(usage).toMatchObject({ projects: 2, buckets: 3, sources: 0, comments: 0 });
      expect(usage['comments_per_source']).toBe(0);
    });
  });
}
