import { Type, type Static } from 'typebox';

// architecture.md §7.3: job payloads carry ids and seeds (never comment text) and a version `v`.

/**
 * Every job kind with its claim priority (lower is claimed first, then the earliest due): training a user
 * waits for beats storing predictions, which beats the embedding backlog, which beats Discover
 * (docs/adr/2026-12-06-job-priorities-and-write-transactions.md).
 */
export const JOB_PRIORITIES = {
  'model-train': 0,
  'dataset-predict': 1,
  'comments-embed': 2,
  'themes-discover': 3,
} as const;
export type JobKind = keyof typeof JOB_PRIORITIES;

/** What a running job reports about itself (`jobs.progress`), read by the training status route. */
export const JobProgress = Type.Object({
  /** What the job is doing now, e.g. `embedding` or `fitting`. */
  phase: Type.String(),
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  /** When the work this progress counts began (a continuation keeps its first chunk's start). */
  started_at: Type.String(),
});
export type JobProgress = Static<typeof JobProgress>;

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
  {
    v: Type.Literal(1),
    source_id: Type.String({ minLength: 1 }),
    // A continuation (the backlog is embedded in chunks so that training can run in between) resumes
    // after this comment sequence number and carries the progress of the chunks before it.
    after_seq: Type.Optional(Type.Integer({ minimum: 0 })),
    done: Type.Optional(Type.Integer({ minimum: 0 })),
    started_at: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type CommentsEmbedPayload = Static<typeof CommentsEmbedPayload>;

export const ThemesDiscoverPayload = Type.Object(
  { v: Type.Literal(1), dataset_id: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type ThemesDiscoverPayload = Static<typeof ThemesDiscoverPayload>;
