import { Type, type Static } from 'typebox';

import { AttributeFilters } from './attribute-filters.js';
import { CommentFilter } from './comment-filter.js';
import { Hex16, ProjectResourceParams, StringEnum } from './common.js';
import { errorResponses, ok } from './envelope.js';
import { defineRoute, projectPermission } from './route.js';

// POST /api/v1/sources/<p>/<s>/statistics
export const sourceStatisticsRoute = defineRoute({
  method: 'POST',
  url: '/api/v1/sources/:project/:name/statistics',
  summary: 'Count the comments of a source that match a comment filter',
  tags: ['sources'],
  permission: projectPermission('sources-read'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({ comment_filter: Type.Optional(CommentFilter) }),
    response: {
      200: ok({ statistics: Type.Object({ num_comments: Type.Integer() }) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

export const TIME_RESOLUTIONS = ['day', 'week', 'month', 'year'] as const;

export const DatasetStatisticsBody = Type.Object({
  comment_filter: Type.Optional(CommentFilter),
  attribute_filters: Type.Optional(AttributeFilters),
  label_timeseries: Type.Optional(Type.Boolean()),
  label_property_timeseries: Type.Optional(Type.Boolean()),
  time_resolution: Type.Optional(StringEnum(TIME_RESOLUTIONS)),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
  source_counts: Type.Optional(Type.Boolean()),
  string_user_property_counts: Type.Optional(Type.Array(Type.String(), { maxItems: 64 })),
});
export type DatasetStatisticsBody = Static<typeof DatasetStatisticsBody>;

const SentimentCounts = Type.Object({ positive: Type.Number(), negative: Type.Number() });

export const LabelTimeseriesEntry = Type.Object({
  timestamp_str: Type.String(),
  expected_count_any: Type.Number(),
  expected_count_positive: Type.Number(),
  expected_count_negative: Type.Number(),
  label_sentiment_counts: Type.Array(
    Type.Object({ name: Type.String(), positive: Type.Number(), negative: Type.Number() }),
  ),
});

export const DatasetStatistics = Type.Object({
  num_comments: Type.Number(),
  label_counts: Type.Record(Type.String(), SentimentCounts),
  label_timeseries: Type.Array(LabelTimeseriesEntry),
  source_counts: Type.Optional(Type.Record(Type.String(), Type.Number())),
  string_user_property_counts: Type.Optional(
    Type.Record(Type.String(), Type.Record(Type.String(), Type.Number())),
  ),
});
export type DatasetStatistics = Static<typeof DatasetStatistics>;

// POST /api/_private/datasets/<p>/<d>/statistics
export const datasetStatisticsRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/datasets/:project/:name/statistics',
  summary:
    'Counts, label counts and label time series of the comments of a dataset matching a filter',
  tags: ['datasets'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: ProjectResourceParams,
    body: DatasetStatisticsBody,
    response: { 200: ok({ statistics: DatasetStatistics }), ...errorResponses(400, 401, 403, 404) },
  },
});

const StringPropertySummary = Type.Object({
  full_name: Type.String(),
  values: Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() })),
  too_many_values: Type.Boolean(),
});
const NumberPropertySummary = Type.Object({
  full_name: Type.String(),
  minimum: Type.Number(),
  maximum: Type.Number(),
});
export const UserPropertySummary = Type.Object({
  string: Type.Array(StringPropertySummary),
  number: Type.Array(NumberPropertySummary),
});
export type UserPropertySummary = Static<typeof UserPropertySummary>;

// POST /api/_private/datasets/<p>/<d>/summary
export const datasetSummaryRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/datasets/:project/:name/summary',
  summary: 'User-property summary of the comments of a dataset matching a filter',
  tags: ['datasets'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({
      filter: Type.Optional(CommentFilter),
      attribute_filters: Type.Optional(AttributeFilters),
      thread_mode: Type.Optional(Type.Unknown()),
      label_filter: Type.Optional(Type.Unknown()),
      beta: Type.Optional(Type.Unknown()),
    }),
    response: {
      200: ok({ summary: Type.Object({ user_properties: UserPropertySummary }) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// GET /api/_private/datasets/<p>/<d>/user-properties
export const datasetUserPropertiesRoute = defineRoute({
  method: 'GET',
  url: '/api/_private/datasets/:project/:name/user-properties',
  summary: 'User-property summary of all comments of a dataset',
  tags: ['datasets'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: ProjectResourceParams,
    response: {
      200: ok({ user_properties: UserPropertySummary }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// POST /api/_private/datasets/<p>/<d>/user-properties/values
export const datasetUserPropertyValuesRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/datasets/:project/:name/user-properties/values',
  summary: 'Most frequent values of one string user property, optionally matching a query',
  tags: ['datasets'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: ProjectResourceParams,
    body: Type.Object({
      full_name: Type.String({ minLength: 1 }),
      query: Type.Optional(Type.String()),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
    }),
    response: {
      200: ok({ values: Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() })) }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});

// POST /api/_private/datasets/<p>/<d>/label-volume (a Sift route, docs/reports.md): label volume over
// time from the predicted labels of every comment, reviewed annotations taking precedence.
export const LABEL_VOLUME_BASES = ['predicted', 'reviewed'] as const;
export const LABEL_VOLUME_RESOLUTIONS = ['day', 'week', 'month'] as const;

export const LabelVolumeBody = Type.Object({
  basis: Type.Optional(StringEnum(LABEL_VOLUME_BASES)),
  source_ids: Type.Optional(Type.Array(Hex16, { minItems: 1, maxItems: 1024 })),
  timestamp: Type.Optional(
    Type.Object({
      minimum: Type.Optional(Type.String({ maxLength: 64 })),
      maximum: Type.Optional(Type.String({ maxLength: 64 })),
    }),
  ),
  time_resolution: Type.Optional(StringEnum(LABEL_VOLUME_RESOLUTIONS)),
});
export type LabelVolumeBody = Static<typeof LabelVolumeBody>;

const LabelCount = Type.Object({ name: Type.String(), count: Type.Integer() });

export const LabelVolume = Type.Object({
  basis: StringEnum(LABEL_VOLUME_BASES),
  time_resolution: StringEnum(LABEL_VOLUME_RESOLUTIONS),
  /** The version whose thresholds were used; null before the first model. */
  model_version: Type.Union([Type.Integer(), Type.Null()]),
  num_comments: Type.Integer(),
  num_reviewed: Type.Integer(),
  labels: Type.Array(
    Type.Object({
      name: Type.String(),
      threshold: Type.Number(),
      threshold_kind: StringEnum(['balanced', 'default'] as const),
      count: Type.Integer(),
    }),
  ),
  periods: Type.Array(
    Type.Object({
      period: Type.String({ description: 'first day of the period, YYYY-MM-DD (UTC)' }),
      num_comments: Type.Integer(),
      num_reviewed: Type.Integer(),
      label_counts: Type.Array(LabelCount),
    }),
  ),
});
export type LabelVolume = Static<typeof LabelVolume>;

export const labelVolumeRoute = defineRoute({
  method: 'POST',
  url: '/api/_private/datasets/:project/:name/label-volume',
  summary:
    'Label volume per period over every comment: reviewed labels, else predictions at their threshold',
  tags: ['datasets'],
  permission: projectPermission('voc-readonly'),
  schema: {
    params: ProjectResourceParams,
    body: LabelVolumeBody,
    response: {
      200: ok({ label_volume: LabelVolume }),
      ...errorResponses(400, 401, 403, 404),
    },
  },
});
