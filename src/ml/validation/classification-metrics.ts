// Single-label metrics used by the evaluation harness (ml.md §10.2): confusion matrix, per-class
// precision/recall/F1, macro-F1 and accuracy.

/** Per-class results; `null` where a ratio is undefined (0/0). */
export type ClassMetrics = {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly support: number;
  readonly predicted: number;
};

/** A confusion matrix: `counts[gold · classes + predicted]`. */
export type ConfusionMatrix = { readonly classes: number; readonly counts: Int32Array };

/** Counts gold/predicted class pairs (indices in `[0, classes)`). */
export function confusionMatrix(
  gold: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): ConfusionMatrix {
  const counts = new Int32Array(classes * classes);
  for (let index = 0; index < gold.length; index += 1) {
    const cell = gold[index]! * classes + predicted[index]!;
    counts[cell] = counts[cell]! + 1;
  }
  return { classes, counts };
}

/** Precision, recall and F1 of each class of a confusion matrix. */
export function classMetrics(matrix: ConfusionMatrix): ClassMetrics[] {
  const { classes, counts } = matrix;
  const results: ClassMetrics[] = [];
  for (let cls = 0; cls < classes; cls += 1) {
    let predicted = 0;
    let support = 0;
    for (let other = 0; other < classes; other += 1) {
      predicted += counts[other * classes + cls]!;
      support += counts[cls * classes + other]!;
    }
    const truePositives = counts[cls * classes + cls]!;
    const precision = predicted > 0 ? truePositives / predicted : null;
    const recall = support > 0 ? truePositives / support : null;
    const f1 =
      precision !== null && recall !== null
        ? precision + recall > 0
          ? (2 * precision * recall) / (precision + recall)
          : 0
        : null;
    results.push({ precision, recall, f1, support, predicted });
  }
  return results;
}

/** Mean F1 over classes that occur in gold or predictions, an undefined F1 counting 0 (as scikit-learn). */
export function macroF1(matrix: ConfusionMatrix): number | null {
  const supported = classMetrics(matrix).filter(
    (metrics) => metrics.support > 0 || metrics.predicted > 0,
  );
  if (supported.length === 0) {
    return null;
  }
  return supported.reduce((sum, metrics) => sum + (metrics.f1 ?? 0), 0) / supported.length;
}

/** Share of the diagonal; null for an empty matrix. */
export function accuracy(matrix: ConfusionMatrix): number | null {
  let total = 0;
  let correct = 0;
  for (let cls = 0; cls < matrix.classes; cls += 1) {
    for (let other = 0; other < matrix.classes; other += 1) {
      const count = matrix.counts[cls * matrix.classes + other]!;
      total += count;
      correct += cls === other ? count : 0;
    }
  }
  return total === 0 ? null : correct / total;
}
