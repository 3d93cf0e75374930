import { themesRoute } from '../../contracts/themes.js';
import { datasetThemes } from '../../domain/themes/dataset-themes.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerThemeRoutes(route: RouteRegistrar): void {
  route(themesRoute, ({ params }, context) =>
    datasetThemes(context, { project: params.project, name: params.name }),
  );
}
