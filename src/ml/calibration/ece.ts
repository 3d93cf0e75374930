// ml.md §3.6 reported calibration quality: 15 equal-width bins over [0, 1], ECE = Σ_b (n_b/n)·|ȳ_b − p̄_b|,
// the reliability table the Validation page plots, and the Brier score.

/** Number of reliability bins (ml.md §3.6). */
export const CALIBRATION_BINS = 15;

/** One reliability bin: its pair count, mean probability and observed positive rate (null when empty). */
export type ReliabilityBin = {
  readonly count: number;
  readonly meanProbability: number | null;
  readonly observedRate: number | null;
};

/** Running sums of a reliability table; NaN probabilities (labels without a model) are skipped. */
export class ReliabilityAccumulator {
  readonly counts = new Float64Array(CALIBRATION_BINS);
  readonly probabilitySums = new Float64Array(CALIBRATION_BINS);
  readonly positiveSums = new Float64Array(CALIBRATION_BINS);
  squaredErrorSum = 0;
  total = 0;

  /** Adds one (probability, outcome) pair. */
  add(probability: number, outcome: number): void {
    if (Number.isNaN(probability)) {
      return;
    }
    const bin = Math.min(CALIBRATION_BINS - 1, Math.floor(probability * CALIBRATION_BINS));
    this.counts[bin] = this.counts[bin]! + 1;
    this.probabilitySums[bin] = this.probabilitySums[bin]! + probability;
    this.positiveSums[bin] = this.positiveSums[bin]! + outcome;
    const error = probability - outcome;
    this.squaredErrorSum += error * error;
    this.total += 1;
  }

  /** `Σ_b (n_b / n)·|ȳ_b − p̄_b|`; 0 without pairs. */
  ece(): number {
    if (this.total === 0) {
      return 0;
    }
    let sum = 0;
    for (let bin = 0; bin < CALIBRATION_BINS; bin += 1) {
      const count = this.counts[bin]!;
      if (count > 0) {
        sum +=
          (count / this.total) *
          Math.abs(this.positiveSums[bin]! / count - this.probabilitySums[bin]! / count);
      }
    }
    return sum;
  }

  /** Mean squared error of the probabilities; null without pairs. */
  brier(): number | null {
    return this.total === 0 ? null : this.squaredErrorSum / this.total;
  }

  /** The 15-bin reliability table. */
  table(): ReliabilityBin[] {
    const bins: ReliabilityBin[] = [];
    for (let bin = 0; bin < CALIBRATION_BINS; bin += 1) {
      const count = this.counts[bin]!;
      bins.push({
        count,
        meanProbability: count > 0 ? this.probabilitySums[bin]! / count : null,
        observedRate: count > 0 ? this.positiveSums[bin]! / count : null,
      });
    }
    return bins;
  }

  /** Adds every pair of another accumulator. */
  merge(other: ReliabilityAccumulator): void {
    for (let bin = 0; bin < CALIBRATION_BINS; bin += 1) {
      this.counts[bin] = this.counts[bin]! + other.counts[bin]!;
      this.probabilitySums[bin] = this.probabilitySums[bin]! + other.probabilitySums[bin]!;
      this.positiveSums[bin] = this.positiveSums[bin]! + other.positiveSums[bin]!;
    }
    this.squaredErrorSum += other.squaredErrorSum;
    this.total += other.total;
  }
}

/** ECE of pooled (probability, outcome) pairs; NaN probabilities are skipped. */
export function expectedCalibrationError(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
): number {
  const accumulator = new ReliabilityAccumulator();
  for (let index = 0; index < probabilities.length; index += 1) {
    accumulator.add(probabilities[index]!, outcomes[index]!);
  }
  return accumulator.ece();
}
