import { createProjectRoute, listProjectsFullRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { CliError, withContext } from '../errors.js';
import type { Io } from '../io.js';
import { refreshPermissions } from '../session.js';
import { printProjects } from '../tables.js';

export type CreateProjectArgs = WithGlobals<{
  name: string;
  title?: string;
  description?: string;
  /** Defaults to the caller, so that a new project is not one nobody can see. */
  userIds?: string[];
  /** Waits between polls for the new project; injectable for tests. @default 1000 */
  pollMs?: number;
}>;

/**
 * `create project <NAME> [--user-ids …]`: `PUT`, then up to 10 polls (refresh permissions + list) until
 * the project is listed, then one more refresh (cli.md §5.2).
 */
export async function run(args: CreateProjectArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    const userIds = args.userIds ?? (session.userId === undefined ? undefined : [session.userId]);
    if (userIds === undefined) {
      throw new CliError('Pass `--user-ids <ID...>`: the server did not say who you are');
    }
    const { project } = await withContext('Operation to create a project has failed', () =>
      session.client.request(createProjectRoute, {
        params: { project: args.name },
        body: {
          project: {
            ...(args.title === undefined ? {} : { title: args.title }),
            ...(args.description === undefined ? {} : { description: args.description }),
          },
          user_ids: userIds,
        },
      }),
    );
    let found = false;
    for (let attempt = 0; attempt < 10 && !found; attempt++) {
      await refreshPermissions(session.client, session.log, false);
      const { projects } = await session.client.request(listProjectsFullRoute);
      found = projects.some((candidate) => candidate.name === args.name);
      if (!found) {
        await new Promise((resolve) => setTimeout(resolve, args.pollMs ?? 1000));
      }
    }
    await refreshPermissions(session.client, session.log, false);
    if (!found) {
      throw new CliError('Could not create project, timed out waiting for it to exist');
    }
    session.log.info(`New project \`${project.name}\` created successfully`);
    printProjects(session, [project]);
  });
}
