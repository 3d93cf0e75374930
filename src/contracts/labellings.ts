import { Type, type Static } from 'typebox';

import { Comment, ThreadProperties } from './comments.js';
import { Hex16, ProjectResourceParams, QueryBoolean, StringEnum } from './common.js';
import { errorResponses, ok } from './envelope.js';
import { EntityDef } from './label-defs.js';
import { defineRoute, projectPermission } from './route.js';

export const SENTIMENTS = ['positive', 'negative'] as const;

export const LabelInput = Type.Object({
  name: Type.Union([
    Type.String({ minLength: 1 }),
    Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  ]),
  sentiment: Type.Optional(StringEnum(SENTIMENTS)),
  metadata: Type.Optional(Type.Unknown()),
});
export type LabelInput = Static<typeof LabelInput>;

export const LabellingGroupInput = Type.Object({
  group: Type.Optional(Type.String()),
  assigned: Type.Optional(Type.Array(LabelInput, { maxItems: 4096 })),
  dismissed: Type.Optional(Type.Array(LabelInput, { maxItems: 4096 })),
  uninformative: Type.Optional(Type.Unknown()),
});
export type LabellingGroupInput = Static<typeof LabellingGroupInput>;

export const SpanInput = Type.Object({
  content_part: StringEnum(['body', 'subject', 'signature'] as const),
  message_index: Type.Integer({ minimum: 0 }),
  utf16_byte_start: Type.Integer({ minimum: 0 }),
  utf16_byte_end: Type.Integer({ minimum: 0 }),
  char_start: Type.Optional(Type.Integer({ minimum: 0 })),
  char_end: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type SpanInput = Static<typeof SpanInput>;

export const EntityInput = Type.Object({
  name: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  formatted_value: Type.String(),
  span: Type.Optional(SpanInput),
  spans: Type.Optional(Type.Array(SpanInput, { minItems: 1, maxItems: 64 })),
  id: Type.Optional(Hex16),
  field_id: Type.Optional(Type.String()),
});
export type EntityInput = Static<typeof EntityInput>;

export const UpdateLabellingBody = Type.Object({
  labelling: Type.Optional(
    Type.Union([Type.Array(LabellingGroupInput, { maxItems: 64 }), LabellingGroupInput]),
  ),
  entities: Type.Optional(
    Type.Object({
      assigned: Type.Optional(Type.Array(EntityInput, { maxItems: 4096 })),
      dismissed: Type.Optional(Type.Array(EntityInput, { maxItems: 4096 })),
    }),
  ),
  moon_forms: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 64 })),
  context: Type.Optional(Type.String()),
});
export type UpdateLabellingBody = Static<typeof UpdateLabellingBody>;

const Label = Type.Object({
  name: Type.String(),
  sentiment: StringEnum(SENTIMENTS),
  metadata: Type.Optional(Type.Unknown()),
});

const Span = Type.Object({
  content_part: Type.String(),
  message_index: Type.Integer(),
  char_start: Type.Integer(),
  char_end: Type.Integer(),
  utf16_byte_start: Type.Integer(),
  utf16_byte_end: Type.Integer(),
});

export const Entity = Type.Object({
  id: Hex16,
  name: Type.String(),
  kind: Type.String(),
  formatted_value: Type.String(),
  spans: Type.Array(Span),
  span: Type.Optional(Span),
  field_id: Type.Optional(Type.String()),
});
export type Entity = Static<typeof Entity>;

/** api.md §4.7: an Entity plus its probability (1 for rule fields) and extraction capture ids. */
export const PredictedEntity = Type.Object({
  id: Hex16,
  name: Type.String(),
  kind: Type.String(),
  formatted_value: Type.String(),
  spans: Type.Array(Span),
  span: Type.Optional(Span),
  field_id: Type.Optional(Type.String()),
  probability: Type.Number(),
  capture_ids: Type.Array(Type.Integer()),
});
export type PredictedEntity = Static<typeof PredictedEntity>;

export const PredictedLabel = Type.Object({
  name: Type.Array(Type.String()),
  probability: Type.Number(),
  sentiment: Type.Optional(Type.Number()),
  auto_thresholds: Type.Optional(Type.Array(Type.String())),
});
export type PredictedLabel = Static<typeof PredictedLabel>;

export const LabellingGroup = Type.Object({
  group: Type.String(),
  assigned: Type.Array(Label),
  dismissed: Type.Array(Label),
  predicted: Type.Optional(Type.Array(PredictedLabel)),
  uninformative: Type.Optional(Type.Unknown()),
});

export const Entities = Type.Object({
  assigned: Type.Array(Entity),
  dismissed: Type.Array(Entity),
  predicted: Type.Optional(Type.Array(PredictedEntity)),
});

export const AnnotatedComment = Type.Object({
  comment: Comment,
  labelling: Type.Optional(Type.Array(LabellingGroup)),
  entities: Type.Optional(Entities),
  moon_forms: Type.Optional(Type.Array(Type.Unknown())),
  thread_properties: Type.Optional(ThreadProperties),
  trigger_exceptions: Type.Optional(
    Type.Record(Type.String(), Type.Object({ type: Type.String() })),
  ),
});
export type AnnotatedComment = Static<typeof AnnotatedComment>;

// POST /api/_private/datasets/<p>/<d>/labellings/<comment_uid>
export const updateLabellingRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/datasets/:project/:name/labellings/:comment_uid',
  summary: "Replace a comment's annotations in a dataset (labels, entities, extraction fields)",
  tags: ['annotations'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: Type.Object({
      project: Type.String(),
      name: Type.String(),
      comment_uid: Type.String(),
    }),
    body: UpdateLabellingBody,
    response: {
      200: ok({
        comment: Comment,
        labelling: Type.Array(LabellingGroup),
        entities: Entities,
        moon_forms: Type.Optional(Type.Array(Type.Unknown())),
      }),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  },
});

// GET /api/_private/datasets/<p>/<d>/labellings
export const getLabellingsRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/datasets/:project/:name/labellings',
  summary: 'Annotated comments by uid, or the reviewed comments of one source in pages',
  tags: ['annotations'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: ProjectResourceParams,
    querystring: Type.Object({
      id: Type.Optional(Type.Array(Type.String())),
      ids: Type.Optional(Type.Array(Type.String())),
      allow_missing: Type.Optional(QueryBoolean),
      return_predictions: Type.Optional(QueryBoolean),
      compute_moon_predictions: Type.Optional(QueryBoolean),
      source_id: Type.Optional(Type.String()),
      after: Type.Optional(Type.String()),
      limit: Type.Optional(Type.Integer()),
    }),
    response: {
      200: ok({
        results: Type.Array(AnnotatedComment),
        entity_defs: Type.Array(EntityDef),
        triggers: Type.Optional(Type.Array(Type.Unknown())),
        after: Type.Optional(Type.String()),
      }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// POST /api/v1/datasets/<p>/<d>/sync-annotations
export const syncAnnotationsRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/datasets/:project/:name/sync-annotations',
  summary: "Replace the default group's assigned labels of many comments (1–4096)",
  tags: ['annotations'],
  permission: projectPermission('voc'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({
      annotations: Type.Array(
        Type.Object({
          comment_uid: Type.String(),
          labels: Type.Array(
            Type.Object({
              name: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
              external_id: Type.Optional(Type.String()),
            }),
            { maxItems: 4096 },
          ),
        }),
        { minItems: 1, maxItems: 4096 },
      ),
    }),
    response: { 200: ok({}), ...errorResponses(400, 401, 403, 404) },
  },
});
