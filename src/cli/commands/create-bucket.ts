import { createBucketRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { Io } from '../io.js';
import { bucketModel } from '../models.js';
import { single } from '../resolve.js';
import { printBuckets } from '../tables.js';

export type CreateBucketArgs = WithGlobals<{
  owner: string;
  name: string;
  title?: string;
  type: string;
}>;

/** `create bucket <p/b>`: `PUT /api/_private/buckets/<p>/<b>` (cli.md §5.2). */
export async function run(args: CreateBucketArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    const payload = await withContext('Operation to create a bucket has failed', () =>
      session.client.request(createBucketRoute, {
        params: { project: args.owner, name: args.name },
        body: {
          bucket: {
            bucket_type: args.type,
            ...(args.title === undefined ? {} : { title: args.title }),
          },
        },
      }),
    );
    const bucket = single(payload, 'bucket');
    const printed = bucketModel(bucket);
    session.log.info(
      `New bucket \`${String(printed['owner'])}/${String(printed['name'])}\` [id: ${String(printed['id'])}] created successfully`,
    );
    printBuckets(session, [{ bucket }]);
  });
}
