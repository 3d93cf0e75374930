import { Type, type Static } from 'typebox';

import { Comment, ThreadProperties } from './comments.js';
import { Hex16, ProjectResourceParams, StringEnum, Timestamp } from './common.js';
import { errorResponses, ok } from './envelope.js';
import { defineRoute, projectPermission } from './route.js';

const ExportedLabel = Type.Object({
  name: Type.String(),
  sentiment: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  metadata: Type.Optional(Type.Unknown()),
  probability: Type.Optional(Type.Number()),
});

export const ExportedComment = Type.Object({
  comment: Comment,
  annotations: Type.Object({
    labels: Type.Object({
      assigned: Type.Array(ExportedLabel),
      dismissed: Type.Array(ExportedLabel),
    }),
    entities: Type.Object({
      assigned: Type.Array(Type.Unknown()),
      dismissed: Type.Array(Type.Unknown()),
    }),
  }),
  predictions: Type.Object({
    labels: Type.Array(ExportedLabel),
    entities: Type.Optional(Type.Array(Type.Unknown())),
  }),
  thread_properties: Type.Optional(ThreadProperties),
});
export type ExportedComment = Static<typeof ExportedComment>;

export const ExportDatasetBody = Type.Object({
  comment_uids: Type.Optional(Type.Array(Type.String(), { minItems: 1, maxItems: 1024 })),
  source_ids: Type.Optional(Type.Array(Hex16)),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  order_by: Type.Optional(StringEnum(['timestamp', 'created_at'] as const)),
  limit: Type.Optional(Type.Integer()),
  continuation: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type ExportDatasetBody = Static<typeof ExportDatasetBody>;

// POST /api/v1/datasets/<p>/<d>/export
export const exportDatasetRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/datasets/:project/:name/export',
  summary: 'Export comments of a dataset with their annotations and newest-model predictions',
  tags: ['datasets'],
  permission: projectPermission('datasets-export'),
  schema: {
    params: ProjectResourceParams,
    body: ExportDatasetBody,
    response: {
      200: ok({
        comments: Type.Array(ExportedComment),
        continuation: Type.Optional(Type.String()),
      }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});
