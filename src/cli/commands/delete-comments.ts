import { deleteCommentsRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { fetchSource, ownedParams } from '../resolve.js';

export type DeleteCommentsArgs = WithGlobals<{ source: ResourceRef; ids: string[] }>;

/** Most ids one `DELETE …/comments` accepts (api.md §5.5.4). */
export const MAX_IDS_PER_DELETE = 128;

/** `delete comments -s <SOURCE> <ID>...` (a source id is resolved to its name). */
export async function run(args: DeleteCommentsArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    await withContext('Operation to delete comments has failed.', async () => {
      const ref = args.source;
      const params =
        ref.kind === 'name'
          ? { project: ref.owner, name: ref.name }
          : ownedParams(await fetchSource(session, ref));
      for (let start = 0; start < args.ids.length; start += MAX_IDS_PER_DELETE) {
        await session.client.request(deleteCommentsRoute, {
          params,
          query: { id: args.ids.slice(start, start + MAX_IDS_PER_DELETE) },
        });
      }
    });
    session.log.info('Deleted comments.');
  });
}
