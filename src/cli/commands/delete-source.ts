import { deleteSourceByIdRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { ResourceRef } from '../identifiers.js';
import type { Io } from '../io.js';
import { fetchSource } from '../resolve.js';

export type DeleteSourceArgs = WithGlobals<{ source: ResourceRef }>;

/** `delete source <SOURCE>`: resolves the id, then `DELETE /api/v1/sources/id:<id>`. */
export async function run(args: DeleteSourceArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    await withContext('Operation to delete source has failed.', async () => {
      const ref = args.source;
      const id = ref.kind === 'id' ? ref.id : String((await fetchSource(session, ref))['id']);
      await session.client.request(deleteSourceByIdRoute, { params: { project: `id:${id}` } });
    });
    session.log.info('Deleted source.');
  });
}
