import { createUserRoute, sendWelcomeEmailRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError, withContext } from '../errors.js';
import type { Io } from '../io.js';
import { printUsers } from '../tables.js';

export type CreateUserArgs = WithGlobals<{
  username: string;
  email: string;
  globalPermissions?: string[];
  project?: string;
  projectPermissions?: string[];
  sendWelcomeEmail?: boolean;
}>;

/** `create user <USERNAME> <EMAIL>` (cli.md §5.2). */
export async function run(args: CreateUserArgs, io: Io): Promise<void> {
  const permissions = args.projectPermissions ?? [];
  if ((args.project === undefined) !== (permissions.length === 0)) {
    throw new CliError(
      'Arguments `--project` and `--project-permissions` have to be both specified or neither',
    );
  }
  await withSession(io, args.globals, 'write', async (session) => {
    const { user } = await withContext('Operation to create a user has failed', () =>
      session.client.request(createUserRoute, {
        body: {
          user: {
            username: args.username,
            email: args.email,
            global_permissions: args.globalPermissions ?? [],
            organisation_permissions:
              args.project === undefined ? {} : { [args.project]: [...new Set(permissions)] },
          },
        },
      }),
    );
    session.log.info(
      `New user \`${user.username}\` with email \`${user.email}\` [id: ${user.id}] created successfully`,
    );
    if (args.sendWelcomeEmail === true) {
      await withContext('Operation to send welcome email failed', () =>
        session.client.request(sendWelcomeEmailRoute, { params: { user_id: user.id }, body: {} }),
      );
      session.log.info(`Welcome email sent for user '${user.username}'`);
    }
    printUsers(session, [user]);
  });
}
