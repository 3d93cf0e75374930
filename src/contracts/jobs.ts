import { Type, type Static } from 'typebox';

// architecture.md §7.3: job payloads carry ids and seeds (never comment text) and a version `v`.

export const ModelTrainPayload = Type.Object(
  { v: Type.Literal(1), dataset_id: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type ModelTrainPayload = Static<typeof ModelTrainPayload>;

export const DatasetPredictPayload = Type.Object(
  {
    v: Type.Literal(1),
    dataset_id: Type.String({ minLength: 1 }),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type DatasetPredictPayload = Static<typeof DatasetPredictPayload>;

export const CommentsEmbedPayload = Type.Object(
  { v: Type.Literal(1), source_id: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type CommentsEmbedPayload = Static<typeof CommentsEmbedPayload>;

export const ThemesDiscoverPayload = Type.Object(
  { v: Type.Literal(1), dataset_id: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type ThemesDiscoverPayload = Static<typeof ThemesDiscoverPayload>;
