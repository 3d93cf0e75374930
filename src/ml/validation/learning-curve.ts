// ml.md §5.7: a label's learning curve `ln(1 − AP + 0.01) = α + β·ln n`, fitted by least squares on its
// recent versions, and the number of additional reviewed positives estimated to reach a target AP.

/** One version's point: reviewed positives `n` and the label's AP. */
export type LearningPoint = {
  readonly reviewedPositives: number;
  readonly averagePrecision: number;
};

/** The fitted curve; `β < 0` means AP improves with more examples. */
export type LearningCurveFit = {
  readonly alpha: number;
  readonly beta: number;
  readonly points: number;
};

const MIN_POINTS = 3;
const MAX_NEED = 1000;

function transform(averagePrecision: number): number {
  return Math.log(1 - averagePrecision + 0.01);
}

/**
 * Fits the curve on points in chronological order (the last ≤ 10 versions plus the current one). One point
 * per distinct `n` (the latest wins); null with fewer than 3 points.
 */
export function fitLearningCurve(points: readonly LearningPoint[]): LearningCurveFit | null {
  const byCount = new Map<number, number>();
  for (const point of points) {
    if (point.reviewedPositives > 0) {
      byCount.set(point.reviewedPositives, point.averagePrecision);
    }
  }
  if (byCount.size < MIN_POINTS) {
    return null;
  }
  const entries = [...byCount].sort((a, b) => a[0] - b[0]);
  let sumX = 0;
  let sumY = 0;
  for (const [count, ap] of entries) {
    sumX += Math.log(count);
    sumY += transform(ap);
  }
  const meanX = sumX / entries.length;
  const meanY = sumY / entries.length;
  let covariance = 0;
  let variance = 0;
  for (const [count, ap] of entries) {
    const dx = Math.log(count) - meanX;
    covariance += dx * (transform(ap) - meanY);
    variance += dx * dx;
  }
  const beta = covariance / variance;
  return { alpha: meanY - beta * meanX, beta, points: entries.length };
}

/** The curve's predicted AP at `n` reviewed positives. */
export function predictedAveragePrecision(
  fit: LearningCurveFit,
  reviewedPositives: number,
): number {
  return 1.01 - Math.exp(fit.alpha + fit.beta * Math.log(reviewedPositives));
}

/**
 * Additional reviewed positives estimated to reach `targetAp`: `clamp(ceil(n* − n_j), 1, 1000)`; null when
 * the curve cannot be fitted or shows no improvement (`β ≥ 0`).
 */
export function additionalExamplesNeeded(
  fit: LearningCurveFit | null,
  reviewedPositives: number,
  targetAp: number,
): number | null {
  if (fit === null || !(fit.beta < 0)) {
    return null;
  }
  const needed = Math.exp((transform(targetAp) - fit.alpha) / fit.beta);
  return Math.min(MAX_NEED, Math.max(1, Math.ceil(needed - reviewedPositives)));
}
