import { calibratedProbabilities, type GroupCalibrators } from '../calibration/calibrate-group.js';
import { buildLabelHierarchy, type LabelHierarchy } from '../classifier/label-hierarchy.js';
import { createLinearScorer, type LinearScorer } from '../classifier/linear-scorer.js';
import type { ModelFileContents, ModelFileGroup } from '../classifier/model-file.js';
import type { FeatureMatrix } from '../embeddings/combine-channels.js';

// ml.md §4.4 prediction with a stored model version: raw scores → shift removed → per-label Platt →
// hierarchy consistency (§3.3 → §3.6 → §3.5). The scorer packs the weights once per loaded version.

/** One label group of a loaded model, ready to score feature matrices built with its corpus snapshot. */
export type LoadedGroup = {
  readonly name: string;
  readonly labels: readonly string[];
  readonly hasModel: readonly boolean[];
  readonly hierarchy: LabelHierarchy;
  /** Group label index of each modelled label, ascending. */
  readonly modelled: Int32Array;
  /** `high_recall, balanced, high_precision` per group label (NaN = none). */
  readonly thresholds: Float64Array;
  /** Calibrated probabilities of every group label, label-major; NaN for labels without a model. */
  score(features: FeatureMatrix): Float64Array;
};

/** Prepares the groups of a model file for scoring. */
export function loadModelGroups(contents: ModelFileContents): LoadedGroup[] {
  const sparseDimensions = contents.corpus.vocabulary.length;
  return contents.groups.map((group) =>
    loadModelGroup(group, sparseDimensions, contents.denseDimensions),
  );
}

/** Prepares one group given the widths of the feature matrices it will score. */
export function loadModelGroup(
  group: ModelFileGroup,
  sparseDimensions: number,
  denseDimensions: number,
): LoadedGroup {
  const hierarchy = buildLabelHierarchy(group.labels);
  const modelledList: number[] = [];
  group.hasModel.forEach((has, index) => {
    if (has) {
      modelledList.push(index);
    }
  });
  const modelled = Int32Array.from(modelledList);
  const perLabel = modelledList.map((_, m) => ({
    slope: group.calibrators[2 * m]!,
    intercept: group.calibrators[2 * m + 1]!,
  }));
  const calibrators: GroupCalibrators = { global: group.calibrationGlobal, perLabel };
  const thresholds = new Float64Array(3 * group.labels.length).fill(Number.NaN);
  modelledList.forEach((label, m) => {
    thresholds.set(group.thresholds.subarray(3 * m, 3 * m + 3), 3 * label);
  });
  let scorer: LinearScorer | null = null;
  return {
    name: group.name,
    labels: group.labels,
    hasModel: group.hasModel,
    hierarchy,
    modelled,
    thresholds,
    score(features) {
      const rows = features.rows;
      if (modelled.length === 0) {
        return new Float64Array(group.labels.length * rows).fill(Number.NaN);
      }
      scorer ??= createLinearScorer({
        sparseDimensions,
        denseDimensions,
        labelCount: modelled.length,
        weights: group.weights,
        intercepts: group.intercepts,
      });
      const raw = scorer.score(features).values;
      const shifted = new Float64Array(raw.length);
      for (let m = 0; m < modelled.length; m += 1) {
        const shift = group.shifts[m]!;
        for (let row = 0; row < rows; row += 1) {
          shifted[m * rows + row] = raw[m * rows + row]! - shift;
        }
      }
      return calibratedProbabilities(hierarchy, modelled, shifted, calibrators, rows);
    },
  };
}
