import {
  createIntegrationRoute,
  deleteIntegrationRoute,
  getIntegrationRoute,
  getIntegrationsOfProjectRoute,
  integrationErrorsRoute,
  listIntegrationsRoute,
  updateIntegrationRoute,
} from '../../contracts/integrations.js';
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  integrationErrors,
  listIntegrations,
  updateIntegration,
} from '../../domain/integrations/manage-integrations.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerIntegrationRoutes(route: RouteRegistrar): void {
  route(listIntegrationsRoute, async (_input, context) => ({
    integrations: await listIntegrations(context),
  }));
  route(getIntegrationsOfProjectRoute, async ({ params }, context) =>
    params.project.startsWith('id:')
      ? { integration: await getIntegration(context, { project: params.project }) }
      : { integrations: await listIntegrations(context, params.project) },
  );
  route(getIntegrationRoute, async ({ params }, context) => ({
    integration: await getIntegration(context, params),
  }));
  route(createIntegrationRoute, async ({ params, body }, context) => ({
    integration: await createIntegration(context, params.project, params.name, body.integration),
  }));
  route(updateIntegrationRoute, async ({ params, body }, context) => ({
    integration: await updateIntegration(context, params, body.integration),
  }));
  route(deleteIntegrationRoute, async ({ params }, context) => {
    await deleteIntegration(context, { project: params.project });
    return {};
  });
  route(integrationErrorsRoute, async ({ params }, context) => ({
    errors: await integrationErrors(context, params),
  }));
}
