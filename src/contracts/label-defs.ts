import { Type, type Static } from 'typebox';

import { Hex16, ResourceName, StringEnum } from './common.js';
import { errorResponses, ok, OkEmpty } from './envelope.js';
import { defineRoute, projectPermission } from './route.js';

export const ENTITY_DEF_FLAGS = ['appears_verbatim'] as const;
export const LABEL_PROPERTY_NAMES = ['tone', 'quality_of_service'] as const;

export const MAX_LABEL_DEFS_PER_REQUEST = 4096;

/**
 * A label name in a request: the joined form `"A > B"` or the parts `["A", "B"]` (api.md §3.9.3).
 * Part rules are checked by the domain so that the message can name the rule.
 */
export const LabelNameInput = Type.Union([
  Type.String({ minLength: 1, maxLength: 4096 }),
  Type.Array(Type.String({ maxLength: 4096 }), { minItems: 1, maxItems: 64 }),
]);
export type LabelNameInput = Static<typeof LabelNameInput>;

const Text = (maxLength: number) => Type.String({ maxLength });
const JsonObject = Type.Record(Type.String(), Type.Unknown());

export const MoonFormField = Type.Object({
  name: Type.String(),
  kind: Type.String(),
  instructions: Type.String(),
  field_id: Hex16,
  id: Hex16,
  field_type_id: Type.Optional(Type.String()),
  rule_set: Type.Optional(JsonObject),
});
export type MoonFormField = Static<typeof MoonFormField>;

export const MoonFormFieldNew = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 256 }),
  kind: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  field_type_id: Type.Optional(Hex16),
  instructions: Type.Optional(Text(65536)),
  field_id: Type.Optional(Hex16),
  rule_set: Type.Optional(JsonObject),
});
export type MoonFormFieldNew = Static<typeof MoonFormFieldNew>;

export const LabelProperty = Type.Object({ name: Type.String(), value: Type.Number() });

export const LabelPropertyNew = Type.Object({
  name: StringEnum(LABEL_PROPERTY_NAMES),
  value: Type.Number(),
});

export const LabelDef = Type.Object({
  name: Type.String(),
  title: Type.String(),
  instructions: Type.String(),
  external_id: Type.Optional(Type.String()),
  pretrained: Type.Optional(Type.Object({ id: Type.String(), name: Type.String() })),
  trainable: Type.Boolean(),
  moon_form: Type.Optional(Type.Array(MoonFormField)),
  properties: Type.Optional(Type.Array(LabelProperty)),
});
export type LabelDef = Static<typeof LabelDef>;

const labelDefFields = {
  title: Type.Optional(Text(1024)),
  instructions: Type.Optional(Text(65536)),
  /** Input alias of `instructions`. */
  description: Type.Optional(Text(65536)),
  external_id: Type.Optional(Text(1024)),
  pretrained: Type.Optional(
    Type.Object({ id: Hex16, name: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })) }),
  ),
  trainable: Type.Optional(Type.Boolean()),
  moon_form: Type.Optional(Type.Array(MoonFormFieldNew, { maxItems: 256 })),
  properties: Type.Optional(Type.Array(LabelPropertyNew, { maxItems: 16 })),
};

export const LabelDefNew = Type.Object({ name: LabelNameInput, ...labelDefFields });
export type LabelDefNew = Static<typeof LabelDefNew>;

export const LabelDefUpdate = Type.Object({
  name: Type.Optional(LabelNameInput),
  ...labelDefFields,
});
export type LabelDefUpdate = Static<typeof LabelDefUpdate>;

export const LabelGroup = Type.Object({
  name: Type.String(),
  label_defs: Type.Array(LabelDef),
  label_collection_name: Type.Optional(Type.String()),
  trainable: Type.Boolean(),
  hidden: Type.Boolean(),
  instructions: Type.String(),
});
export type LabelGroup = Static<typeof LabelGroup>;

/** The settings of a group, as sent on group creation and inside `DatasetNew.label_groups`. */
export const labelGroupFields = {
  label_collection_name: Type.Optional(Text(1024)),
  trainable: Type.Optional(Type.Boolean()),
  hidden: Type.Optional(Type.Boolean()),
  instructions: Type.Optional(Text(65536)),
};
export const LabelGroupFields = Type.Object(labelGroupFields);
export type LabelGroupFields = Static<typeof LabelGroupFields>;

