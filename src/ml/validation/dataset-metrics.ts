import { interpolatedPrecision, type PrecisionRecallCurve } from './pr-curve.js';
import { MIN_COMMENTS_THRESHOLD } from './split.js';

// ml.md §5.4 dataset-level precision metrics of a label group.

/** Recall grid of the mean precision curve: 0.00, 0.05, …, 1.00 (k/20, exact in binary). */
export const RECALL_GRID: readonly number[] = Array.from({ length: 21 }, (_, step) => step / 20);

/** What §5.4 needs of one label. */
export type LabelPrecisionSummary = {
  readonly averagePrecision: number | null;
  /** `n_j`: reviewed positives. */
  readonly reviewedPositives: number;
  /** Positives in `train_size` (decides `min_comments_threshold`). */
  readonly trainPositives: number;
  readonly curve: PrecisionRecallCurve | null;
};

/** ml.md §5.4 results. */
export type DatasetPrecisionMetrics = {
  readonly meanAp: number | null;
  readonly meanAveragePrecisionSafe: number | null;
  readonly weightedMap: number | null;
  readonly recalls: readonly number[];
  readonly meanPrecisionCurveSafe: number[];
};

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** `mean_ap`, `mean_average_precision_safe`, `weighted_map` and the mean precision curve (ml.md §5.4). */
export function datasetPrecisionMetrics(
  labels: readonly LabelPrecisionSummary[],
  minCommentsThreshold = MIN_COMMENTS_THRESHOLD,
): DatasetPrecisionMetrics {
  const defined = labels.filter((label) => label.averagePrecision !== null);
  const safe = defined.filter((label) => label.trainPositives >= minCommentsThreshold);
  let weightedSum = 0;
  let weightTotal = 0;
  for (const label of defined) {
    weightedSum += label.reviewedPositives * label.averagePrecision!;
    weightTotal += label.reviewedPositives;
  }
  const meanPrecisionCurveSafe = RECALL_GRID.map((recall) => {
    if (safe.length === 0) {
      return 0;
    }
    let sum = 0;
    for (const label of safe) {
      sum += label.curve === null ? 0 : interpolatedPrecision(label.curve, recall);
    }
    return sum / safe.length;
  });
  return {
    meanAp: mean(defined.map((label) => label.averagePrecision!)),
    meanAveragePrecisionSafe: mean(safe.map((label) => label.averagePrecision!)),
    weightedMap: weightTotal > 0 ? weightedSum / weightTotal : null,
    recalls: RECALL_GRID,
    meanPrecisionCurveSafe,
  };
}

/** ml.md §5.4 `cooccurrence`: for each label pair, the reviewed comments positive for both. */
export function cooccurrenceCounts(
  targets: Uint8Array,
  labelCount: number,
  rows: number,
): Int32Array {
  const counts = new Int32Array(labelCount * labelCount);
  const positives: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    positives.length = 0;
    for (let label = 0; label < labelCount; label += 1) {
      if (targets[label * rows + row] === 1) {
        positives.push(label);
      }
    }
    for (const a of positives) {
      for (const b of positives) {
        counts[a * labelCount + b] = counts[a * labelCount + b]! + 1;
      }
    }
  }
  return counts;
}
