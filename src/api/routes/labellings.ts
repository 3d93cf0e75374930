import { queryFlag } from '../../contracts/common.js';
import {
  getLabellingsRoute,
  syncAnnotationsRoute,
  updateLabellingRoute,
} from '../../contracts/labellings.js';
import { getLabellings } from '../../domain/labellings/read-labellings.js';
import { syncAnnotations } from '../../domain/labellings/sync-annotations.js';
import { updateLabelling } from '../../domain/labellings/update-labelling.js';
import type { RouteRegistrar } from '../register-route.js';

export function registerLabellingRoutes(route: RouteRegistrar): void {
  route(updateLabellingRoute, async ({ params, body }, context) =>
    updateLabelling(
      context,
      { project: params.project, name: params.name },
      params.comment_uid,
      body,
    ),
  );
  route(getLabellingsRoute, async ({ params, query }, context) =>
    getLabellings(
      context,
      { project: params.project, name: params.name },
      {
        ...(query.id ? { id: query.id } : {}),
        ...(query.ids ? { ids: query.ids } : {}),
        allow_missing: queryFlag(query.allow_missing),
        ...(query.source_id === undefined ? {} : { source_id: query.source_id }),
        ...(query.after === undefined ? {} : { after: query.after }),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      },
    ),
  );
  route(syncAnnotationsRoute, async ({ params, body }, context) => {
    await syncAnnotations(
      context,
      { project: params.project, name: params.name },
      body.annotations,
    );
    return {};
  });
}
