import type { Bucket } from '../../contracts/buckets.js';
import type { BucketRecord, Store } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { checkName, parseIdRef } from '../names.js';
import { requireProjectPermission } from '../permissions/principal.js';

/** `{project, name}` for `<p>/<b>`, or `{project: 'id:<hex>'}` for the id form. */
export type BucketRef = { project: string; name?: string };

export function toBucketResponse(bucket: BucketRecord): Bucket {
  return {
    id: bucket.id,
    owner: bucket.owner,
    name: bucket.name,
    title: bucket.title,
    bucket_type: 'emails',
    created_at: bucket.created_at,
    updated_at: bucket.updated_at,
    ...(bucket.last_updated_by === null ? {} : { last_updated_by: bucket.last_updated_by }),
  };
}

/**
 * Resolves a bucket reference and checks `permission` on its project. A bucket in a project the caller
 * cannot see is reported exactly like a missing one.
 */
export async function resolveBucket(
  context: CallContext,
  store: Store,
  ref: BucketRef,
  permission: string,
): Promise<BucketRecord> {
  const id = ref.name === undefined ? parseIdRef(ref.project) : null;
  if (id !== null) {
    const message = `Bucket 'id:${id}' not found`;
    const bucket = await store.buckets.getById(id);
    if (!bucket) {
      throw notFound(message);
    }
    requireProjectPermission(context.principal, bucket.owner, permission, message);
    return bucket;
  }
  if (ref.name === undefined) {
    throw invalid(`Expected a bucket id (id:<hex>), got '${ref.project}'`);
  }
  checkName('project', ref.project);
  checkName('bucket', ref.name);
  const message = `Bucket '${ref.project}/${ref.name}' not found`;
  requireProjectPermission(context.principal, ref.project, permission, message);
  const bucket = await store.buckets.getByName(ref.project, ref.name);
  if (!bucket) {
    throw notFound(message);
  }
  return bucket;
}
