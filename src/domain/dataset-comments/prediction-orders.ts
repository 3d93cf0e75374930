import type { QueryOrder } from '../../contracts/query.js';
import { groupPrefix, rivalProbability } from '../../lib/order-keys.js';
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

/**
 * Whether a reviewed comment carries a label given by its stored name (`<group>::<name>` outside the
 * default group): assigned itself or implied by an assigned descendant (api.md §3.9.3), so Check on
 * `Order` covers a comment labelled `Order > Cancel` and Missed on `Order` does not list it.
 */
function carries(annotation: AnnotationRecord | undefined, stored: string): boolean {
  const prefix = groupPrefix(stored);
  const group = prefix === '' ? 'default' : prefix.slice(0, -2);
  const name = stored.slice(prefix.length);
  return (annotation?.labelling ?? []).some(
    (labelling) =>
      labelling.group === group &&
      labelling.assigned.some(
        (assigned) => assigned.name === name || assigned.name.startsWith(`${name} > `),
      ),
  );
}

/**
 * Whether the reviewed comments of a group each carry at most one leaf-most label: then the labels are
 * alternatives, and Teach's target is the comment's best rival rather than a fixed 0.5 (see
 * {@link predictionOrderKey}).
 */
export function isSingleLabelGroup(
  annotations: Iterable<AnnotationRecord>,
  group: string,
): boolean {
  let labelled = 0;
  for (const annotation of annotations) {
    const names = (annotation.labelling.find((entry) => entry.group === group)?.assigned ?? []).map(
      (assigned) => assigned.name,
    );
    const leafMost = names.filter(
      (name) => !names.some((other) => other !== name && other.startsWith(`${name} > `)),
    );
    if (new Set(leafMost).size > 1) {
      return false;
    }
    labelled += leafMost.length;
  }
  return labelled > 0;
}

/** How Teach (`learning` with a label) measures closeness for this dataset. */
export type TeachMode = {
  readonly hasSentiment: boolean;
  /** The label's group is single-label ({@link isSingleLabelGroup}). */
  readonly singleLabel: boolean;
};

/** The Teach mode of a query over these annotations (only a labelled `learning` order looks at them). */
export function teachMode(
  order: QueryOrder,
  annotations: Iterable<AnnotationRecord>,
  hasSentiment: boolean,
): TeachMode {
  const label = labelName(order.label);
  if (order.kind !== 'learning' || label === undefined || hasSentiment) {
    return { hasSentiment, singleLabel: false };
  }
  const prefix = groupPrefix(label);
  const group = prefix === '' ? 'default' : prefix.slice(0, -2);
  return { hasSentiment, singleLabel: isSingleLabelGroup(annotations, group) };
}

/**
 * The ranking key of one comment under a prediction order, or null when it is not eligible.
 *
 * Teach in a single-label group (Sift's rule; ml.md §6.1 has `|p_ij − t_teach|` for every group): the
 * target is the comment's best rival probability, so Teach ranks first the comments where the label is in
 * a close race with another one. There `|p − 0.5|` finds comments the model already gets right (a comment
 * at 0.5 for one label rarely has a rival), and on HWU64 and CLINC150 Teach then trailed Shuffle (README,
 * active learning). Comments without a stored probability for the label (below 0.01) come last.
 * Multi-label groups and datasets with sentiment keep the fixed target, where it is the binary boundary.
 */
export function predictionOrderKey(
  order: QueryOrder,
  record: CommentPredictionRecord | undefined,
  annotation: AnnotationRecord | undefined,
  teach: TeachMode,
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
        if (teach.hasSentiment || !teach.singleLabel) {
          const target = teach.hasSentiment ? TEACH_TARGET_WITH_SENTIMENT : TEACH_TARGET;
          return key(Math.abs(probabilityOf(record, label) - target));
        }
        const probability = record?.labels.find(([name]) => name === label)?.[1];
        return probability === undefined
          ? LAST
          : key(Math.abs(probability - rivalProbability(record?.labels ?? [], label)));
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
        // Check label: the reviewed comments that carry it, least likely first (a likely wrong label).
        return carries(annotation, label) ? key(probabilityOf(record, label)) : null;
      }
      const check = record?.check_key ?? null;
      return check === null ? LAST : key(check);
    }
    case 'missed': {
      if (!reviewed) {
        return null;
      }
      if (label !== undefined) {
        // Missed label: the reviewed comments that lack it, most likely first (a likely forgotten label).
        return carries(annotation, label) ? null : key(1 - probabilityOf(record, label));
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
