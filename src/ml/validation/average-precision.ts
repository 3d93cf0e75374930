import type { PrecisionRecallCurve } from './pr-curve.js';

/** ml.md §5.3 `AP = Σ_k (R_k − R_{k−1})·P_k` (no interpolation); null when the label has no positive. */
export function averagePrecision(curve: PrecisionRecallCurve): number | null {
  if (curve.positives === 0) {
    return null;
  }
  let previousRecall = 0;
  let sum = 0;
  for (let index = 0; index < curve.recalls.length; index += 1) {
    const recall = curve.recalls[index]!;
    sum += (recall - previousRecall) * curve.precisions[index]!;
    previousRecall = recall;
  }
  return sum;
}
