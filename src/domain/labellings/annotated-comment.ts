import type { AnnotatedComment, Entity } from '../../contracts/labellings.js';
import type { AnnotationRecord, CommentRecord, SourceRecord } from '../../store/store.js';
import { hiddenPropertiesFor, toCommentResponse } from '../comments/comment-view.js';
import type { CallContext } from '../context.js';

/** AnnotatedComment (api.md §4.6.1): `labelling` only for groups with annotations; entities with both lists. */
export function toAnnotatedComment(
  context: CallContext,
  source: SourceRecord,
  comment: CommentRecord,
  annotation: AnnotationRecord | undefined,
  hasAnnotations: boolean,
): AnnotatedComment {
  const groups = (annotation?.labelling ?? []).filter(
    (group) =>
      group.assigned.length + group.dismissed.length > 0 || group.uninformative !== undefined,
  );
  return {
    comment: toCommentResponse(comment, {
      includeMarkup: true,
      hiddenProperties: hiddenPropertiesFor(context, source),
      hasAnnotations,
    }),
    ...(groups.length > 0 ? { labelling: groups } : {}),
    ...(annotation?.entities
      ? {
          entities: {
            assigned: annotation.entities.assigned as Entity[],
            dismissed: annotation.entities.dismissed as Entity[],
          },
        }
      : {}),
    ...(annotation?.moon_forms ? { moon_forms: annotation.moon_forms } : {}),
  };
}
