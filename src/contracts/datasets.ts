import { Type, type Static } from 'typebox';

import { Hex16, ProjectParams, ProjectResourceParams, StringEnum, Timestamp } from './common.js';
import { errorResponses, ok, OkEmpty } from './envelope.js';
import {
  EntityDef,
  EntityDefNew,
  GeneralFieldDef,
  GeneralFieldDefNew,
  LabelDef,
  LabelDefNew,
  LabelGroup,
  LabelGroupNew,
  MAX_LABEL_DEFS_PER_REQUEST,
} from './label-defs.js';
import { defineRoute, projectPermission } from './route.js';

export const MODEL_FAMILIES = [
  'english',
  'english-dev',
  'german',
  'german-dev',
  'random',
  'transformer-english',
  'transformer-xlm',
] as const;
export const DATASET_FLAGS = [
  'gpt4',
  'external_moon_llm',
  'qos',
  'zero_shot_labels',
  'ixp',
] as const;
/** Sift emits only `cm` (api.md §4.0, §9 #43). */
export const MODEL_CONFIG_KINDS = ['cm'] as const;

export const ModelConfig = Type.Object({ kind: StringEnum(MODEL_CONFIG_KINDS) });

export const Dataset = Type.Object({
  id: Hex16,
  owner: Type.String(),
  name: Type.String(),
  title: Type.String(),
  description: Type.String(),
  created: Timestamp,
  last_modified: Timestamp,
  model_family: Type.String(),
  source_ids: Type.Array(Hex16),
  has_sentiment: Type.Boolean(),
  entity_defs: Type.Array(EntityDef),
  general_fields: Type.Array(GeneralFieldDef),
  label_defs: Type.Array(LabelDef),
  label_groups: Type.Array(LabelGroup),
  _dataset_flags: Type.Array(Type.String()),
  _model_config: Type.Record(Type.String(), Type.Unknown()),
  limited_access: Type.Boolean(),
  readonly: Type.Boolean(),
  _label_properties: Type.Optional(Type.Array(Type.String())),
  _timezone: Type.String(),
  _preferred_locales: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type Dataset = Static<typeof Dataset>;

const SourceIds = Type.Array(Hex16, { maxItems: 1024 });
const DatasetFlags = Type.Array(StringEnum(DATASET_FLAGS), { maxItems: 16 });
const LabelProperties = Type.Array(Type.String({ maxLength: 256 }), { maxItems: 64 });
const PreferredLocales = Type.Record(Type.String(), Type.Unknown());
const Timezone = Type.String({ minLength: 1, maxLength: 256 });

export const DatasetNew = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 1024 })),
  description: Type.Optional(Type.String({ maxLength: 65536 })),
  source_ids: Type.Optional(SourceIds),
  has_sentiment: Type.Optional(Type.Boolean()),
  model_family: Type.Optional(StringEnum(MODEL_FAMILIES)),
  label_defs: Type.Optional(Type.Array(LabelDefNew, { maxItems: MAX_LABEL_DEFS_PER_REQUEST })),
  label_groups: Type.Optional(Type.Array(LabelGroupNew, { maxItems: 64 })),
  entity_defs: Type.Optional(Type.Array(EntityDefNew, { maxItems: 256 })),
  general_fields: Type.Optional(Type.Array(GeneralFieldDefNew, { maxItems: 256 })),
  copy_annotations_from: Type.Optional(Hex16),
  _dataset_flags: Type.Optional(DatasetFlags),
  _model_config: Type.Optional(ModelConfig),
  _label_properties: Type.Optional(LabelProperties),
  _timezone: Type.Optional(Timezone),
  _preferred_locales: Type.Optional(PreferredLocales),
});
export type DatasetNew = Static<typeof DatasetNew>;

export const DatasetUpdate = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 1024 })),
  description: Type.Optional(Type.String({ maxLength: 65536 })),
  source_ids: Type.Optional(SourceIds),
  // Present only so that a change can be refused with a clear message: sentiment is fixed at creation.
  has_sentiment: Type.Optional(Type.Unknown()),
  model_family: Type.Optional(StringEnum(MODEL_FAMILIES)),
  entity_defs: Type.Optional(Type.Array(EntityDefNew, { maxItems: 256 })),
  general_fields: Type.Optional(Type.Array(GeneralFieldDefNew, { maxItems: 256 })),
  _dataset_flags: Type.Optional(DatasetFlags),
  _model_config: Type.Optional(ModelConfig),
  _label_properties: Type.Optional(LabelProperties),
  _timezone: Type.Optional(Timezone),
  _preferred_locales: Type.Optional(PreferredLocales),
  _default_label_group_instructions: Type.Optional(Type.String({ maxLength: 65536 })),
});
export type DatasetUpdate = Static<typeof DatasetUpdate>;

// GET /api/v1/datasets
export const listDatasetsRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/datasets',
  summary: 'List visible datasets',
  tags: ['datasets'],
  permission: { kind: 'authenticated' },
  schema: { response: { 200: ok({ datasets: Type.Array(Dataset) }), ...errorResponses(401) } },
});

// GET /api/v1/datasets/<p> and /api/v1/datasets/id:<hex>
export const getDatasetsOfProjectRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/datasets/:project',
  summary: "List a project's datasets, or get one dataset by id (`id:<hex>`)",
  tags: ['datasets'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: ProjectParams,
    response: {
      200: Type.Union([ok({ datasets: Type.Array(Dataset) }), ok({ dataset: Dataset })]),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// GET /api/v1/datasets/<p>/<d>
export const getDatasetRoute = defineRoute({
  method: 'GET',
  url: '/api/v1/datasets/:project/:name',
  summary: 'Get a dataset',
  tags: ['datasets'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: ProjectResourceParams,
    response: { 200: ok({ dataset: Dataset }), ...errorResponses(400, 401, 403, 404) },
  },
});

// PUT /api/v1/datasets/<p>/<d>
export const createDatasetRoute = defineRoute({
  method: 'PUT',
  url: '/api/v1/datasets/:project/:name',
  summary: 'Create a dataset',
  tags: ['datasets'],
  permission: projectPermission('datasets-admin'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({ dataset: Type.Optional(DatasetNew) }),
    response: {
      200: ok({ dataset: Dataset, num_copied: Type.Optional(Type.Integer()) }),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  },
});

// POST /api/v1/datasets/<p>/<d>
export const updateDatasetRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/datasets/:project/:name',
  summary: 'Update a dataset',
  tags: ['datasets'],
  permission: projectPermission('datasets-admin'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({ dataset: Type.Optional(DatasetUpdate) }),
    response: { 200: ok({ dataset: Dataset }), ...errorResponses(400, 401, 403, 404, 409) },
  },
});

// DELETE /api/v1/datasets/id:<hex>
export const deleteDatasetByIdRoute = defineRoute({
  method: 'DELETE',
  url: '/api/v1/datasets/:project',
  summary: 'Delete a dataset by id (`id:<hex>`)',
  tags: ['datasets'],
  permission: projectPermission('datasets-admin'),
  schema: {
    params: ProjectParams,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});

// DELETE /api/v1/datasets/<p>/<d>
export const deleteDatasetRoute = defineRoute({
  method: 'DELETE',
  url: '/api/v1/datasets/:project/:name',
  summary: 'Delete a dataset by name',
  tags: ['datasets'],
  permission: projectPermission('datasets-admin'),
  schema: {
    params: ProjectResourceParams,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});
