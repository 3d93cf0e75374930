import type { AnnotationRecord } from '../../store/store.js';

/** api.md §4.6.1: any label or entity decision, extraction capture, or explicit uninformative mark. */
export function isReviewed(
  record: Pick<AnnotationRecord, 'labelling' | 'entities' | 'moon_forms'>,
): boolean {
  return (
    record.labelling.some(
      (group) =>
        group.assigned.length + group.dismissed.length > 0 || group.uninformative !== undefined,
    ) ||
    (record.entities !== null &&
      record.entities.assigned.length + record.entities.dismissed.length > 0) ||
    (record.moon_forms !== null && record.moon_forms.length > 0)
  );
}
