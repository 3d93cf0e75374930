import type {
  AnnotatedComment,
  Entity,
  PredictedEntity,
  PredictedLabel,
} from '../../contracts/labellings.js';
import type {
  AnnotationRecord,
  CommentPredictionRecord,
  CommentRecord,
  LabellingGroupRecord,
  SourceRecord,
} from '../../store/store.js';
import { hiddenPropertiesFor, toCommentResponse } from '../comments/comment-view.js';
import type { CallContext } from '../context.js';

/** AnnotatedComment (api.md §4.6.1): `labelling` only for groups with annotations; entities with both lists. */
export function toAnnotatedComment(
  context: CallContext,
  source: SourceRecord,
  comment: CommentRecord,
  annotation: AnnotationRecord | undefined,
  hasAnnotations: boolean,
  prediction?: Pick<CommentPredictionRecord, 'labels'>,
  exceptions?: Readonly<Record<string, { type: string }>>,
  predictedEntities?: PredictedEntity[],
): AnnotatedComment {
  const groups: (LabellingGroupRecord & { predicted?: PredictedLabel[] })[] = (
    annotation?.labelling ?? []
  ).filter(
    (group) =>
      group.assigned.length + group.dismissed.length > 0 || group.uninformative !== undefined,
  );
  if (prediction !== undefined) {
    // Stored names are plain for `default` and `<group>::<name>` otherwise (dataset-predict).
    const byGroup = new Map<string, PredictedLabel[]>();
    for (const [stored, probability] of prediction.labels) {
      const split = stored.indexOf('::');
      const group = split < 0 ? 'default' : stored.slice(0, split);
      const name = split < 0 ? stored : stored.slice(split + 2);
      byGroup.set(group, [...(byGroup.get(group) ?? []), { name: name.split(' > '), probability }]);
    }
    for (const [group, predicted] of byGroup) {
      const index = groups.findIndex((item) => item.group === group);
      if (index >= 0) {
        groups[index] = { ...groups[index]!, predicted };
      } else {
        groups.push({ group, assigned: [], dismissed: [], predicted });
      }
    }
  }
  return {
    comment: toCommentResponse(comment, {
      includeMarkup: true,
      hiddenProperties: hiddenPropertiesFor(context, source),
      hasAnnotations,
    }),
    ...(groups.length > 0 ? { labelling: groups } : {}),
    ...(annotation?.entities || predictedEntities !== undefined
      ? {
          entities: {
            assigned: (annotation?.entities?.assigned ?? []) as Entity[],
            dismissed: (annotation?.entities?.dismissed ?? []) as Entity[],
            ...(predictedEntities === undefined ? {} : { predicted: predictedEntities }),
          },
        }
      : {}),
    ...(annotation?.moon_forms ? { moon_forms: annotation.moon_forms } : {}),
    ...(exceptions !== undefined && Object.keys(exceptions).length > 0
      ? { trigger_exceptions: { ...exceptions } }
      : {}),
  };
}
