import { deleteCommentsRoute, iterateCommentsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { startProgress } from '../progress.js';
import { fetchSource, fullNameOf, ownedParams } from '../resolve.js';

export type DeleteBulkArgs = WithGlobals<{
  source: ResourceRef;
  includeAnnotated: boolean;
  fromTimestamp?: string;
  toTimestamp?: string;
  progress?: boolean;
}>;

// The official client deletes in batches of 32 while it keeps paging (pagination survives deletions).
const DELETION_BATCH_SIZE = 32;
const PAGE_SIZE = 256;

function range(from: string | undefined, to: string | undefined): string {
  if (from !== undefined && to !== undefined) {
    return ` in range ${from} -> ${to}`;
  }
  if (from !== undefined) {
    return ` after ${from}`;
  }
  return to === undefined ? '' : ` before ${to}`;
}

/** `delete bulk -s <SOURCE> --include-annotated <bool>` (cli.md §5.4). */
export async function run(args: DeleteBulkArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    const source = await fetchSource(session, args.source);
    const params = ownedParams(source);
    session.log.info(
      `Deleting comments in source \`${fullNameOf(source)}\`${range(args.fromTimestamp, args.toTimestamp)} (include-annotated: ${args.includeAnnotated})`,
    );
    const counts = { deleted: 0, skipped: 0 };
    const progress = startProgress(io, session.log, {
      enabled: args.progress !== false,
      total: null,
      bytes: false,
      message: () => `${counts.deleted} deleted [${counts.skipped} skipped] total`,
    });
    const deleteBatch = async (ids: string[]): Promise<void> => {
      await withContext('Operation to delete comments failed', () =>
        session.client.request(deleteCommentsRoute, { params, query: { id: ids } }),
      );
      counts.deleted += ids.length;
      progress.update(counts.deleted + counts.skipped);
    };
    try {
      await withContext('Operation to delete comments has failed.', async () => {
        let pending: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await withContext('Operation to get comments failed', () =>
            session.client.request(iterateCommentsRoute, {
              params,
              query: {
                limit: PAGE_SIZE,
                include_markup: true,
                ...(after === undefined && args.fromTimestamp !== undefined
                  ? { from_timestamp: args.fromTimestamp }
                  : {}),
                ...(args.toTimestamp === undefined ? {} : { to_timestamp: args.toTimestamp }),
                ...(after === undefined ? {} : { after }),
              },
            }),
          );
          for (const comment of page.comments) {
            if (!args.includeAnnotated && comment.has_annotations === true) {
              counts.skipped += 1;
            } else {
              pending.push(comment.id);
            }
          }
          while (pending.length >= DELETION_BATCH_SIZE) {
            const batch = pending.slice(0, DELETION_BATCH_SIZE);
            pending = pending.slice(DELETION_BATCH_SIZE);
            await deleteBatch(batch);
          }
          if (page.continuation === undefined || page.continuation === null) {
            break;
          }
          after = page.continuation;
        }
        if (pending.length > 0) {
          await deleteBatch(pending);
        }
      });
    } finally {
      progress.stop();
    }
    session.log.info(`Deleted ${counts.deleted} comments (skipped ${counts.skipped}).`);
  });
}
