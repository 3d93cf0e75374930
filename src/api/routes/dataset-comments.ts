import { exportDatasetRoute } from '../../contracts/export.js';
import {
  datasetStatisticsRoute,
  datasetSummaryRoute,
  datasetUserPropertiesRoute,
  datasetUserPropertyValuesRoute,
  labelVolumeRoute,
} from '../../contracts/statistics.js';
import { datasetStatistics } from '../../domain/dataset-comments/dataset-statistics.js';
import { exportDataset } from '../../domain/dataset-comments/export-dataset.js';
import { labelVolume } from '../../domain/dataset-comments/label-volume.js';
import {
  userPropertySummary,
  userPropertyValues,
} from '../../domain/dataset-comments/user-property-summary.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerDatasetCommentRoutes(route: RouteRegistrar): void {
  route(exportDatasetRoute, async ({ params, body }, context) =>
    exportDataset(context, { project: params.project, name: params.name }, body),
  );
  route(datasetStatisticsRoute, async ({ params, body }, context) => ({
    statistics: await datasetStatistics(
      context,
      { project: params.project, name: params.name },
      body,
    ),
  }));
  route(labelVolumeRoute, async ({ params, body }, context) => ({
    label_volume: await labelVolume(context, { project: params.project, name: params.name }, body),
  }));
  route(datasetSummaryRoute, async ({ params, body }, context) => ({
    summary: {
      user_properties: await userPropertySummary(
        context,
        { project: params.project, name: params.name },
        body.filter ?? {},
        body.attribute_filters ?? [],
      ),
    },
  }));
  route(datasetUserPropertiesRoute, async ({ params }, context) => ({
    user_properties: await userPropertySummary(context, {
      project: params.project,
      name: params.name,
    }),
  }));
  route(datasetUserPropertyValuesRoute, async ({ params, body }, context) => ({
    values: await userPropertyValues(
      context,
      { project: params.project, name: params.name },
      body.full_name,
      body.query,
      body.limit ?? 256,
    ),
  }));
}
