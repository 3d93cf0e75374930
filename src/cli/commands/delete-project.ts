import { deleteProjectRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { Io } from '../io.js';

export type DeleteProjectArgs = WithGlobals<{ name: string; force?: boolean }>;

/** `delete project <NAME> [--force]`. */
export async function run(args: DeleteProjectArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    await withContext('Operation to delete project has failed.', () =>
      session.client.request(deleteProjectRoute, {
        params: { project: args.name },
        ...(args.force === true ? { query: { force: true } } : {}),
      }),
    );
    session.log.info('Deleted project.');
  });
}
