import { withSession, type WithGlobals } from '../command.js';
import type { Io } from '../io.js';
import { refreshPermissions } from '../session.js';

export type AuthRefreshArgs = WithGlobals<object>;

/** `auth refresh` (cli.md §3.4). Like `re`, the start-up sequence already refreshed once. */
export async function run(args: AuthRefreshArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    await refreshPermissions(session.client, session.log, true);
  });
}
