import {
  createSourceRoute,
  deleteSourceByIdRoute,
  deleteSourceRoute,
  getSourceRoute,
  getSourcesOfProjectRoute,
  listSourcesRoute,
  updateSourceRoute,
} from '../../contracts/sources.js';
import { notFound } from '../../domain/errors.js';
import {
  createSource,
  deleteSource,
  getSource,
  listSources,
  updateSource,
} from '../../domain/sources/manage-sources.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerSourceRoutes(route: RouteRegistrar): void {
  route(listSourcesRoute, async (_input, context) => ({ sources: await listSources(context) }));
  // One segment: `id:<hex>` gets one source, a project name lists its sources (api.md §3.2).
  route(getSourcesOfProjectRoute, async ({ params }, context) =>
    params.project.startsWith('id:')
      ? { source: await getSource(context, { project: params.project }) }
      : { sources: await listSources(context, params.project) },
  );
  route(getSourceRoute, async ({ params }, context) => ({
    source: await getSource(context, { project: params.project, name: params.name }),
  }));
  route(createSourceRoute, async ({ params, body }, context) => ({
    source: await createSource(context, params.project, params.name, body.source ?? {}),
  }));
  route(updateSourceRoute, async ({ params, body }, context) => ({
    source: await updateSource(
      context,
      { project: params.project, name: params.name },
      body.source ?? {},
    ),
  }));
  route(deleteSourceByIdRoute, async ({ params }, context) => {
    if (!params.project.startsWith('id:')) {
      throw notFound('404 Not Found');
    }
    await deleteSource(context, { project: params.project });
    return {};
  });
  route(deleteSourceRoute, async ({ params }, context) => {
    await deleteSource(context, { project: params.project, name: params.name });
    return {};
  });
}
