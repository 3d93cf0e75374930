import { getCurrentUserRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { Io } from '../io.js';
import { printUsers } from '../tables.js';

export type GetCurrentUserArgs = WithGlobals<object>;

/** `get current-user`: `GET /auth/user`. */
export async function run(args: GetCurrentUserArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    const { user } = await withContext('Operation to get the current user has failed.', () =>
      session.client.request(getCurrentUserRoute),
    );
    printUsers(session, [user]);
  });
}
