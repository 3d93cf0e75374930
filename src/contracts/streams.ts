import { Type, type Static, type TSchema } from 'typebox';

import { CommentFilter } from './comment-filter.js';
import { Comment } from './comments.js';
import { Hex16, ResourceName, Timestamp } from './common.js';
import { errorResponses, ok, OkEmpty } from './envelope.js';
import { LabelNameInput } from './label-defs.js';
import { PredictedEntity, PredictedLabel } from './labellings.js';
import { defineRoute, projectPermission } from './route.js';

// api.md §4.10, §5.11 and §5.12: streams, and the legacy `/triggers` routes over the same objects with
// their own wrapper keys.

export const MAX_STREAM_BATCH = 1024;
export const MAX_STREAM_FILTERED = 16_384;
export const DEFAULT_STREAM_RESULTS = 16;
export const DEFAULT_STREAM_FILTERED = 1024;

const LabelThreshold = Type.Object({
  name: Type.Array(Type.String()),
  threshold: Type.Number(),
});

export const Stream = Type.Object({
  id: Hex16,
  dataset_id: Hex16,
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  context: Type.String(),
  comment_filter: Type.Record(Type.String(), Type.Unknown()),
  model: Type.Optional(
    Type.Object({ version: Type.Integer(), label_thresholds: Type.Array(LabelThreshold) }),
  ),
  label_threshold_filter: Type.Null(),
});
export type Stream = Static<typeof Stream>;

const StreamModelInput = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  label_thresholds: Type.Optional(
    Type.Array(
      Type.Object({ name: LabelNameInput, threshold: Type.Number({ minimum: 0, maximum: 1 }) }),
      { maxItems: 4096 },
    ),
  ),
});

export const StreamNew = Type.Object({
  name: ResourceName,
  title: Type.Optional(Type.String({ maxLength: 1024 })),
  description: Type.Optional(Type.String({ maxLength: 4096 })),
  comment_filter: Type.Optional(CommentFilter),
  model: Type.Optional(StreamModelInput),
});
export type StreamNew = Static<typeof StreamNew>;

export const StreamUpdate = Type.Object({
  name: Type.Optional(ResourceName),
  title: Type.Optional(Type.String({ maxLength: 1024 })),
  description: Type.Optional(Type.String({ maxLength: 4096 })),
  comment_filter: Type.Optional(CommentFilter),
  model: Type.Optional(Type.Union([StreamModelInput, Type.Null()])),
});
export type StreamUpdate = Static<typeof StreamUpdate>;

const FetchResult = Type.Object({
  comment: Comment,
  sequence_id: Type.String(),
  labels: Type.Union([Type.Array(PredictedLabel), Type.Null()]),
  entities: Type.Union([Type.Array(PredictedEntity), Type.Null()]),
});

export const StreamFetchBody = Type.Object({
  size: Type.Integer({ minimum: 1, maximum: MAX_STREAM_BATCH }),
  max_filtered: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_STREAM_FILTERED })),
});
export type StreamFetchBody = Static<typeof StreamFetchBody>;

export const StreamFetchResponse = ok({
  results: Type.Array(FetchResult),
  filtered: Type.Integer(),
  sequence_id: Type.String(),
  is_end_sequence: Type.Boolean(),
});
export type StreamFetchResponse = Static<typeof StreamFetchResponse>;

const Confidence = Type.Object({ value: Type.Number(), thresholds: Type.Array(Type.String()) });

const ResultLabel = Type.Object({
  name: Type.String(),
  occurrence_confidence: Confidence,
  extraction_confidence: Confidence,
  fields: Type.Array(Type.Unknown()),
});

