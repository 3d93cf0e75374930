import { deleteUserRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { Io } from '../io.js';

export type DeleteUserArgs = WithGlobals<{ user: string }>;

/** `delete user <USER_ID>`. */
export async function run(args: DeleteUserArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    await withContext('Operation to delete user has failed.', () =>
      session.client.request(deleteUserRoute, { params: { user_id: args.user } }),
    );
    session.log.info('Deleted user.');
  });
}
