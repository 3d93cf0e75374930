import { Type, type Static, type TProperties } from 'typebox';

import { Hex16, StringEnum, Timestamp } from './common.js';

/**
 * An object whose unknown keys are rejected (api.md §4.11): a silently ignored filter would widen a stream
 * or an export. `propertyNames` rejects where `additionalProperties: false` would only strip.
 */
function closedObject<T extends TProperties>(properties: T) {
  return Type.Object(properties, { propertyNames: { enum: Object.keys(properties) } });
}

const Scalar = Type.Union([Type.String(), Type.Number()]);

export const PropertyFilter = closedObject({
  one_of: Type.Optional(Type.Array(Scalar)),
  not_one_of: Type.Optional(Type.Array(Scalar)),
  domain_not_one_of: Type.Optional(Type.Array(Type.String())),
  minimum: Type.Optional(Type.Number()),
  maximum: Type.Optional(Type.Number()),
});
export type PropertyFilter = Static<typeof PropertyFilter>;

export const ParticipantFilter = closedObject({
  one_of: Type.Optional(Type.Array(Type.String())),
  not_one_of: Type.Optional(Type.Array(Type.String())),
  domain_one_of: Type.Optional(Type.Array(Type.String())),
  domain_not_one_of: Type.Optional(Type.Array(Type.String())),
  organisation_one_of: Type.Optional(Type.Array(Type.String())),
  organisation_not_one_of: Type.Optional(Type.Array(Type.String())),
});
export type ParticipantFilter = Static<typeof ParticipantFilter>;

export const StringSetFilter = closedObject({
  one_of: Type.Optional(Type.Array(Type.String())),
  not_one_of: Type.Optional(Type.Array(Type.String())),
  include_missing: Type.Optional(Type.Boolean()),
});
export type StringSetFilter = Static<typeof StringSetFilter>;

export const TimestampRange = closedObject({
  minimum: Type.Optional(Timestamp),
  maximum: Type.Optional(Timestamp),
});

export const CommentFilter = closedObject({
  reviewed: Type.Optional(StringEnum(['only_reviewed', 'only_unreviewed'] as const)),
  timestamp: Type.Optional(TimestampRange),
  sources: Type.Optional(Type.Array(Hex16)),
  user_properties: Type.Optional(Type.Record(Type.String(), PropertyFilter)),
  messages: Type.Optional(
    closedObject({
      from: Type.Optional(ParticipantFilter),
      recipient: Type.Optional(ParticipantFilter),
      to: Type.Optional(StringSetFilter),
      cc: Type.Optional(StringSetFilter),
      bcc: Type.Optional(StringSetFilter),
    }),
  ),
  annotations: Type.Optional(
    closedObject({
      labels: Type.Optional(
        closedObject({
          one_of: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Array(Type.String())]))),
          not_one_of: Type.Optional(
            Type.Array(Type.Union([Type.String(), Type.Array(Type.String())])),
          ),
        }),
      ),
    }),
  ),
  trigger_exceptions: Type.Optional(
    Type.Record(
      Type.String(),
      closedObject({
        one_of: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Null()]))),
        not_one_of: Type.Optional(Type.Array(Type.String())),
        include_missing: Type.Optional(Type.Boolean()),
      }),
    ),
  ),
});
export type CommentFilter = Static<typeof CommentFilter>;
