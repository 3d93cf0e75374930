import type {
  Bucket,
  BucketNew,
  BucketSyncState,
  BucketUpdate,
  KeyedSyncState,
} from '../../contracts/buckets.js';
import type { BucketRecord } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { conflict, invalid, notFound } from '../errors.js';
import { checkName } from '../names.js';
import { canSeeProject, hasProjectPermission } from '../permissions/principal.js';
import { projectWithPermission } from '../projects/project-access.js';
import { checkCreateQuota } from '../quotas/quota-limits.js';
import { now } from '../time.js';

import { resolveBucket, toBucketResponse, type BucketRef } from './bucket-access.js';

export async function listBuckets(context: CallContext, project?: string): Promise<Bucket[]> {
  const store = context.deps.store;
  if (project !== undefined) {
    await projectWithPermission(context, store, project, 'buckets-read');
  }
  const buckets = await store.buckets.list(project);
  return buckets
    .filter(
      (bucket) =>
        canSeeProject(context.principal, bucket.owner) &&
        hasProjectPermission(context.principal, bucket.owner, 'buckets-read'),
    )
    .map(toBucketResponse);
}

export async function getBucket(context: CallContext, ref: BucketRef): Promise<Bucket> {
  return toBucketResponse(await resolveBucket(context, context.deps.store, ref, 'buckets-read'));
}

export async function createBucket(
  context: CallContext,
  projectName: string,
  name: string,
  input: BucketNew,
): Promise<Bucket> {
  checkName('bucket', name);
  const type = input.bucket_type ?? 'emails';
  if (type !== 'emails') {
    throw invalid(`bucket.bucket_type: '${type}' is not a bucket type; expected 'emails'`);
  }
  return context.deps.store.transaction(async (store) => {
    const project = await projectWithPermission(context, store, projectName, 'buckets-write');
    if (await store.buckets.getByName(projectName, name)) {
      throw conflict(`Bucket '${projectName}/${name}' already exists`);
    }
    await checkCreateQuota(store, context.tenant.id, 'buckets');
    const timestamp = now(context.deps);
    const record: BucketRecord = {
      id: context.deps.ids.next(),
      project_id: project.id,
      owner: project.name,
      name,
      title: input.title ?? '',
      bucket_type: type,
      created_at: timestamp,
      updated_at: timestamp,
      last_updated_by: null,
    };
    const { owner: _owner, ...row } = record;
    await store.buckets.insert(row);
    return toBucketResponse(record);
  });
}

export async function updateBucket(
  context: CallContext,
  ref: BucketRef,
  input: BucketUpdate,
): Promise<Bucket> {
  return context.deps.store.transaction(async (store) => {
    const bucket = await resolveBucket(context, store, ref, 'buckets-write');
    const changes: { title?: string; last_updated_by?: Record<string, unknown> | null } = {};
    if (input.title !== undefined && input.title !== bucket.title) {
      changes.title = input.title;
    }
    if (
      input.last_updated_by !== undefined &&
      JSON.stringify(input.last_updated_by) !== JSON.stringify(bucket.last_updated_by)
    ) {
      changes.last_updated_by = input.last_updated_by;
    }
    if (Object.keys(changes).length === 0) {
      return toBucketResponse(bucket);
    }
    const updatedAt = now(context.deps);
    await store.buckets.update(bucket.id, { ...changes, updated_at: updatedAt });
    return toBucketResponse({ ...bucket, ...changes, updated_at: updatedAt });
  });
}

/** api.md §6.2: emails and sync states go with the bucket; sources detach; their comments stay. */
export async function deleteBucket(context: CallContext, ref: BucketRef): Promise<void> {
  if (ref.name !== undefined || !ref.project.startsWith('id:')) {
    throw notFound('404 Not Found');
  }
  await context.deps.store.transaction(async (store) => {
    const bucket = await resolveBucket(context, store, ref, 'buckets-write');
    await store.buckets.delete(bucket.id);
  });
}

export async function bucketStatistics(
  context: CallContext,
  ref: BucketRef,
): Promise<{ count: { kind: 'exact'; value: number } }> {
  const store = context.deps.store;
  const bucket = await resolveBucket(context, store, ref, 'buckets-read');
  return { count: { kind: 'exact', value: await store.buckets.countEmails(bucket.id) } };
}

const SYNC_STATE_KEY = /^[0-9a-f]{16}$/;

function checkKey(key: string): string {
  if (!SYNC_STATE_KEY.test(key)) {
    throw invalid(
      `Invalid keyed sync state key '${key}': expected 16 lowercase hexadecimal characters`,
    );
  }
  return key;
}

function idRef(project: string): BucketRef {
  if (!project.startsWith('id:')) {
    throw invalid(`Expected a bucket id (id:<hex>), got '${project}'`);
  }
  return { project };
}

export async function listKeyedSyncStates(
  context: CallContext,
  bucketRef: string,
): Promise<KeyedSyncState[]> {
  const store = context.deps.store;
  const bucket = await resolveBucket(context, store, idRef(bucketRef), 'buckets-read');
  return (await store.buckets.listSyncStates(bucket.id)).map(
    (record) => record.state as KeyedSyncState,
  );
}

export async function keyedSyncStateIds(
  context: CallContext,
  bucketRef: string,
  mailboxName: string,
): Promise<string[]> {
  const store = context.deps.store;
  const bucket = await resolveBucket(context, store, idRef(bucketRef), 'buckets-read');
  return store.buckets.syncStateKeys(bucket.id, mailboxName);
}

export async function getKeyedSyncState(
  context: CallContext,
  bucketRef: string,
  key: string,
): Promise<KeyedSyncState> {
  const store = context.deps.store;
  const bucket = await resolveBucket(context, store, idRef(bucketRef), 'buckets-read');
  const record = await store.buckets.getSyncStateByKey(bucket.id, checkKey(key));
  if (!record) {
    throw notFound(`Keyed sync state '${key}' not found`);
  }
  return record.state as KeyedSyncState;
}

export async function putKeyedSyncState(
  context: CallContext,
  bucketRef: string,
  key: string,
  state: KeyedSyncState,
): Promise<void> {
  checkKey(key);
  await context.deps.store.transaction(async (store) => {
    const bucket = await resolveBucket(context, store, idRef(bucketRef), 'buckets-write');
    await store.buckets.putSyncStateByKey({
      bucket_id: bucket.id,
      key,
      mailbox_name: state.mailbox_name,
      state: { ...state },
    });
  });
}

export async function deleteKeyedSyncState(
  context: CallContext,
  bucketRef: string,
  key: string,
): Promise<void> {
  checkKey(key);
  await context.deps.store.transaction(async (store) => {
    const bucket = await resolveBucket(context, store, idRef(bucketRef), 'buckets-write');
    if (!(await store.buckets.deleteSyncStateByKey(bucket.id, key))) {
      throw notFound(`Keyed sync state '${key}' not found`);
    }
  });
}

export async function getBucketSyncState(
  context: CallContext,
  ref: BucketRef,
): Promise<BucketSyncState> {
  const store = context.deps.store;
  const bucket = await resolveBucket(context, store, ref, 'buckets-read');
  return (
    ((await store.buckets.getSyncState(bucket.id)) as BucketSyncState | null) ?? {
      sync_state: {},
    }
  );
}

export async function putBucketSyncState(
  context: CallContext,
  ref: BucketRef,
  state: BucketSyncState,
): Promise<void> {
  await context.deps.store.transaction(async (store) => {
    const bucket = await resolveBucket(context, store, ref, 'buckets-write');
    await store.buckets.putSyncState(bucket.id, { ...state });
  });
}
