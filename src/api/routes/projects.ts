import { queryFlag } from '../../contracts/common.js';
import {
  createProjectRoute,
  deleteProjectRoute,
  getProjectRoute,
  listProjectsFullRoute,
  listProjectsRoute,
  projectResourceCountsRoute,
  updateProjectRoute,
} from '../../contracts/projects.js';
import {
  createProject,
  deleteProject,
  getProject,
  listProjects,
  projectResourceCounts,
  updateProject,
} from '../../domain/projects/manage-projects.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerProjectRoutes(route: RouteRegistrar): void {
  route(listProjectsRoute, async (_input, context) => ({
    projects: (await listProjects(context)).map(({ name, title, description }) => ({
      name,
      title,
      description,
    })),
  }));
  route(listProjectsFullRoute, async (_input, context) => ({
    projects: await listProjects(context),
  }));
  route(getProjectRoute, async ({ params }, context) => ({
    project: await getProject(context, params.project),
  }));
  route(createProjectRoute, async ({ params, body }, context) => ({
    project: await createProject(context, params.project, {
      ...(body.project ? { project: body.project } : {}),
      user_ids: body.user_ids,
    }),
  }));
  route(updateProjectRoute, async ({ params, body }, context) => ({
    project: await updateProject(context, params.project, body.project ?? {}),
  }));
  route(deleteProjectRoute, async ({ params, query }, context) => {
    await deleteProject(context, params.project, queryFlag(query.force));
    return {};
  });
  route(projectResourceCountsRoute, async ({ params }, context) => ({
    ...(await projectResourceCounts(context, params.project)),
  }));
}
