import { Type, type Static } from 'typebox';

import { AttachmentMetadata } from './comments.js';
import { Hex16, ProjectParams, ProjectResourceParams, QueryBoolean, Timestamp } from './common.js';
import { errorResponses, ok, OkEmpty } from './envelope.js';
import { anyUser, defineRoute, projectPermission } from './route.js';

export const MAX_EMAILS_PER_REQUEST = 4096;
export const BUCKET_TYPES = ['emails'] as const;

const LastUpdatedBy = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]);

export const Bucket = Type.Object({
  id: Hex16,
  owner: Type.String(),
  name: Type.String(),
  title: Type.String(),
  bucket_type: Type.Literal('emails'),
  created_at: Timestamp,
  updated_at: Timestamp,
  last_updated_by: Type.Optional(LastUpdatedBy),
});
export type Bucket = Static<typeof Bucket>;

export const BucketNew = Type.Object({
  // Checked by the domain, so an unknown type gets the documented 400 message rather than a schema error.
  bucket_type: Type.Optional(Type.String()),
  title: Type.Optional(Type.String({ maxLength: 1024 })),
});
export type BucketNew = Static<typeof BucketNew>;

export const BucketUpdate = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 1024 })),
  last_updated_by: Type.Optional(LastUpdatedBy),
});
export type BucketUpdate = Static<typeof BucketUpdate>;

/** An email as stored and returned (api.md §6.3). */
export const Email = Type.Object({
  id: Type.String(),
  mailbox: Type.String(),
  timestamp: Timestamp,
  mime_content: Type.String(),
  metadata: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  attachments: Type.Array(Type.Unknown()),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Email = Static<typeof Email>;

export const EmailNew = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 4096 }),
  mailbox: Type.String({ maxLength: 4096 }),
  timestamp: Timestamp,
  mime_content: Type.String({ minLength: 1 }),
  metadata: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
  attachments: Type.Optional(Type.Array(AttachmentMetadata, { maxItems: 256 })),
});
export type EmailNew = Static<typeof EmailNew>;

/** KeyedSyncState (api.md §6.5): what the connector remembers per mailbox and per folder. */
export const KeyedSyncState = Type.Object({
  mailbox_name: Type.String({ minLength: 1, maxLength: 4096 }),
  folder_id: Type.Union([Type.String(), Type.Null()]),
  folder_path: Type.Union([Type.Array(Type.String()), Type.Null()]),
  status: Type.Union([Type.Literal('IN_PROGRESS'), Type.Literal('UP_TO_DATE')]),
  synced_until: Type.Union([Timestamp, Type.Null()]),
  last_synced_at: Timestamp,
  fingerprint: Type.Optional(Type.String()),
});
export type KeyedSyncState = Static<typeof KeyedSyncState>;

export const BucketSyncState = Type.Object({
  sync_state: Type.Record(Type.String(), Type.Unknown()),
  progress_timestamp: Type.Optional(Timestamp),
  last_synced_at: Type.Optional(Timestamp),
});
export type BucketSyncState = Static<typeof BucketSyncState>;

const IdParams = ProjectParams;
const KeyParams = Type.Object({ project: Type.String(), key: Type.String() });

// GET /api/_private/buckets — the official CLI calls it on every `get sources` (api.md §5.15).
export const listBucketsRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/buckets',
  summary: 'List visible buckets',
  tags: ['buckets'],
  permission: anyUser,
  schema: { response: { 200: ok({ buckets: Type.Array(Bucket) }), ...errorResponses(401) } },
});

// GET /api/_private/buckets/<p> and /api/_private/buckets/id:<hex>
export const getBucketsOfProjectRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/buckets/:project',
  summary: "List a project's buckets, or get one bucket by id (`id:<hex>`)",
  tags: ['buckets'],
  permission: projectPermission('buckets-read'),
  schema: {
    params: ProjectParams,
    response: {
      200: Type.Union([ok({ buckets: Type.Array(Bucket) }), ok({ bucket: Bucket })]),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// GET /api/_private/buckets/<p>/<b>
export const getBucketRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/buckets/:project/:name',
  summary: 'Get a bucket',
  tags: ['buckets'],
  permission: projectPermission('buckets-read'),
  schema: {
    params: ProjectResourceParams,
    response: { 200: ok({ bucket: Bucket }), ...errorResponses(400, 401, 403, 404) },
  },
});

// PUT /api/_private/buckets/<p>/<b>
export const createBucketRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/buckets/:project/:name',
  summary: 'Create a bucket',
  tags: ['buckets'],
  permission: projectPermission('buckets-write'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({ bucket: Type.Optional(BucketNew) }),
    response: { 200: ok({ bucket: Bucket }), ...errorResponses(400, 401, 403, 404, 409) },
  },
});

// POST /api/_private/buckets/<p>/<b>
export const updateBucketRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/buckets/:project/:name',
  summary: 'Update a bucket (title, last_updated_by)',
  tags: ['buckets'],
  permission: projectPermission('buckets-write'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({ bucket: Type.Optional(BucketUpdate) }),
    response: { 200: ok({ bucket: Bucket }), ...errorResponses(400, 401, 403, 404) },
  },
});

