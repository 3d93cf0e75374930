import { Type } from 'typebox';

import { CommentFilter } from './comment-filter.js';
import { ProjectResourceParams } from './common.js';
import { errorResponses, ok } from './envelope.js';
import { defineRoute, projectPermission } from './route.js';

// POST /api/v1/sources/<p>/<s>/statistics
export const sourceStatisticsRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/sources/:project/:name/statistics',
  summary: 'Count the comments of a source that match a comment filter',
  tags: ['sources'],
  permission: projectPermission('sources-read'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({ comment_filter: Type.Optional(CommentFilter) }),
    response: {
      200: ok({ statistics: Type.Object({ num_comments: Type.Integer() }) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});