export const LabelGroupNew = Type.Object({
  name: ResourceName,
  label_defs: Type.Optional(Type.Array(LabelDefNew, { maxItems: MAX_LABEL_DEFS_PER_REQUEST })),
  ...labelGroupFields,
});
export type LabelGroupNew = Static<typeof LabelGroupNew>;

const EntityRegex = Type.Union([
  Type.Object({ pattern: Type.String() }),
  Type.Object({
    templates: Type.Array(Type.Object({ template: Type.String(), pattern: Type.String() })),
  }),
]);

/** `{pattern}` or `{templates}`: one object so that a bad value in either is reported by its path. */
const EntityRegexNew = Type.Object({
  pattern: Type.Optional(Type.String({ maxLength: 1000 })),
  templates: Type.Optional(
    Type.Array(Type.Object({ template: Text(1024), pattern: Type.String({ maxLength: 1000 }) }), {
      minItems: 1,
      maxItems: 64,
    }),
  ),
});

export const EntityRules = Type.Object({
  suppressors: Type.Optional(Type.Array(Type.String())),
  choices: Type.Optional(
    Type.Array(
      Type.Object({ id: Type.String(), name: Type.String(), values: Type.Array(Type.String()) }),
    ),
  ),
  regex: Type.Optional(EntityRegex),
});

export const EntityRulesNew = Type.Object({
  suppressors: Type.Optional(Type.Array(Text(1024), { maxItems: 256 })),
  choices: Type.Optional(
    Type.Array(
      Type.Object({ name: Text(1024), values: Type.Array(Text(1024), { maxItems: 1024 }) }),
      { maxItems: 1024 },
    ),
  ),
  regex: Type.Optional(EntityRegexNew),
});
export type EntityRulesNew = Static<typeof EntityRulesNew>;

export const EntityDef = Type.Object({
  id: Hex16,
  name: Type.String(),
  title: Type.String(),
  color: Type.Integer(),
  inherits_from: Type.Array(Type.String()),
  trainable: Type.Boolean(),
  _entity_def_flags: Type.Array(Type.String()),
  rules: Type.Optional(EntityRules),
  instructions: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type EntityDef = Static<typeof EntityDef>;

export const EntityDefNew = Type.Object({
  /** Dataset update only: the def to change. */
  id: Type.Optional(Hex16),
  name: Type.String({ minLength: 1, maxLength: 256 }),
  title: Type.Optional(Text(1024)),
  color: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
  inherits_from: Type.Optional(Type.Array(Hex16, { maxItems: 16 })),
  trainable: Type.Optional(Type.Boolean()),
  _entity_def_flags: Type.Optional(Type.Array(StringEnum(ENTITY_DEF_FLAGS), { maxItems: 8 })),
  rules: Type.Optional(EntityRulesNew),
  instructions: Type.Optional(Type.Union([Text(65536), Type.Null()])),
});
export type EntityDefNew = Static<typeof EntityDefNew>;

export const GeneralFieldDef = Type.Object({
  field_id: Hex16,
  api_name: Type.String(),
  field_type_id: Type.Optional(Type.String()),
  field_type_name: Type.Optional(Type.String()),
  title: Type.String(),
});
export type GeneralFieldDef = Static<typeof GeneralFieldDef>;

export const GeneralFieldDefNew = Type.Object({
  /** Dataset update only: the field to change. */
  field_id: Type.Optional(Hex16),
  api_name: Type.String({ pattern: '^[A-Za-z0-9_]{1,256}$' }),
  field_type_id: Type.Optional(Hex16),
  field_type_name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  title: Type.Optional(Text(1024)),
});
export type GeneralFieldDefNew = Static<typeof GeneralFieldDefNew>;

/** `<p>/<d>/…/<g>` after URL normalisation. */
export const DatasetGroupParams = Type.Object({
  project: Type.String(),
  name: Type.String(),
  group: Type.String(),
});
const DatasetParams = Type.Object({ project: Type.String(), name: Type.String() });
export const LabelNameQuery = Type.Object({ label_name: Type.String({ minLength: 1 }) });

// PUT /api/_private/datasets/<p>/<d>/labels/<g>
export const UpsertLabelDefsBody = Type.Object({
  label_defs: Type.Array(LabelDefNew, { maxItems: MAX_LABEL_DEFS_PER_REQUEST }),
});
export const upsertLabelDefsRoute = defineRoute({
  method: 'PUT',
  url: '/api/_private/datasets/:project/:name/labels/:group',
  summary: 'Create or update label defs in a label group (idempotent bulk upsert)',
  tags: ['taxonomy'],
  permission: projectPermission('voc'),
  schema: {
    params: DatasetGroupParams,
    body: UpsertLabelDefsBody,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404, 409) },
  },
});

