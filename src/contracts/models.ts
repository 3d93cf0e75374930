import { Type, type Static, type TSchema } from 'typebox';

import { Message } from './comments.js';
import { Timestamp } from './common.js';
import { RawEmailDocument } from './emails.js';
import { errorResponses, OkEmpty, ok } from './envelope.js';
import { PredictedEntity, PredictedLabel } from './labellings.js';
import { defineRoute, projectPermission } from './route.js';

export { PredictedLabel } from './labellings.js';

// api.md §4.7–§4.9, §5.9–§5.10: model versions (labellers), tags, predictions and validation.

const MAX_PREDICT_DOCUMENTS = 4096;

const VersionParams = Type.Object({
  project: Type.String(),
  name: Type.String(),
  version: Type.String({ description: 'A version number, `live`, `staging` or `latest`' }),
});

export const UserModelMetadata = Type.Object({
  version: Type.Integer(),
  model_id: Type.String(),
  model_name: Type.String(),
  fingerprint: Type.String(),
  trained_time: Timestamp,
  training_duration: Type.Number(),
  input_updated_at: Timestamp,
  validated: Type.Boolean(),
  pinned: Type.Boolean(),
  reviewed_counts: Type.Record(Type.String(), Type.Integer()),
  used_by_triggers: Type.Boolean(),
  settings: Type.Object({ starred: Type.Boolean(), description: Type.String() }),
  freshness: Type.String(),
  flags: Type.Array(Type.String()),
  train_size: Type.Integer({ description: 'Sift addition: training rows of the validation model' }),
  test_size: Type.Integer({ description: 'Sift addition: validation rows' }),
});

export const ModelTag = Type.Object({
  name: Type.String(),
  version: Type.Integer(),
  updated_at: Timestamp,
});

const LabelNameInput = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
]);

const Threshold = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Literal('auto')]);

const LabelFilter = Type.Array(
  Type.Object({
    name: LabelNameInput,
    threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  }),
  { maxItems: 4096 },
);

const ModelRef = Type.Object({ version: Type.Integer(), time: Timestamp });

export const PredictDocument = Type.Object({
  messages: Type.Array(Message, { minItems: 1, maxItems: 1024 }),
  timestamp: Type.Optional(Timestamp),
  user_properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  text_format: Type.Optional(Type.String()),
});

export const PredictBody = Type.Object({
  documents: Type.Array(PredictDocument, { minItems: 1, maxItems: MAX_PREDICT_DOCUMENTS }),
  threshold: Type.Optional(Threshold),
  labels: Type.Optional(LabelFilter),
  _include_comments: Type.Optional(Type.Boolean()),
});
export type PredictBody = Static<typeof PredictBody>;

export const PredictCommentsBody = Type.Object({
  uids: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: MAX_PREDICT_DOCUMENTS }),
  threshold: Type.Optional(Threshold),
  labels: Type.Optional(LabelFilter),
});
export type PredictCommentsBody = Static<typeof PredictCommentsBody>;

export const PredictRawEmailsBody = Type.Object({
  documents: Type.Array(RawEmailDocument, { minItems: 1, maxItems: MAX_PREDICT_DOCUMENTS }),
  transform_tag: Type.Optional(Type.String()),
  threshold: Type.Optional(Threshold),
  labels: Type.Optional(LabelFilter),
  include_comments: Type.Optional(Type.Boolean()),
});
export type PredictRawEmailsBody = Static<typeof PredictRawEmailsBody>;

const PredictResponse = ok({
  predictions: Type.Array(Type.Array(PredictedLabel)),
  entities: Type.Array(Type.Array(PredictedEntity)),
  model: ModelRef,
  comments: Type.Optional(Type.Array(Type.Unknown())),
});

