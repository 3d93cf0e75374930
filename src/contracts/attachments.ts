import { Type } from 'typebox';

import { errorResponses, ok } from './envelope.js';
import { anyUser, defineRoute, projectPermission } from './route.js';

export const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;

// PUT /api/_private/sources/id:<hex>/comments/<comment_id>/attachments/<index> (multipart, part `file`)
export const uploadAttachmentRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/sources/:project/comments/:comment_id/attachments/:index',
  summary:
    'Upload attachment content (multipart/form-data, file part `file`); links it by content_hash',
  tags: ['attachments'],
  permission: projectPermission('sources-add-comments'),
  schema: {
    params: Type.Object({
      project: Type.String(),
      comment_id: Type.String(),
      index: Type.String(),
    }),
    response: {
      200: ok({ content_hash: Type.String() }),
      ...errorResponses(400, 401, 403, 404, 413),
    },
  },
});

// GET /api/v1/attachments/<attachment_reference>
export const downloadAttachmentRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/attachments/:reference',
  summary: 'Download attachment content (raw bytes)',
  tags: ['attachments'],
  // Checked against the comment's project once the reference is resolved.
  permission: anyUser,
  schema: {
    params: Type.Object({ reference: Type.String() }),
    response: { 200: Type.String({ format: 'binary' }), ...errorResponses(401, 403, 404) },
  },
});
