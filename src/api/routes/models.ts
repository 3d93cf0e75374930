import {
  deleteModelTagRoute,
  labellerStatusRoute,
  labelValidationRoute,
  listLabellersRoute,
  listModelTagsRoute,
  pinLabellerRoute,
  predictCommentsRoute,
  predictLatestRoute,
  predictRawEmailsRoute,
  predictRoute,
  setModelTagRoute,
  unpinLabellerRoute,
  updateLabellerRoute,
  validationPrivateRoute,
  validationV1Route,
} from '../../contracts/models.js';
import {
  deleteModelTag,
  labellerStatus,
  listLabellers,
  listModelTags,
  pinLabeller,
  setModelTag,
  updateLabeller,
} from '../../domain/models/model-versions.js';
import {
  predictComments,
  predictDocuments,
  predictRawEmails,
} from '../../domain/models/predict.js';
import {
  labelValidation,
  validationSummary,
  validationSummaryV1,
} from '../../domain/models/validation-views.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerModelRoutes(route: RouteRegistrar): void {
  const dataset = (params: { project: string; name: string }) => ({
    project: params.project,
    name: params.name,
  });
  route(listLabellersRoute, ({ params, body }, context) =>
    listLabellers(context, dataset(params), body),
  );
  route(labellerStatusRoute, ({ params }, context) => labellerStatus(context, dataset(params)));
  route(updateLabellerRoute, async ({ params, body }, context) => {
    await updateLabeller(context, dataset(params), params.version, body);
    return {};
  });
  route(pinLabellerRoute, async ({ params }, context) => {
    await pinLabeller(context, dataset(params), params.version, true);
    return {};
  });
  route(unpinLabellerRoute, async ({ params }, context) => {
    await pinLabeller(context, dataset(params), params.version, false);
    return {};
  });
  route(listModelTagsRoute, ({ params }, context) => listModelTags(context, dataset(params)));
  route(setModelTagRoute, async ({ params, body }, context) => {
    await setModelTag(context, dataset(params), params.tag, body.model_tag.version);
    return {};
  });
  route(deleteModelTagRoute, async ({ params }, context) => {
    await deleteModelTag(context, dataset(params), params.tag);
    return {};
  });
  route(predictRoute, ({ params, body }, context) =>
    predictDocuments(context, dataset(params), params.version, body),
  );
  route(predictLatestRoute, ({ params, body }, context) =>
    predictDocuments(context, dataset(params), null, body),
  );
  route(predictCommentsRoute, ({ params, body }, context) =>
    predictComments(context, dataset(params), params.version, body),
  );
  route(predictRawEmailsRoute, ({ params, body }, context) =>
    predictRawEmails(context, dataset(params), params.version, body),
  );
  route(validationV1Route, ({ params }, context) =>
    validationSummaryV1(context, dataset(params), params.version),
  );
  route(validationPrivateRoute, ({ params }, context) =>
    validationSummary(context, dataset(params), params.version),
  );
  route(labelValidationRoute, ({ params, body }, context) =>
    labelValidation(context, dataset(params), params.version, body.label),
  );
}
