import { Type, type Static } from 'typebox';

import { Hex16, ProjectResourceParams, QueryBoolean, StringEnum, Timestamp } from './common.js';
import { errorResponses, ok, OkEmpty } from './envelope.js';
import { defineRoute, projectPermission } from './route.js';

export const MAX_COMMENTS_PER_SYNC = 16_384;
export const MAX_TEXT_LENGTH = 1_000_000;

// Markup is stored verbatim and checked structurally by the domain (api.md §4.4.3).
const Markup = Type.Array(Type.Object({ kind: Type.String() }, { additionalProperties: true }));

export const Text = Type.Object(
  {
    text: Type.String({ maxLength: MAX_TEXT_LENGTH }),
    translated_from: Type.Optional(Type.String({ maxLength: MAX_TEXT_LENGTH })),
  },
  { additionalProperties: false },
);

export const RichText = Type.Object(
  {
    text: Type.String({ maxLength: MAX_TEXT_LENGTH }),
    translated_from: Type.Optional(Type.String({ maxLength: MAX_TEXT_LENGTH })),
    text_markup: Type.Optional(Markup),
    translated_from_markup: Type.Optional(Markup),
  },
  { additionalProperties: false },
);

const Address = Type.String({ maxLength: 4096 });

export const Message = Type.Object(
  {
    body: RichText,
    subject: Type.Optional(Text),
    signature: Type.Optional(RichText),
    from: Type.Optional(Address),
    to: Type.Optional(Type.Array(Address, { maxItems: 4096 })),
    cc: Type.Optional(Type.Array(Address, { maxItems: 4096 })),
    bcc: Type.Optional(Type.Array(Address, { maxItems: 4096 })),
    sent_at: Type.Optional(Timestamp),
    language: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type Message = Static<typeof Message>;

export const AttachmentMetadata = Type.Object(
  {
    name: Type.String({ maxLength: 4096 }),
    size: Type.Integer({ minimum: 0 }),
    content_type: Type.String({ maxLength: 1024 }),
    attachment_reference: Type.Optional(Type.String()),
    content_hash: Type.Optional(Type.String({ maxLength: 128 })),
    inline: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AttachmentMetadata = Static<typeof AttachmentMetadata>;

/** `string:<Name>` → string, `number:<Name>` → finite number; checked by the domain (api.md §3.9.5). */
export const UserProperties = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number()]),
);
export type UserProperties = Static<typeof UserProperties>;

export const TEXT_FORMATS = ['plain', 'markdown'] as const;

export const CommentNew = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    timestamp: Timestamp,
    messages: Type.Array(Message, { minItems: 1, maxItems: 1024 }),
    thread_id: Type.Optional(Type.String({ maxLength: 1024 })),
    user_properties: Type.Optional(Type.Union([UserProperties, Type.Null()])),
    text_format: Type.Optional(StringEnum(TEXT_FORMATS)),
    attachments: Type.Optional(Type.Array(AttachmentMetadata, { maxItems: 256 })),
    context: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type CommentNew = Static<typeof CommentNew>;

export const Comment = Type.Object({
  uid: Type.String(),
  id: Type.String(),
  source_id: Hex16,
  thread_id: Type.Optional(Type.String()),
  timestamp: Timestamp,
  messages: Type.Array(Type.Unknown()),
  user_properties: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  text_format: Type.Optional(Type.String()),
  attachments: Type.Array(Type.Unknown()),
  created_at: Timestamp,
  last_modified: Timestamp,
  context: Type.String(),
  has_annotations: Type.Boolean(),
});
export type Comment = Static<typeof Comment>;

export const ThreadProperties = Type.Object({
  num_messages: Type.Integer(),
  num_participants: Type.Integer(),
  thread_position: Type.Optional(Type.Integer()),
  first_sender: Type.Optional(Type.String()),
  duration: Type.Optional(Type.Number()),
  response_time: Type.Optional(Type.Number()),
});
export type ThreadProperties = Static<typeof ThreadProperties>;

export const SyncCounts = {
  new: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  updated_properties_only: Type.Integer(),
  updated_text_changed: Type.Integer(),
};
export type SyncCounts = {
  new: number;
  updated: number;
  unchanged: number;
  updated_properties_only: number;
  updated_text_changed: number;
};

const NoChargeQuery = Type.Object({ no_charge: Type.Optional(QueryBoolean) });

// POST /api/v1/sources/<p>/<s>/sync
export const SyncCommentsBody = Type.Object({
  // An empty list is a no-op with zero counts (api.md §5.5.1): `re package upload` sends one for an
  // empty source.
  comments: Type.Array(CommentNew, { maxItems: MAX_COMMENTS_PER_SYNC }),
});
export type SyncCommentsBody = Static<typeof SyncCommentsBody>;
export const syncCommentsRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/sources/:project/:name/sync',
  summary: 'Create or update comments (idempotent upsert of 0–16384 comments)',
  tags: ['comments'],
  permission: projectPermission('sources-add-comments'),
  schema: {
    params: ProjectResourceParams,
    querystring: NoChargeQuery,
    body: SyncCommentsBody,
    response: { 200: ok(SyncCounts), ...errorResponses(400, 401, 403, 404, 413) },
  },
});

