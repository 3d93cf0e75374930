import type { PrecisionRecallCurve } from './pr-curve.js';

// ml.md §5.5: the three suggested thresholds of a label, chosen among its PR points (§5.2).

/** Target precision of `high_precision` and target recall of `high_recall`. */
export const HIGH_TARGET = 0.95;
/** Threshold used when a label has no `balanced` threshold (ml.md §5.5, api.md §9 item 34). */
export const DEFAULT_LABEL_THRESHOLD = 0.5;

/** The suggested thresholds (api.md `optimal_thresholds`). */
export type SuggestedThresholds = {
  readonly highRecall: number;
  readonly balanced: number;
  readonly highPrecision: number;
};

/** Index of the PR point with the highest F1; ties → the larger threshold (the earlier point). */
function balancedPoint(curve: PrecisionRecallCurve): number {
  let best = -1;
  let bestF1 = -1;
  for (let index = 0; index < curve.thresholds.length; index += 1) {
    const precision = curve.precisions[index]!;
    const recall = curve.recalls[index]!;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > bestF1) {
      best = index;
      bestF1 = f1;
    }
  }
  return best;
}

function highPrecisionPoint(curve: PrecisionRecallCurve): number {
  let best = -1;
  for (let index = 0; index < curve.thresholds.length; index += 1) {
    if (
      curve.precisions[index]! >= HIGH_TARGET &&
      (best < 0 || curve.recalls[index]! > curve.recalls[best]!)
    ) {
      best = index;
    }
  }
  if (best >= 0) {
    return best;
  }
  // No point reaches 0.95: the highest precision, ties → the larger recall.
  for (let index = 0; index < curve.thresholds.length; index += 1) {
    const precision = curve.precisions[index]!;
    if (
      best < 0 ||
      precision > curve.precisions[best]! ||
      (precision === curve.precisions[best]! && curve.recalls[index]! > curve.recalls[best]!)
    ) {
      best = index;
    }
  }
  return best;
}

function highRecallPoint(curve: PrecisionRecallCurve): number {
  // Thresholds descend, so the first point reaching the recall target has the largest threshold.
  for (let index = 0; index < curve.thresholds.length; index += 1) {
    if (curve.recalls[index]! >= HIGH_TARGET) {
      return index;
    }
  }
  return curve.thresholds.length - 1;
}

/** ml.md §5.5 thresholds with `balanced ← min(max(balanced, high_recall), high_precision)`; null without positives. */
export function suggestThresholds(curve: PrecisionRecallCurve): SuggestedThresholds | null {
  if (curve.thresholds.length === 0) {
    return null;
  }
  const highRecall = curve.thresholds[highRecallPoint(curve)]!;
  const highPrecision = curve.thresholds[highPrecisionPoint(curve)]!;
  const balanced = Math.min(
    Math.max(curve.thresholds[balancedPoint(curve)]!, highRecall),
    highPrecision,
  );
  return { highRecall, balanced, highPrecision };
}

/** The PR point at a threshold that is one of the curve's thresholds (e.g. a suggested one). */
export function pointAtThreshold(
  curve: PrecisionRecallCurve,
  threshold: number,
): { precision: number; recall: number; falsePositives: number; falseNegatives: number } | null {
  const index = curve.thresholds.indexOf(threshold);
  if (index < 0) {
    return null;
  }
  return {
    precision: curve.precisions[index]!,
    recall: curve.recalls[index]!,
    falsePositives: curve.falsePositives[index]!,
    falseNegatives: curve.positives - curve.truePositives[index]!,
  };
}

/** Names of the thresholds a probability reaches (`p ≥ t`), for a prediction's `auto_thresholds`. */
export function reachedThresholds(
  thresholds: SuggestedThresholds,
  probability: number,
): ('high_recall' | 'balanced' | 'high_precision')[] {
  const reached: ('high_recall' | 'balanced' | 'high_precision')[] = [];
  if (probability >= thresholds.highRecall) {
    reached.push('high_recall');
  }
  if (probability >= thresholds.balanced) {
    reached.push('balanced');
  }
  if (probability >= thresholds.highPrecision) {
    reached.push('high_precision');
  }
  return reached;
}
