import type { Comment } from '../../contracts/comments.js';
import type { CommentRecord, SourceRecord } from '../../store/store.js';
import type { CallContext } from '../context.js';
import { AppError } from '../errors.js';
import { hasProjectPermission } from '../permissions/principal.js';

type Part = Record<string, unknown>;

function withoutMarkup(message: unknown): unknown {
  const copy = { ...(message as Record<string, unknown>) };
  for (const key of ['body', 'signature']) {
    const part = copy[key] as Part | undefined;
    if (part && ('text_markup' in part || 'translated_from_markup' in part)) {
      const { text_markup: _markup, translated_from_markup: _translated, ...rest } = part;
      copy[key] = rest;
    }
  }
  return copy;
}

/** Properties named in `sensitive_properties` stay hidden without `sources-read-sensitive` (api.md §3.8.3). */
export function hiddenPropertiesFor(
  context: CallContext,
  source: SourceRecord,
): ReadonlySet<string> {
  if (
    source.sensitive_properties.length === 0 ||
    hasProjectPermission(context.principal, source.owner, 'sources-read-sensitive')
  ) {
    return new Set();
  }
  return new Set(source.sensitive_properties);
}

/**
 * A filter or a count on a property the caller cannot read would reveal its values through the number
 * of matches, so it is refused (403 naming the property) rather than ignored: an ignored filter would
 * silently widen the result, which a caller could mistake for a real answer. The property is refused
 * when it is sensitive in any of the sources in scope that the caller lacks the permission for.
 */
export function requireReadableProperties(
  context: CallContext,
  sources: readonly SourceRecord[],
  names: Iterable<string>,
  use: string,
): void {
  const wanted = [...names];
  if (wanted.length === 0) {
    return;
  }
  for (const source of sources) {
    const hidden = hiddenPropertiesFor(context, source);
    const name = wanted.find((candidate) => hidden.has(candidate));
    if (name !== undefined) {
      throw new AppError(
        'forbidden',
        `Cannot ${use} the sensitive user property '${name}': it requires the 'sources-read-sensitive' permission on project '${source.owner}'`,
      );
    }
  }
}

export function toCommentResponse(
  record: CommentRecord,
  options: {
    includeMarkup: boolean;
    hiddenProperties: ReadonlySet<string>;
    hasAnnotations: boolean;
  },
): Comment {
  const properties =
    options.hiddenProperties.size === 0
      ? record.user_properties
      : Object.fromEntries(
          Object.entries(record.user_properties).filter(
            ([key]) => !options.hiddenProperties.has(key),
          ),
        );
  return {
    uid: `${record.source_id}.${record.id}`,
    id: record.id,
    source_id: record.source_id,
    ...(record.thread_id === null ? {} : { thread_id: record.thread_id }),
    timestamp: record.timestamp,
    messages: options.includeMarkup ? record.messages : record.messages.map(withoutMarkup),
    user_properties: properties,
    ...(record.text_format === null ? {} : { text_format: record.text_format }),
    attachments: record.attachments,
    created_at: record.created_at,
    last_modified: record.last_modified,
    context: record.context,
    has_annotations: options.hasAnnotations,
  };
}