/** A general field in the automation format (api.md §5.11): value, confidence, spans. */
const ResultGeneralField = Type.Object({
  name: Type.String(),
  value: Type.Object({ formatted: Type.String() }),
  confidence: Type.Optional(
    Type.Object({ value: Type.Number(), thresholds: Type.Array(Type.String()) }),
  ),
  text_spans: Type.Array(
    Type.Object({
      content_part: Type.String(),
      message_index: Type.Integer(),
      utf16_byte_start: Type.Integer(),
      utf16_byte_end: Type.Integer(),
    }),
  ),
});

const ResultsItem = Type.Object({
  comment: Comment,
  prediction: Type.Optional(
    Type.Object({
      taxonomies: Type.Array(
        Type.Object({
          name: Type.String(),
          labels: Type.Array(ResultLabel),
          general_fields: Type.Array(ResultGeneralField),
        }),
      ),
      scores: Type.Array(Type.Unknown()),
    }),
  ),
  continuation: Type.String(),
});

export const StreamResultsQuery = Type.Object({
  max_results: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_STREAM_BATCH })),
  max_filtered: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_STREAM_FILTERED })),
});
export type StreamResultsQuery = Static<typeof StreamResultsQuery>;

export const StreamResultsResponse = ok({
  results: Type.Array(ResultsItem),
  num_filtered: Type.Integer(),
  more_results: Type.Boolean(),
  continuation: Type.String(),
  model: Type.Union([
    Type.Object({
      definition: Type.Object({
        taxonomies: Type.Array(Type.Unknown()),
        general_fields: Type.Array(Type.Unknown()),
        field_types: Type.Array(Type.Unknown()),
      }),
    }),
    Type.Null(),
  ]),
});
export type StreamResultsResponse = Static<typeof StreamResultsResponse>;

export const StreamAdvanceBody = Type.Object({
  sequence_id: Type.Optional(Type.String({ maxLength: 4096 })),
  continuation: Type.Optional(Type.String({ maxLength: 4096 })),
});
export type StreamAdvanceBody = Static<typeof StreamAdvanceBody>;

export const StreamResetBody = Type.Object({
  to_comment_created_at: Type.String({ maxLength: 64 }),
});
export type StreamResetBody = Static<typeof StreamResetBody>;

export const PutStreamExceptionsBody = Type.Object({
  exceptions: Type.Array(
    Type.Object({
      uid: Type.String({ maxLength: 4096 }),
      metadata: Type.Object({ type: Type.String({ minLength: 1, maxLength: 256 }) }),
    }),
    { minItems: 1, maxItems: MAX_STREAM_BATCH },
  ),
});
export type PutStreamExceptionsBody = Static<typeof PutStreamExceptionsBody>;

export const DeleteStreamExceptionsQuery = Type.Object({
  uid: Type.Union([
    Type.String({ maxLength: 4096 }),
    Type.Array(Type.String({ maxLength: 4096 }), { minItems: 1, maxItems: MAX_STREAM_BATCH }),
  ]),
});
export type DeleteStreamExceptionsQuery = Static<typeof DeleteStreamExceptionsQuery>;

const DatasetParams = Type.Object({ project: Type.String(), name: Type.String() });
const StreamParams = Type.Object({
  project: Type.String(),
  name: Type.String(),
  stream: Type.String(),
});

/**
 * The route specs of one family: `streams` (wrapper keys `stream`/`streams`) or the legacy `triggers`
 * (`trigger`/`triggers`). The legacy family has no `results` route (api.md §5.12).
 */