export const listLabellersRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/datasets/:project/:name/labellers',
  summary: 'Model versions of a dataset, newest first, with the model tags',
  tags: ['models'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: Type.Object({ project: Type.String(), name: Type.String() }),
    body: Type.Object({
      older_than_version: Type.Optional(Type.Integer({ minimum: 1 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      include_deleted: Type.Optional(Type.Boolean()),
      starred: Type.Optional(Type.Boolean()),
      validated: Type.Optional(Type.Boolean()),
    }),
    response: {
      200: ok({
        labellers: Type.Array(UserModelMetadata),
        model_tags: Type.Array(ModelTag),
        max_number_pinned_models: Type.Integer(),
      }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

/**
 * Sift extension of `dataset_status` (issue 14): what the worker is doing for the dataset, so a user
 * sees why a model or themes are not there yet. `reason`: `debounce` (waiting for more annotations until
 * the quiet period ends), `waiting_for_worker` (due, behind other jobs), `preparing`, `embedding`
 * (`done` of `total` texts), `fitting`, `backlog` (embedding the synced comments).
 */
export const WorkProgress = Type.Object({
  state: Type.Union([Type.Literal('queued'), Type.Literal('running')]),
  reason: Type.String(),
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  /** Seconds until done, from the rate so far (or the last training's duration); null when unknown. */
  eta_seconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
});
export type WorkProgress = Static<typeof WorkProgress>;

export const labellerStatusRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/datasets/:project/:name/labellers/status',
  summary: 'Training and inference progress of a dataset (poll until training_complete is 1)',
  tags: ['models'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: Type.Object({ project: Type.String(), name: Type.String() }),
    response: {
      200: ok({
        dataset_status: Type.Object({
          training_complete: Type.Union([Type.Number(), Type.Null()]),
          validation_complete: Type.Union([Type.Number(), Type.Null()]),
          training_completion_time: Timestamp,
          inference_complete: Type.Number(),
          total_comments_with_text: Type.Integer(),
          inference_stats_by_version: Type.Record(Type.String(), Type.Unknown()),
          inference_stuck: Type.Boolean(),
          operation: Type.Null(),
          latest_version: Type.Union([Type.Integer(), Type.Null()]),
          embedding_progress: Type.Union([WorkProgress, Type.Null()]),
          training_progress: Type.Union([WorkProgress, Type.Null()]),
          training_error: Type.Optional(
            Type.Object({ code: Type.String(), message: Type.String() }),
          ),
        }),
      }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

export const updateLabellerRoute = defineRoute({
  method: 'PATCH',
  url: '/api/_private/datasets/:project/:name/labellers/:version',
  summary: 'Star a model version or set its description',
  tags: ['models'],
  permission: projectPermission('datasets-model-admin'),
  schema: {
    params: VersionParams,
    body: Type.Object({
      starred: Type.Optional(Type.Boolean()),
      description: Type.Optional(Type.String({ maxLength: 4096 })),
    }),
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});

export const pinLabellerRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/datasets/:project/:name/labellers/:version/pin',
  summary: 'Pin a model version (kept forever, usable for predictions)',
  tags: ['models'],
  permission: projectPermission('datasets-model-admin'),
  schema: {
    params: VersionParams,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});

export const unpinLabellerRoute = defineRoute({
  method: 'DELETE',
  url: '/api/_private/datasets/:project/:name/labellers/:version/pin',
  summary: 'Unpin a model version (409 while a stream or a model tag uses it)',
  tags: ['models'],
  permission: projectPermission('datasets-model-admin'),
  schema: {
    params: VersionParams,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404, 409) },
  },
});

export const listModelTagsRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/datasets/:project/:name/model-tags',
  summary: 'The model tags currently set',
  tags: ['models'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: Type.Object({ project: Type.String(), name: Type.String() }),
    response: {
      200: ok({ model_tags: Type.Array(ModelTag) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

const TagParams = Type.Object({ project: Type.String(), name: Type.String(), tag: Type.String() });

export const setModelTagRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/datasets/:project/:name/model-tags/:tag',
  summary: 'Point the `live` or `staging` tag at a version (which gets pinned)',
  tags: ['models'],
  permission: projectPermission('datasets-model-admin'),
  schema: {
    params: TagParams,
    body: Type.Object({
      model_tag: Type.Object({
        version: Type.Integer({ minimum: 1 }),
        name: Type.Optional(Type.String()),
        updated_at: Type.Optional(Type.String()),
      }),
    }),
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});

export const deleteModelTagRoute = defineRoute({
  method: 'DELETE',
  url: '/api/_private/datasets/:project/:name/model-tags/:tag',
  summary: 'Remove a model tag',
  tags: ['models'],
  permission: projectPermission('datasets-model-admin'),
  schema: {
    params: TagParams,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});

export const predictRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/datasets/:project/:name/labellers/:version/predict',
  summary: 'Predict labels of ad-hoc documents with a pinned or tagged model version',
  tags: ['models'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: VersionParams,
    body: PredictBody,
    response: { 200: PredictResponse, ...errorResponses(400, 401, 403, 404, 503) },
  },
});

export const predictLatestRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/datasets/:project/:name/labellers/predict',
  summary: 'Predict labels of ad-hoc documents with the newest model version',
  tags: ['models'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: Type.Object({ project: Type.String(), name: Type.String() }),
    body: PredictBody,
    response: { 200: PredictResponse, ...errorResponses(400, 401, 403, 404, 503) },
  },
});

export const predictCommentsRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/datasets/:project/:name/labellers/:version/predict-comments',
  summary: "Predict labels of a dataset's comments by uid",
  tags: ['models'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: VersionParams,
    body: PredictCommentsBody,
    response: {
      200: ok({
        predictions: Type.Array(
          Type.Object({
            uid: Type.String(),
            labels: Type.Array(PredictedLabel),
            entities: Type.Array(PredictedEntity),
          }),
        ),
        model: ModelRef,
      }),
      ...errorResponses(400, 401, 403, 404, 503),
    },
  },
});

export const predictRawEmailsRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/datasets/:project/:name/labellers/:version/predict-raw-emails',
  summary: 'Predict labels of raw MIME emails (parsed with the `generic` transform)',
  tags: ['models'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: VersionParams,
    body: PredictRawEmailsBody,
    response: { 200: PredictResponse, ...errorResponses(400, 401, 403, 404, 422, 503) },
  },
});

export const validationV1Route = defineRoute({
  method: 'GET',
  url: '/api/v1/datasets/:project/:name/labellers/:version/validation',
  summary: 'Model statistics: Model Rating, qualities and label counts (ml.md §5.10 formula)',
  tags: ['validation'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: VersionParams,
    querystring: Type.Object({ beta: Type.Optional(Type.String()) }),
    response: {
      200: ok({ validation: Type.Record(Type.String(), Type.Unknown()) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

export const validationPrivateRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/datasets/:project/:name/labellers/:version/validation',
  summary: 'Full validation of a model version: rating factors, per-label metrics, calibration',
  tags: ['validation'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: VersionParams,
    querystring: Type.Object({ beta: Type.Optional(Type.String()) }),
    response: {
      200: ok({
        label_groups: Type.Array(Type.Unknown()),
        entity_defs: Type.Array(Type.Unknown()),
        validation: Type.Record(Type.String(), Type.Unknown()),
      }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

export const labelValidationRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/datasets/:project/:name/labellers/:version/label-validation',
  summary: "One label's precision/recall arrays, average precision, thresholds and health",
  tags: ['validation'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: VersionParams,
    body: Type.Object({ label: LabelNameInput }),
    response: {
      200: ok({ label_validation: Type.Record(Type.String(), Type.Unknown()) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

type Payload<R extends { schema: { response: { 200: unknown } } }> = Omit<
  Static<R['schema']['response'][200] & TSchema>,
  'status'
>;
export type ListLabellersResponse = Payload<typeof listLabellersRoute>;
export type LabellerStatusResponse = Payload<typeof labellerStatusRoute>;
export type ModelTagsResponse = Payload<typeof listModelTagsRoute>;
export type PredictResponse = Payload<typeof predictRoute>;
export type PredictCommentsResponse = Payload<typeof predictCommentsRoute>;
export type Labeller = Static<typeof UserModelMetadata>;
