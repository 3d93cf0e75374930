import { queryDatasetRoute } from '../../contracts/query.js';
import { queryDataset } from '../../domain/dataset-comments/query-dataset.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerQueryRoutes(route: RouteRegistrar): void {
  route(queryDatasetRoute, async ({ params, query, body }, context) =>
    queryDataset(context, { project: params.project, name: params.name }, body, {
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(query.continuation === undefined ? {} : { continuation: query.continuation }),
    }),
  );
}
