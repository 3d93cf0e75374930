import { deleteBucketByIdRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { fetchBucket } from '../resolve.js';

export type DeleteBucketArgs = WithGlobals<{ bucket: ResourceRef }>;

/** `delete bucket <BUCKET>`: resolves the id, then `DELETE /api/_private/buckets/id:<id>`. */
export async function run(args: DeleteBucketArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    await withContext('Operation to delete bucket has failed.', async () => {
      const ref = args.bucket;
      const id = ref.kind === 'id' ? ref.id : String((await fetchBucket(session, ref))['id']);
      await session.client.request(deleteBucketByIdRoute, { params: { project: `id:${id}` } });
    });
    session.log.info('Deleted bucket.');
  });
}
