import { Type, type Static } from 'typebox';

import { AttachmentMetadata, CommentNew, SyncCounts, UserProperties } from './comments.js';
import { ProjectResourceParams, QueryBoolean } from './common.js';
import { errorResponses, ok } from './envelope.js';
import { defineRoute, projectPermission } from './route.js';

export const MAX_RAW_EMAILS_PER_SYNC = 4096;

// "Exactly one of raw/parsed" and "exactly one of plain/html" are checked by the domain, not by a schema
// union: a union would answer with one error per branch instead of one message naming the field.

/** The header block (`raw`, folded lines allowed) or header name → value (`parsed`); exactly one (api.md §6.1.1). */
export const RawEmailHeaders = Type.Object(
  {
    raw: Type.Optional(Type.String()),
    parsed: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);
export type RawEmailHeaders = Static<typeof RawEmailHeaders>;

/** The body as plain text or HTML; exactly one (api.md §6.1.1). */
export const RawEmailBody = Type.Object(
  {
    plain: Type.Optional(Type.String()),
    html: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type RawEmailBody = Static<typeof RawEmailBody>;

export const RawEmail = Type.Object(
  {
    headers: RawEmailHeaders,
    body: RawEmailBody,
    attachments: Type.Optional(Type.Array(AttachmentMetadata, { maxItems: 256 })),
  },
  { additionalProperties: false },
);
export type RawEmail = Static<typeof RawEmail>;

export const RawEmailDocument = Type.Object(
  {
    raw_email: RawEmail,
    user_properties: Type.Optional(Type.Union([UserProperties, Type.Null()])),
    comment_id: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type RawEmailDocument = Static<typeof RawEmailDocument>;

// POST /api/v1/sources/<p>/<s>/sync-raw-emails
export const SyncRawEmailsBody = Type.Object({
  documents: Type.Array(RawEmailDocument, { minItems: 1, maxItems: MAX_RAW_EMAILS_PER_SYNC }),
  transform_tag: Type.Optional(Type.String()),
  include_comments: Type.Optional(Type.Boolean()),
  override_user_properties: Type.Optional(Type.Array(Type.String())),
});
export type SyncRawEmailsBody = Static<typeof SyncRawEmailsBody>;

// POST /api/v1/sources/<p>/<s>/sync-raw-emails
export const syncRawEmailsRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/sources/:project/:name/sync-raw-emails',
  summary: 'Parse raw MIME emails into comments and upsert them like sync (1–4096 documents)',
  tags: ['comments'],
  permission: projectPermission('sources-add-comments'),
  schema: {
    params: ProjectResourceParams,
    querystring: Type.Object({ no_charge: Type.Optional(QueryBoolean) }),
    body: SyncRawEmailsBody,
    response: {
      200: ok({ ...SyncCounts, comments: Type.Optional(Type.Array(CommentNew)) }),
      ...errorResponses(400, 401, 403, 404, 413, 422),
    },
  },
});
