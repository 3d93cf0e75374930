// ml.md §0.1–§0.2 scalar helpers of the logistic model, computed stably.

/** `σ(z) = 1 / (1 + e^(−z))`, using `e^z / (1 + e^z)` for negative `z` (ml.md §0.1). */
export function sigmoid(z: number): number {
  if (z >= 0) {
    return 1 / (1 + Math.exp(-z));
  }
  const e = Math.exp(z);
  return e / (1 + e);
}

/** `log(1 + e^z)` as `max(z, 0) + log1p(e^(−|z|))` (ml.md §0.2). */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** ml.md §3.2 balanced class weights: `N / (2·N⁺)` for positives and `N / (2·N⁻)` for negatives. */
export function balancedClassWeights(
  positives: number,
  negatives: number,
): { positive: number; negative: number } {
  const total = positives + negatives;
  return { positive: total / (2 * positives), negative: total / (2 * negatives) };
}

/** ml.md §3.6 step 1: the class-weight shift `ln(N⁻ / N⁺)` removed from raw scores before calibration. */
export function classWeightShift(positives: number, negatives: number): number {
  return Math.log(negatives / positives);
}
