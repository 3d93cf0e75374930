import {
  createLabelGroupRoute,
  deleteLabelDefRoute,
  deleteLabelGroupRoute,
  getLabelDefRoute,
  getLabelGroupRoute,
  listLabelGroupsRoute,
  updateLabelDefRoute,
  upsertLabelDefsRoute,
} from '../../contracts/label-defs.js';
import {
  createLabelGroup,
  deleteLabelDef,
  deleteLabelGroup,
  getLabelDef,
  getLabelGroup,
  listLabelGroups,
  putLabelDefs,
  updateLabelDef,
} from '../../domain/datasets/label-defs.js';
import type { RouteRegistrar } from '../register-route.js';

// api.md §5.7. No annotations exist yet (api.md §5.8 lands later), so renames and deletes report the
// annotations they rewrote as `num_modified: 0`.
export function registerLabelDefRoutes(route: RouteRegistrar): void {
  route(upsertLabelDefsRoute, async ({ params, body }, context) => {
    await putLabelDefs(
      context,
      { project: params.project, name: params.name },
      params.group,
      body.label_defs,
    );
    return {};
  });
  route(getLabelDefRoute, async ({ params, query }, context) => ({
    label: await getLabelDef(
      context,
      { project: params.project, name: params.name },
      params.group,
      query.label_name,
    ),
  }));
  route(updateLabelDefRoute, async ({ params, query, body }, context) =>
    updateLabelDef(
      context,
      { project: params.project, name: params.name },
      params.group,
      query.label_name,
      body.label ?? {},
    ),
  );
  route(deleteLabelDefRoute, async ({ params, query }, context) =>
    deleteLabelDef(
      context,
      { project: params.project, name: params.name },
      params.group,
      query.label_name,
    ),
  );
  route(listLabelGroupsRoute, async ({ params }, context) => ({
    label_groups: await listLabelGroups(context, { project: params.project, name: params.name }),
  }));
  route(getLabelGroupRoute, async ({ params }, context) => ({
    label_group: await getLabelGroup(
      context,
      { project: params.project, name: params.name },
      params.group,
    ),
  }));
  route(createLabelGroupRoute, async ({ params, body }, context) => ({
    label_group: await createLabelGroup(
      context,
      { project: params.project, name: params.name },
      params.group,
      body,
    ),
  }));
  route(deleteLabelGroupRoute, async ({ params }, context) => {
    await deleteLabelGroup(context, { project: params.project, name: params.name }, params.group);
    return {};
  });
}
