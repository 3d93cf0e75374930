import { listBucketsRoute } from '../api-routes.js';
import { bucketStatisticsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { isRecord, type Json } from '../models.js';
import { fetchBucket, fullNameOf, ownedParams } from '../resolve.js';
import { byOwnerAndName, printBuckets, type PrintableBucket } from '../tables.js';

export type GetBucketsArgs = WithGlobals<{ bucket?: ResourceRef; stats?: boolean }>;

/** `get buckets [BUCKET] [--stats]` (cli.md §5.1). */
export async function run(args: GetBucketsArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    const ref = args.bucket;
    const buckets: Json[] = await withContext('Operation to list buckets has failed.', async () =>
      ref === undefined
        ? [...(await session.client.request(listBucketsRoute)).buckets].sort(byOwnerAndName)
        : [await fetchBucket(session, ref)],
    );
    const printable: PrintableBucket[] = [];
    for (const bucket of buckets) {
      const entry: PrintableBucket = { bucket };
      if (args.stats === true) {
        session.log.info(`Getting statistics for bucket ${fullNameOf(bucket)}`);
        const response = await withContext('Could not get statistics for bucket', () =>
          session.client.request(bucketStatisticsRoute, { params: ownedParams(bucket) }),
        );
        if (isRecord(response['statistics'])) {
          entry.statistics = response['statistics'];
        }
      }
      printable.push(entry);
    }
    printBuckets(session, printable);
  });
}
