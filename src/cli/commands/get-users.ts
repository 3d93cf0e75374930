import { getUserRoute, listUsersFullRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError, withContext } from '../errors.js';
import type { Io } from '../io.js';
import { isRecord, type Json } from '../models.js';
import { printUsers } from '../tables.js';

export type GetUsersArgs = WithGlobals<{ user?: string; project?: string; permission?: string }>;

/** `get users`: project and permission filters are applied client-side, as in `re` (cli.md §5.1). */
export async function run(args: GetUsersArgs, io: Io): Promise<void> {
  if (args.project === undefined && args.permission !== undefined) {
    throw new CliError('You cannot filter on `permission` without a `project`');
  }
  await withSession(io, args.globals, 'read', async (session) => {
    const userId = args.user;
    let users: Json[] =
      userId === undefined
        ? [
            ...(
              await withContext('Operation to list users has failed.', () =>
                session.client.request(listUsersFullRoute),
              )
            ).users,
          ]
        : [
            (
              await withContext('Operation to get user has failed.', () =>
                session.client.request(getUserRoute, { params: { user_id: userId } }),
              )
            ).user,
          ];
    const project = args.project;
    if (project !== undefined) {
      users = users.filter((user) => {
        const permissions = isRecord(user['organisation_permissions'])
          ? user['organisation_permissions'][project]
          : undefined;
        return (
          Array.isArray(permissions) &&
          (args.permission === undefined || permissions.includes(args.permission))
        );
      });
    }
    printUsers(session, users);
  });
}
