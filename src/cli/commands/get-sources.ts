import { listBucketsRoute } from '../api-routes.js';
import { listSourcesRoute } from '../api-routes.js';
import { sourceStatisticsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import type { Json } from '../models.js';
import { fetchSource, fullNameOf, ownedParams } from '../resolve.js';
import { byOwnerAndName, printSources, type PrintableSource } from '../tables.js';

export type GetSourcesArgs = WithGlobals<{ source?: ResourceRef; stats?: boolean }>;

/**
 * `get sources [SOURCE] [--stats]`: the sources, the buckets (always, for their names) and with
 * `--stats` one statistics call per source (cli.md §5.1).
 */
export async function run(args: GetSourcesArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    const ref = args.source;
    const sources: Json[] = await withContext('Operation to list sources has failed.', async () =>
      ref === undefined
        ? [...(await session.client.request(listSourcesRoute)).sources].sort(byOwnerAndName)
        : [await fetchSource(session, ref)],
    );
    const { buckets } = await withContext('Operation to list buckets has failed.', () =>
      session.client.request(listBucketsRoute),
    );
    const bucketsById = new Map<string, Json>(buckets.map((bucket) => [bucket.id, bucket]));
    const printable: PrintableSource[] = [];
    for (const source of sources) {
      const bucketId = source['bucket_id'];
      const entry: PrintableSource = {
        source,
        bucket: typeof bucketId === 'string' ? bucketsById.get(bucketId) : undefined,
      };
      if (args.stats === true) {
        session.log.info(`Getting statistics for source ${fullNameOf(source)}`);
        const { statistics } = await withContext('Could not get statistics for source', () =>
          session.client.request(sourceStatisticsRoute, {
            params: ownedParams(source),
            body: { comment_filter: {} },
          }),
        );
        entry.numComments = statistics.num_comments;
      }
      printable.push(entry);
    }
    printSources(session, printable);
  });
}
