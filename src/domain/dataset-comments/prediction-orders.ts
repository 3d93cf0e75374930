import type { QueryOrder } from '../../contracts/query.js';
import type { AnnotationRecord, CommentPredictionRecord } from '../../store/store.js';

// ml.md §6.1: the ranking keys of the orders that need the newest version's stored predictions. Keys are
// fixed-width strings that sort ascending; `null` means the comment is not eligible for the order.

const TEACH_TARGET = 0.5;
const TEACH_TARGET_WITH_SENTIMENT = 0.66;
const LAST = '9';

function key(value: number): string {
  return Math.min(1, Math.max(0, value)).toFixed(12);
}

function labelName(label: QueryOrder['label']): string | undefined {
  return Array.isArray(label) ? label.join(' > ') : label;
}

function probabilityOf(record: CommentPredictionRecord | undefined, label: string): number {
  return record?.labels.find(([name]) => name === label)?.[1] ?? 0;
}

function hasAssigned(annotation: AnnotationRecord | undefined): boolean {
  return (annotation?.labelling ?? []).some((group) => group.assigned.length > 0);
}

/** The ranking key of one comment under a prediction order, or null when it is not eligible. */
export function predictionOrderKey(
  order: QueryOrder,
  record: CommentPredictionRecord | undefined,
  annotation: AnnotationRecord | undefined,
  hasSentiment: boolean,
): string | null {
  const reviewed = annotation?.reviewed === true;
  const label = labelName(order.label);
  switch (order.kind) {
    case 'by_label':
      return label === undefined ? LAST : key(1 - probabilityOf(record, label));
    case 'learning': {
      if (reviewed) {
        return null;
      }
      if (label !== undefined) {
        const target = hasSentiment ? TEACH_TARGET_WITH_SENTIMENT : TEACH_TARGET;
        return key(Math.abs(probabilityOf(record, label) - target));
      }
      // Rebalance: comments least like the reviewed set first (bias model, ml.md §5.9).
      const rebalance = record?.rebalance_key ?? null;
      return rebalance === null ? LAST : key(1 - rebalance);
    }
    case 'any_label_asc':
      if (reviewed) {
        return null;
      }
      return record === undefined ? LAST : key(record.max_informative);
    case 'check': {
      if (!reviewed || !hasAssigned(annotation)) {
        return null;
      }
      if (label !== undefined) {
        return key(probabilityOf(record, label));
      }
      const check = record?.check_key ?? null;
      return check === null ? LAST : key(check);
    }
    case 'missed': {
      if (!reviewed) {
        return null;
      }
      if (label !== undefined) {
        return key(1 - probabilityOf(record, label));
      }
      const missed = record?.missed_key ?? null;
      return missed === null ? LAST : key(1 - missed);
    }
    case 'diagnostic':
      // Diagnostic (rebalance/bias) is Rebalance's key without a label (ml.md §6.1).
      if (reviewed) {
        return null;
      }
      return record?.rebalance_key === null || record === undefined
        ? LAST
        : key(1 - record.rebalance_key);
    case 'recent':
    case 'sample':
    case 'text_search':
    case 'attachment_text_search':
    case 'semantic_search':
    case 'label_property':
      return LAST;
  }
}
