import { Type, type Static } from 'typebox';

const LabelNames = Type.Array(Type.Union([Type.String(), Type.Array(Type.String())]));

export const AttributeFilter = Type.Union([
  Type.Object({
    attribute: Type.Literal('labels'),
    filter: Type.Union([
      Type.Object({ kind: Type.Literal('string_any_of'), any_of: LabelNames }),
      Type.Object({ kind: Type.Literal('none_of'), none_of: LabelNames }),
      Type.Object({ kind: Type.Literal('any_assigned') }),
      Type.Object({ kind: Type.Literal('any_predicted') }),
      Type.Object({ kind: Type.Literal('none_present') }),
    ]),
  }),
  Type.Object({
    attribute: Type.Literal('attachment_property_types'),
    filter: Type.Object({ kind: Type.Literal('string_any_of'), any_of: Type.Array(Type.String()) }),
  }),
  Type.Object({
    attribute: Type.Literal('attachment_property_num_attachments'),
    filter: Type.Object({
      kind: Type.Literal('number_range'),
      minimum: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
      maximum: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    }),
  }),
]);
export type AttributeFilter = Static<typeof AttributeFilter>;

export const AttributeFilters = Type.Array(AttributeFilter, { maxItems: 64 });
