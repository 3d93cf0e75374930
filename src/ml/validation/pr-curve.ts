// ml.md §5.2: per-label precision/recall points at the distinct probabilities of the positive
// validation comments, ties grouped (all comments with one probability enter together).

/** The PR points of one label; `thresholds` strictly descending, `recalls` non-decreasing to 1. */
export type PrecisionRecallCurve = {
  readonly thresholds: number[];
  readonly precisions: number[];
  readonly recalls: number[];
  /** Counts behind each point (not on the wire; used for error counts). */
  readonly truePositives: number[];
  readonly falsePositives: number[];
  /** `N⁺`, the label's positives among the scored comments. */
  readonly positives: number;
  readonly negatives: number;
};

/** ml.md §5.2 PR points of one label from its probabilities and 0/1 targets (finite probabilities). */
export function precisionRecallCurve(
  probabilities: ArrayLike<number>,
  targets: ArrayLike<number>,
): PrecisionRecallCurve {
  const count = probabilities.length;
  let positives = 0;
  for (let index = 0; index < count; index += 1) {
    positives += targets[index] === 1 ? 1 : 0;
  }
  const curve: PrecisionRecallCurve = {
    thresholds: [],
    precisions: [],
    recalls: [],
    truePositives: [],
    falsePositives: [],
    positives,
    negatives: count - positives,
  };
  if (positives === 0) {
    return curve;
  }
  const order = Int32Array.from({ length: count }, (_, index) => index).sort(
    (a, b) => probabilities[b]! - probabilities[a]! || a - b,
  );
  let truePositives = 0;
  let falsePositives = 0;
  let start = 0;
  while (start < count) {
    const value = probabilities[order[start]!]!;
    let groupPositives = 0;
    let end = start;
    while (end < count && probabilities[order[end]!] === value) {
      if (targets[order[end]!] === 1) {
        groupPositives += 1;
      } else {
        falsePositives += 1;
      }
      end += 1;
    }
    truePositives += groupPositives;
    if (groupPositives > 0) {
      curve.thresholds.push(value);
      curve.precisions.push(truePositives / (truePositives + falsePositives));
      curve.recalls.push(truePositives / positives);
      curve.truePositives.push(truePositives);
      curve.falsePositives.push(falsePositives);
    }
    start = end;
  }
  return curve;
}

/** ml.md §5.4 interpolated precision `P̂(r) = max{P_k : R_k ≥ r}`, 0 when no point reaches `r`. */
export function interpolatedPrecision(curve: PrecisionRecallCurve, recall: number): number {
  let best = 0;
  for (let index = curve.recalls.length - 1; index >= 0; index -= 1) {
    if (curve.recalls[index]! < recall) {
      break;
    }
    best = Math.max(best, curve.precisions[index]!);
  }
  return best;
}