function streamFamily<const F extends 'streams' | 'triggers'>(family: F) {
  const one = family === 'streams' ? 'stream' : 'trigger';
  const base = `/api/v1/datasets/:project/:name/${family}`;
  const wrap = (schema: TSchema) => ({ [one]: schema });
  const tags = ['streams'];
  return {
    list: defineRoute({
      method: 'GET',
      url: base,
      summary: `List the dataset's ${family}, by name`,
      tags,
      permission: projectPermission('triggers-read'),
      schema: {
        params: DatasetParams,
        response: {
          200: ok({ [family]: Type.Array(Stream) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    }),
    create: defineRoute({
      method: 'PUT',
      url: base,
      summary: `Create a ${one} (it starts at its creation time; its model version is pinned)`,
      tags,
      permission: projectPermission('triggers-admin'),
      schema: {
        params: DatasetParams,
        body: Type.Object(wrap(StreamNew)),
        response: { 200: ok(wrap(Stream)), ...errorResponses(400, 401, 403, 404, 409) },
      },
    }),
    get: defineRoute({
      method: 'GET',
      url: `${base}/:stream`,
      summary: `Get a ${one}`,
      tags,
      permission: projectPermission('triggers-read'),
      schema: {
        params: StreamParams,
        response: { 200: ok(wrap(Stream)), ...errorResponses(400, 401, 403, 404) },
      },
    }),
    update: defineRoute({
      method: 'POST',
      url: `${base}/:stream`,
      summary: `Update a ${one} (its position does not move)`,
      tags,
      permission: projectPermission('triggers-write'),
      schema: {
        params: StreamParams,
        body: Type.Object(wrap(StreamUpdate)),
        response: { 200: ok(wrap(Stream)), ...errorResponses(400, 401, 403, 404, 409) },
      },
    }),
    delete: defineRoute({
      method: 'DELETE',
      url: `${base}/:stream`,
      summary: `Delete a ${one} and its exceptions`,
      tags,
      permission: projectPermission('triggers-admin'),
      schema: {
        params: StreamParams,
        response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
      },
    }),
    fetch: defineRoute({
      method: 'POST',
      url: `${base}/:stream/fetch`,
      summary: 'The next batch after the position, with predictions (does not move the position)',
      tags,
      permission: projectPermission('triggers-consume'),
      schema: {
        params: StreamParams,
        body: StreamFetchBody,
        response: { 200: StreamFetchResponse, ...errorResponses(400, 401, 403, 404, 503) },
      },
    }),
    advance: defineRoute({
      method: 'POST',
      url: `${base}/:stream/advance`,
      summary: 'Acknowledge up to a batch or item token (the position never moves backwards)',
      tags,
      permission: projectPermission('triggers-consume'),
      schema: {
        params: StreamParams,
        body: StreamAdvanceBody,
        response: {
          200: ok({ sequence_id: Type.String() }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    }),
    reset: defineRoute({
      method: 'POST',
      url: `${base}/:stream/reset`,
      summary: 'Move the position to just before the first comment created at or after a time',
      tags,
      permission: projectPermission('triggers-consume'),
      schema: {
        params: StreamParams,
        body: StreamResetBody,
        response: {
          200: ok({ sequence_id: Type.String(), ...wrap(Stream) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    }),
    putExceptions: defineRoute({
      method: 'PUT',
      url: `${base}/:stream/exceptions`,
      summary: 'Tag comments as exceptions of this stream, with a type',
      tags,
      permission: projectPermission('triggers-consume'),
      schema: {
        params: StreamParams,
        body: PutStreamExceptionsBody,
        response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
      },
    }),
    deleteExceptions: defineRoute({
      method: 'DELETE',
      url: `${base}/:stream/exceptions`,
      summary: 'Untag exceptions by comment uid (unknown uids are ignored)',
      tags,
      permission: projectPermission('triggers-consume'),
      schema: {
        params: StreamParams,
        querystring: DeleteStreamExceptionsQuery,
        response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
      },
    }),
  };
}

export const streamRoutes = streamFamily('streams');
export const triggerRoutes = streamFamily('triggers');

export const streamResultsRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/datasets/:project/:name/streams/:stream/results',
  summary: 'The next batch after the position in the prediction format of automations',
  tags: ['streams'],
  permission: projectPermission('triggers-consume'),
  schema: {
    params: StreamParams,
    querystring: StreamResultsQuery,
    response: { 200: StreamResultsResponse, ...errorResponses(400, 401, 403, 404, 503) },
  },
});
