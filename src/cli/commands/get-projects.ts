import { getProjectRoute, listProjectsFullRoute } from '../api-routes.js';
import { withSession, type WithGlobals } from '../command.js';
import { withContext } from '../errors.js';
import type { Io } from '../io.js';
import type { Json } from '../models.js';
import { byName, printProjects } from '../tables.js';

export type GetProjectsArgs = WithGlobals<{ project?: string }>;

/** `get projects [PROJECT]`, sorted by name. */
export async function run(args: GetProjectsArgs, io: Io): Promise<void> {
  await withSession(io, args.globals, 'read', async (session) => {
    const project = args.project;
    const projects: Json[] = await withContext(
      'Operation to list projects has failed.',
      async () =>
        project === undefined
          ? [...(await session.client.request(listProjectsFullRoute)).projects].sort(byName)
          : [(await session.client.request(getProjectRoute, { params: { project } })).project],
    );
    printProjects(session, projects);
  });
}