// PUT /api/_private/sources/<p>/<s>/comments
export const addCommentsRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/sources/:project/:name/comments',
  summary: 'Add comments (create-only; 409 when an existing id has different content)',
  tags: ['comments'],
  permission: projectPermission('sources-add-comments'),
  schema: {
    params: ProjectResourceParams,
    querystring: NoChargeQuery,
    body: SyncCommentsBody,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404, 409, 413) },
  },
});

// GET /api/v1/sources/<p>/<s>/comments/<comment_id>
export const getCommentRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/sources/:project/:name/comments/:comment_id',
  summary: 'Get one comment',
  tags: ['comments'],
  permission: projectPermission('sources-read'),
  schema: {
    params: Type.Object({ project: Type.String(), name: Type.String(), comment_id: Type.String() }),
    querystring: Type.Object({ include_markup: Type.Optional(QueryBoolean) }),
    response: { 200: ok({ comment: Comment }), ...errorResponses(400, 401, 403, 404) },
  },
});

// DELETE /api/v1/sources/<p>/<s>/comments?id=…&ids=…
const DeleteCommentsQuery = Type.Object({
  id: Type.Optional(Type.Array(Type.String())),
  ids: Type.Optional(Type.Array(Type.String())),
});
export const deleteCommentsRoute = defineRoute({
  method: 'DELETE',
  url: '/api/v1/sources/:project/:name/comments',
  summary: 'Delete comments by id (1–128 ids; unknown ids are ignored)',
  tags: ['comments'],
  permission: projectPermission('sources-add-comments'),
  schema: {
    params: ProjectResourceParams,
    querystring: DeleteCommentsQuery,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});
export const deleteMessagesRoute = defineRoute({
  ...deleteCommentsRoute,
  url: '/api/v1/sources/:project/:name/messages',
  summary: 'Delete comments by id (documented alias)',
});

// GET /api/_private/sources/<p>/<s>/comments
export const ITERATION_DIRECTIONS = ['ascending', 'descending'] as const;
export const IterateCommentsQuery = Type.Object({
  limit: Type.Optional(Type.Integer()),
  after: Type.Optional(Type.String()),
  from_timestamp: Type.Optional(Type.String()),
  to_timestamp: Type.Optional(Type.String()),
  direction: Type.Optional(StringEnum(ITERATION_DIRECTIONS)),
  include_markup: Type.Optional(QueryBoolean),
  include_thread_properties: Type.Optional(QueryBoolean),
});
export type IterateCommentsQuery = Static<typeof IterateCommentsQuery>;
export const iterateCommentsRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/sources/:project/:name/comments',
  summary: 'Iterate the comments of a source in (timestamp, id) order',
  tags: ['comments'],
  permission: projectPermission('sources-read'),
  schema: {
    params: ProjectResourceParams,
    querystring: IterateCommentsQuery,
    response: {
      200: ok({
        comments: Type.Array(Comment),
        continuation: Type.Optional(Type.String()),
        thread_properties: Type.Optional(Type.Array(Type.Union([ThreadProperties, Type.Null()]))),
      }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// GET /api/v1/sources/<p>/<s>/threads
export const getThreadsRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/sources/:project/:name/threads',
  summary: 'Threads of a source: comment ids by thread, ordered by timestamp',
  tags: ['comments'],
  permission: projectPermission('sources-read'),
  schema: {
    params: ProjectResourceParams,
    querystring: Type.Object({
      thread_id: Type.Optional(Type.Array(Type.String(), { maxItems: 1024 })),
    }),
    response: {
      200: ok({
        threads: Type.Array(
          Type.Object({ thread_id: Type.String(), comments: Type.Array(Type.String()) }),
        ),
      }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});
