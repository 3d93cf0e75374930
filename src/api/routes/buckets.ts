import {
  addEmailsRoute,
  bucketStatisticsRoute,
  createBucketRoute,
  deleteBucketRoute,
  deleteKeyedSyncStateRoute,
  getBucketRoute,
  getBucketSyncStateRoute,
  getBucketsOfProjectRoute,
  getEmailRoute,
  getKeyedSyncStateRoute,
  keyedSyncStateIdsRoute,
  listBucketsRoute,
  listEmailsRoute,
  listKeyedSyncStatesRoute,
  putBucketSyncStateRoute,
  putKeyedSyncStateRoute,
  updateBucketRoute,
} from '../../contracts/buckets.js';
import { addEmails, getEmail, listEmails } from '../../domain/buckets/bucket-emails.js';
import {
  bucketStatistics,
  createBucket,
  deleteBucket,
  deleteKeyedSyncState,
  getBucket,
  getBucketSyncState,
  getKeyedSyncState,
  keyedSyncStateIds,
  listBuckets,
  listKeyedSyncStates,
  putBucketSyncState,
  putKeyedSyncState,
  updateBucket,
} from '../../domain/buckets/manage-buckets.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerBucketRoutes(route: RouteRegistrar): void {
  route(listBucketsRoute, async (_input, context) => ({ buckets: await listBuckets(context) }));
  // One segment: `id:<hex>` gets one bucket, a project name lists its buckets (api.md §3.2).
  route(getBucketsOfProjectRoute, async ({ params }, context) =>
    params.project.startsWith('id:')
      ? { bucket: await getBucket(context, { project: params.project }) }
      : { buckets: await listBuckets(context, params.project) },
  );
  route(getBucketRoute, async ({ params }, context) => ({
    bucket: await getBucket(context, params),
  }));
  route(createBucketRoute, async ({ params, body }, context) => ({
    bucket: await createBucket(context, params.project, params.name, body.bucket ?? {}),
  }));
  route(updateBucketRoute, async ({ params, body }, context) => ({
    bucket: await updateBucket(context, params, body.bucket ?? {}),
  }));
  route(deleteBucketRoute, async ({ params }, context) => {
    await deleteBucket(context, { project: params.project });
    return {};
  });
  route(bucketStatisticsRoute, async ({ params }, context) => ({
    statistics: await bucketStatistics(context, params),
  }));
  route(addEmailsRoute, async ({ params, body }, context) => {
    await addEmails(context, params, body.emails);
    return {};
  });
  route(listEmailsRoute, async ({ params, body }, context) => listEmails(context, params, body));
  route(getEmailRoute, async ({ params, query }, context) => ({
    emails: await getEmail(context, params, query.id),
  }));
  route(listKeyedSyncStatesRoute, async ({ params }, context) => ({
    keyed_sync_states: await listKeyedSyncStates(context, params.project),
  }));
  route(keyedSyncStateIdsRoute, async ({ params, body }, context) => ({
    keyed_sync_state_ids: await keyedSyncStateIds(context, params.project, body.mailbox_name),
  }));
  route(getKeyedSyncStateRoute, async ({ params }, context) => ({
    keyed_sync_state: await getKeyedSyncState(context, params.project, params.key),
  }));
  route(putKeyedSyncStateRoute, async ({ params, body }, context) => {
    await putKeyedSyncState(context, params.project, params.key, body.keyed_sync_state);
    return {};
  });
  route(deleteKeyedSyncStateRoute, async ({ params }, context) => {
    await deleteKeyedSyncState(context, params.project, params.key);
    return {};
  });
  route(getBucketSyncStateRoute, async ({ params }, context) => ({
    bucket_sync_state: await getBucketSyncState(context, params),
  }));
  route(putBucketSyncStateRoute, async ({ params, body }, context) => {
    await putBucketSyncState(context, params, body.bucket_sync_state);
    return {};
  });
}
