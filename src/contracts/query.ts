import { Type, type Static } from 'typebox';

import { AttributeFilters } from './attribute-filters.js';
import { CommentFilter } from './comment-filter.js';
import { ProjectResourceParams, StringEnum } from './common.js';
import { errorResponses, ok } from './envelope.js';
import { EntityDef } from './label-defs.js';
import { AnnotatedComment } from './labellings.js';
import { defineRoute, projectPermission } from './route.js';

export const QUERY_ORDER_KINDS = [
  'recent',
  'sample',
  'by_label',
  'learning',
  'any_label_asc',
  'check',
  'missed',
  'text_search',
  'semantic_search',
  'attachment_text_search',
  'label_property',
  'diagnostic',
] as const;

export const QueryOrder = Type.Object({
  kind: StringEnum(QUERY_ORDER_KINDS),
  seed: Type.Optional(Type.Integer()),
  label: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  sentiment: Type.Optional(Type.String()),
  query: Type.Optional(Type.String()),
  entity_def_id: Type.Optional(Type.String()),
});
export type QueryOrder = Static<typeof QueryOrder>;

export const QueryDatasetBody = Type.Object({
  order: QueryOrder,
  filter: Type.Optional(CommentFilter),
  attribute_filters: Type.Optional(AttributeFilters),
  limit: Type.Optional(Type.Integer()),
  continuation: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  collapse_mode: Type.Optional(StringEnum(['none', 'thread_id'] as const)),
});
export type QueryDatasetBody = Static<typeof QueryDatasetBody>;

export const QueryDatasetResponse = ok({
  results: Type.Array(AnnotatedComment),
  continuation: Type.Optional(Type.String()),
  entity_defs: Type.Array(EntityDef),
  triggers: Type.Array(Type.Unknown()),
  num_results: Type.Optional(Type.Object({ filtered: Type.Integer(), expected: Type.Number() })),
  seed: Type.Optional(Type.Integer()),
  query: Type.Optional(Type.String()),
});

// POST /api/_private/datasets/<p>/<d>/query
export const queryDatasetRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/datasets/:project/:name/query',
  summary: 'Comments of a dataset in a query order, filtered, with their annotations',
  tags: ['datasets'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: ProjectResourceParams,
    querystring: Type.Object({
      limit: Type.Optional(Type.Integer()),
      continuation: Type.Optional(Type.String()),
    }),
    body: QueryDatasetBody,
    response: { 200: QueryDatasetResponse, ...errorResponses(400, 401, 403, 404) },
  },
});
