import { Type, type Static } from 'typebox';

import { Timestamp } from './common.js';
import { errorResponses, ok } from './envelope.js';
import { defineRoute, projectPermission } from './route.js';

// api.md §6.10: Discover clusters. `id`, `name`, `keywords`, `size` and `comment_uids` are Sift keys;
// `comment_uids` lists every unreviewed member so a client can label the whole cluster.

export const Theme = Type.Object({
  id: Type.String(),
  name: Type.String(),
  keywords: Type.Array(Type.String()),
  size: Type.Integer(),
  theme_comments: Type.Array(Type.Object({ comment_uid: Type.String() })),
  comment_uids: Type.Array(Type.String()),
  suggested_labels: Type.Array(Type.Unknown()),
  suggested_labels_reasoning: Type.Null(),
});
export type Theme = Static<typeof Theme>;

export const ThemesResponse = ok({
  theme_set: Type.Union([
    Type.Object({ trained_time: Timestamp, themes: Type.Array(Theme) }),
    Type.Null(),
  ]),
  available_models: Type.Array(Type.Unknown()),
});
export type ThemesResponse = Static<typeof ThemesResponse>;

export const themesRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/datasets/:project/:name/themes',
  summary: 'Discover: up to 30 clusters of unreviewed comments with keyword names',
  tags: ['datasets'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: Type.Object({ project: Type.String(), name: Type.String() }),
    response: { 200: ThemesResponse, ...errorResponses(400, 401, 403, 404) },
  },
});
