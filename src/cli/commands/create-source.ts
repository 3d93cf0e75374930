import { createSourceRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { fetchBucket } from '../resolve.js';
import { printSource } from '../tables.js';

export type CreateSourceArgs = WithGlobals<{
  owner: string;
  name: string;
  title?: string;
  description?: string;
  language?: string;
  shouldTranslate?: boolean;
  bucket?: ResourceRef;
  kind?: string;
  transformTag?: string;
}>;

/** `create source <p/s>`: `PUT /api/v1/sources/<p>/<s>` with only the given keys (cli.md §5.2). */
export async function run(args: CreateSourceArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    let bucketId: string | undefined;
    const bucket = args.bucket;
    if (bucket !== undefined) {
      bucketId =
        bucket.kind === 'id'
          ? bucket.id
          : String(
              (await withContext('Fetching bucket for id.', () => fetchBucket(session, bucket)))[
                'id'
              ],
            );
    }
    const { source } = await withContext('Operation to create a source has failed', () =>
      session.client.request(createSourceRoute, {
        params: { project: args.owner, name: args.name },
        body: {
          source: {
            ...(args.title === undefined ? {} : { title: args.title }),
            ...(args.description === undefined ? {} : { description: args.description }),
            ...(args.language === undefined ? {} : { language: args.language }),
            ...(args.shouldTranslate === undefined
              ? {}
              : { should_translate: args.shouldTranslate }),
            ...(bucketId === undefined ? {} : { bucket_id: bucketId }),
            ...(args.kind === undefined ? {} : { _kind: args.kind }),
            ...(args.transformTag === undefined ? {} : { email_transform_tag: args.transformTag }),
          },
        },
      }),
    );
    session.log.info(
      `New source \`${source.owner}/${source.name}\` [id: ${source.id}] created successfully`,
    );
    printSource(session, source);
  });
}
