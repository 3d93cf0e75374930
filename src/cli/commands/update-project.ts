import { updateProjectRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { Io } from '../io.js';
import { printProjects } from '../tables.js';

export type UpdateProjectArgs = WithGlobals<{ name: string; title?: string; description?: string }>;

/** `update project <NAME>` (cli.md §5.3). */
export async function run(args: UpdateProjectArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'write', async (session) => {
    const { project } = await withContext('Operation to update a project has failed', () =>
      session.client.request(updateProjectRoute, {
        params: { project: args.name },
        body: {
          project: {
            ...(args.title === undefined ? {} : { title: args.title }),
            ...(args.description === undefined ? {} : { description: args.description }),
          },
        },
      }),
    );
    session.log.info(`Project \`${project.name}\` updated successfully`);
    printProjects(session, [project]);
  });
}