// GET /api/_private/datasets/<p>/<d>/labels/<g>?label_name=…
export const getLabelDefRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/datasets/:project/:name/labels/:group',
  summary: 'Get one label def',
  tags: ['taxonomy'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: DatasetGroupParams,
    querystring: LabelNameQuery,
    response: { 200: ok({ label: LabelDef }), ...errorResponses(400, 401, 403, 404) },
  },
});

// POST /api/_private/datasets/<p>/<d>/labels/<g>?label_name=…
export const UpdateLabelDefBody = Type.Object({ label: Type.Optional(LabelDefUpdate) });
export const updateLabelDefRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/datasets/:project/:name/labels/:group',
  summary: 'Update or rename one label def (renaming needs datasets-admin)',
  tags: ['taxonomy'],
  permission: projectPermission('voc'),
  schema: {
    params: DatasetGroupParams,
    querystring: LabelNameQuery,
    body: UpdateLabelDefBody,
    response: {
      200: ok({ num_modified: Type.Integer(), label: LabelDef }),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  },
});

// DELETE /api/_private/datasets/<p>/<d>/labels/<g>?label_name=…
export const deleteLabelDefRoute = defineRoute({
  method: 'DELETE',
  url: '/api/_private/datasets/:project/:name/labels/:group',
  summary: 'Delete a label def and its descendants',
  tags: ['taxonomy'],
  permission: projectPermission('datasets-admin'),
  schema: {
    params: DatasetGroupParams,
    querystring: LabelNameQuery,
    response: { 200: ok({ num_modified: Type.Integer() }), ...errorResponses(400, 401, 403, 404) },
  },
});

// GET /api/_private/datasets/<p>/<d>/label-groups
export const listLabelGroupsRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/datasets/:project/:name/label-groups',
  summary: "List a dataset's label groups",
  tags: ['taxonomy'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: DatasetParams,
    response: {
      200: ok({ label_groups: Type.Array(LabelGroup) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// GET /api/_private/datasets/<p>/<d>/label-groups/<g>
export const getLabelGroupRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/datasets/:project/:name/label-groups/:group',
  summary: 'Get a label group',
  tags: ['taxonomy'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: DatasetGroupParams,
    response: { 200: ok({ label_group: LabelGroup }), ...errorResponses(400, 401, 403, 404) },
  },
});

// POST /api/_private/datasets/<p>/<d>/label-groups/<g>
export const createLabelGroupRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/datasets/:project/:name/label-groups/:group',
  summary: 'Create a label group',
  tags: ['taxonomy'],
  permission: projectPermission('datasets-admin'),
  schema: {
    params: DatasetGroupParams,
    body: LabelGroupFields,
    response: { 200: ok({ label_group: LabelGroup }), ...errorResponses(400, 401, 403, 404, 409) },
  },
});

// DELETE /api/_private/datasets/<p>/<d>/label-groups/<g>
export const deleteLabelGroupRoute = defineRoute({
  method: 'DELETE',
  url: '/api/_private/datasets/:project/:name/label-groups/:group',
  summary: 'Delete a label group and its label defs',
  tags: ['taxonomy'],
  permission: projectPermission('datasets-admin'),
  schema: {
    params: DatasetGroupParams,
    response: { 200: OkEmpty, ...errorResponses(400, 401, 403, 404) },
  },
});
