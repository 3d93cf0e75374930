import { updateSourceRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { fetchBucket, fetchSource, ownedParams } from '../resolve.js';
import { printSource } from '../tables.js';

export type UpdateSourceArgs = WithGlobals<{
  source: ResourceRef;
  title?: string;
  description?: string;
  shouldTranslate?: boolean;
  bucket?: ResourceRef;
  transformTag?: string;
  detachBucket?: boolean;
}>;

/**
 * `update source <SOURCE>`: `bucket_id` is always sent — the named bucket's id, else the current one,
 * or null with `--detach-bucket` (cli.md §5.3).
 */
export async function run(args: UpdateSourceArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    const existing = await withContext('Fetching existing source', () =>
      fetchSource(session, args.source),
    );
    let bucketId: unknown = existing['bucket_id'] ?? null;
    const bucket = args.bucket;
    if (bucket !== undefined) {
      bucketId =
        bucket.kind === 'id'
          ? bucket.id
          : (await withContext('Fetching bucket for id.', () => fetchBucket(session, bucket)))[
              'id'
            ];
    }
    if (args.detachBucket === true) {
      bucketId = null;
    }
    const { source } = await withContext('Operation to update a source has failed', () =>
      session.client.request(updateSourceRoute, {
        params: ownedParams(existing),
        body: {
          source: {
            ...(args.title === undefined ? {} : { title: args.title }),
            ...(args.description === undefined ? {} : { description: args.description }),
            ...(args.shouldTranslate === undefined
              ? {}
              : { should_translate: args.shouldTranslate }),
            bucket_id: bucketId,
            ...(args.transformTag === undefined ? {} : { email_transform_tag: args.transformTag }),
          },
        },
      }),
    );
    session.log.info(
      `Source \`${source.owner}/${source.name}\` [id: ${source.id}] updated successfully`,
    );
    printSource(session, source);
  });
}