// DELETE /api/_private/buckets/id:<hex>
export const deleteBucketRoute = defineRoute({
  method: 'DELETE',
  url: '/api/_private/buckets/:project',
  summary: 'Delete a bucket by id (`id:<hex>`) with its emails and sync states',
  tags: ['buckets'],
  permission: projectPermission('buckets-write'),
  schema: { params: IdParams, response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) } },
});

// GET /api/_private/buckets/<p>/<b>/statistics
export const bucketStatisticsRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/buckets/:project/:name/statistics',
  summary: "A bucket's email count",
  tags: ['buckets'],
  permission: projectPermission('buckets-read'),
  schema: {
    params: ProjectResourceParams,
    response: {
      200: ok({
        statistics: Type.Object({
          count: Type.Object({ kind: Type.Literal('exact'), value: Type.Integer() }),
        }),
      }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// PUT /api/_private/buckets/<p>/<b>/emails
export const addEmailsRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/buckets/:project/:name/emails',
  summary:
    'Add or replace emails by id (1–4096, one transaction); sources reading the bucket get them as comments',
  tags: ['buckets'],
  permission: projectPermission('buckets-append'),
  schema: {
    params: ProjectResourceParams,
    querystring: Type.Object({ no_charge: Type.Optional(QueryBoolean) }),
    body: Type.Object({
      emails: Type.Array(EmailNew, { minItems: 1, maxItems: MAX_EMAILS_PER_REQUEST }),
    }),
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404, 413) },
  },
});

// POST /api/_private/buckets/<p>/<b>/emails
export const listEmailsRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/buckets/:project/:name/emails',
  summary: "Page through a bucket's emails in (created_at, id) order",
  tags: ['buckets'],
  permission: projectPermission('buckets-items-read'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({
      limit: Type.Optional(Type.Integer()),
      continuation: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    }),
    response: {
      200: ok({ emails: Type.Array(Email), continuation: Type.Optional(Type.String()) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// GET /api/_private/buckets/<p>/<b>/emails?id=<id>
export const getEmailRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/buckets/:project/:name/emails',
  summary: 'Get one email by id (0 or 1 results)',
  tags: ['buckets'],
  permission: projectPermission('buckets-items-read'),
  schema: {
    params: ProjectResourceParams,
    querystring: Type.Object({ id: Type.String() }),
    response: { 200: ok({ emails: Type.Array(Email) }), ...errorResponses(400, 401, 403, 404) },
  },
});

// GET /api/_private/buckets/id:<hex>/keyed-sync-states/
export const listKeyedSyncStatesRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/buckets/:project/keyed-sync-states',
  summary: "A bucket's keyed sync states (bucket by `id:<hex>`)",
  tags: ['buckets'],
  permission: projectPermission('buckets-read'),
  schema: {
    params: IdParams,
    response: {
      200: ok({ keyed_sync_states: Type.Array(KeyedSyncState) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// POST /api/_private/buckets/id:<hex>/keyed-sync-state-ids
export const keyedSyncStateIdsRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/buckets/:project/keyed-sync-state-ids',
  summary: 'The keys of one mailbox’s keyed sync states',
  tags: ['buckets'],
  permission: projectPermission('buckets-read'),
  schema: {
    params: IdParams,
    body: Type.Object({ mailbox_name: Type.String() }),
    response: {
      200: ok({ keyed_sync_state_ids: Type.Array(Type.String()) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// GET /api/_private/buckets/id:<hex>/keyed-sync-state/<key>
export const getKeyedSyncStateRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/buckets/:project/keyed-sync-state/:key',
  summary: 'Get one keyed sync state',
  tags: ['buckets'],
  permission: projectPermission('buckets-read'),
  schema: {
    params: KeyParams,
    response: {
      200: ok({ keyed_sync_state: KeyedSyncState }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// PUT /api/_private/buckets/id:<hex>/keyed-sync-state/<key>
export const putKeyedSyncStateRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/buckets/:project/keyed-sync-state/:key',
  summary: 'Create or replace one keyed sync state',
  tags: ['buckets'],
  permission: projectPermission('buckets-write'),
  schema: {
    params: KeyParams,
    body: Type.Object({ keyed_sync_state: KeyedSyncState }),
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});

// DELETE /api/_private/buckets/id:<hex>/keyed-sync-state/<key>
export const deleteKeyedSyncStateRoute = defineRoute({
  method: 'DELETE',
  url: '/api/_private/buckets/:project/keyed-sync-state/:key',
  summary: 'Delete one keyed sync state',
  tags: ['buckets'],
  permission: projectPermission('buckets-write'),
  schema: { params: KeyParams, response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) } },
});

// GET /api/_private/bucket-sync-state/<p>/<b>
export const getBucketSyncStateRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/bucket-sync-state/:project/:name',
  summary: "A bucket's sync state",
  tags: ['buckets'],
  permission: projectPermission('buckets-read'),
  schema: {
    params: ProjectResourceParams,
    response: {
      200: ok({ bucket_sync_state: BucketSyncState }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// PUT /api/_private/bucket-sync-state/<p>/<b>
export const putBucketSyncStateRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/bucket-sync-state/:project/:name',
  summary: "Replace a bucket's sync state",
  tags: ['buckets'],
  permission: projectPermission('buckets-write'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({ bucket_sync_state: BucketSyncState }),
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});
