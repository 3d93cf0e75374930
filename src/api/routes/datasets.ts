import {
  createDatasetRoute,
  deleteDatasetByIdRoute,
  deleteDatasetRoute,
  getDatasetRoute,
  getDatasetsOfProjectRoute,
  listDatasetsRoute,
  updateDatasetRoute,
} from '../../contracts/datasets.js';
import {
  createDataset,
  deleteDataset,
  getDataset,
  listDatasets,
  updateDataset,
} from '../../domain/datasets/manage-datasets.js';
import { notFound } from '../../domain/errors.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerDatasetRoutes(route: RouteRegistrar): void {
  route(listDatasetsRoute, async (_input, context) => ({ datasets: await listDatasets(context) }));
  // One segment: `id:<hex>` gets one dataset, a project name lists its datasets (api.md §3.2).
  route(getDatasetsOfProjectRoute, async ({ params }, context) =>
    params.project.startsWith('id:')
      ? { dataset: await getDataset(context, { project: params.project }) }
      : { datasets: await listDatasets(context, params.project) },
  );
  route(getDatasetRoute, async ({ params }, context) => ({
    dataset: await getDataset(context, { project: params.project, name: params.name }),
  }));
  route(createDatasetRoute, async ({ params, body }, context) =>
    createDataset(context, params.project, params.name, body.dataset ?? {}),
  );
  route(updateDatasetRoute, async ({ params, body }, context) => ({
    dataset: await updateDataset(
      context,
      { project: params.project, name: params.name },
      body.dataset ?? {},
    ),
  }));
  route(deleteDatasetByIdRoute, async ({ params }, context) => {
    if (!params.project.startsWith('id:')) {
      throw notFound('404 Not Found');
    }
    await deleteDataset(context, { project: params.project });
    return {};
  });
  route(deleteDatasetRoute, async ({ params }, context) => {
    await deleteDataset(context, { project: params.project, name: params.name });
    return {};
  });
}
