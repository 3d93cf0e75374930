import { applyHierarchyConsistency, type LabelHierarchy } from '../classifier/label-hierarchy.js';

import { ReliabilityAccumulator, type ReliabilityBin } from './ece.js';
import {
  applyPlatt,
  fitPlatt,
  IDENTITY_PLATT,
  type PlattData,
  type PlattParameters,
} from './platt.js';

// ml.md §3.6: a label group's calibrators (global Platt + per-label Platt shrunk to it), the calibrated
// validation probabilities (§3.5 applied), and the cross-fitted calibration report.

/** Positive calibration pairs a label needs for its own Platt fit (ml.md §3.6 step 4). */
export const PER_LABEL_MIN_POSITIVES = 50;
/** Shrinkage `λ_c` of per-label fits towards the global fit (ml.md §3.6 step 4). */
export const DEFAULT_LAMBDA_C = 10;

/** Calibrators of a group: the global fit and one (possibly equal) pair per modelled label. */
export type GroupCalibrators = {
  readonly global: PlattParameters;
  readonly perLabel: readonly PlattParameters[];
};

/** Validation data of one label group. */
export type GroupCalibrationInput = {
  readonly hierarchy: LabelHierarchy;
  /** Group label index of each modelled label, ascending. */
  readonly modelled: Int32Array;
  /** Raw out-of-sample scores, modelled-label-major (`[m · rows + row]`). */
  readonly scores: Float64Array;
  /** `ln(N⁻/N⁺)` of the model that produced each label's scores. */
  readonly shifts: Float64Array;
  /** Targets of every group label, label-major. */
  readonly targets: Uint8Array;
  readonly rows: number;
  /** Per row `floor(10·u(uid)) mod 2`, the cross-fitting halves (ml.md §3.6). */
  readonly halves: Uint8Array;
  /** Group label index of each row's single gold leaf, −1 for none; enables top-1 ECE. */
  readonly goldLeaf?: Int32Array | undefined;
  /** @default 10 */
  readonly lambdaC?: number | undefined;
};

/** The calibration report of the validation payload (Sift addition `calibration`). */
export type CalibrationReport = {
  /** Cross-fitted pooled ECE, the mean of the two halves. */
  readonly ece: number;
  readonly topLabelEce: number | null;
  readonly brier: number | null;
  readonly reliability: readonly ReliabilityBin[];
};

/** Result of {@link calibrateGroup}. */
export type GroupCalibration = {
  readonly calibrators: GroupCalibrators;
  /** Calibrated validation probabilities of every group label (NaN = no model), §3.5 applied. */
  readonly probabilities: Float64Array;
  readonly report: CalibrationReport;
};

/**
 * The shift each label's scores lose before calibration (ml.md §3.6 step 1), by label (null: no model).
 * Sift's rule: a label with fewer positives than {@link PER_LABEL_MIN_POSITIVES} takes the shift of the
 * mean positive count of all such labels in its fit, instead of its own `ln(N⁻/N⁺)`. A handful of reviewed
 * comments does not estimate a base rate, and once comments are chosen by Teach or search rather than at
 * random the counts record the annotator's choices, not the data's: with its own shift a label Teach
 * happened to draw five comments for outranks a label with two by `ln 2.5` on every comment, and the
 * active-learning curve of ml.md §10.5 falls below Shuffle's. Labels with enough positives keep their own
 * shift, as they keep their own calibrator.
 */
export function calibrationShifts(
  counts: readonly ({ readonly positives: number; readonly negatives: number } | null)[],
): (number | null)[] {
  let fewShotPositives = 0;
  let fewShotLabels = 0;
  let rows = 0;
  for (const count of counts) {
    if (count !== null && count.positives < PER_LABEL_MIN_POSITIVES) {
      fewShotPositives += count.positives;
      fewShotLabels += 1;
      rows = count.positives + count.negatives;
    }
  }
  const mean = fewShotLabels === 0 ? 0 : fewShotPositives / fewShotLabels;
  return counts.map((count) => {
    if (count === null) {
      return null;
    }
    return count.positives < PER_LABEL_MIN_POSITIVES
      ? Math.log((rows - mean) / mean)
      : Math.log(count.negatives / count.positives);
  });
}

/** Subtracts each label's class-weight shift (ml.md §3.6 step 1) into a new array. */
export function shiftScores(
  scores: Float64Array,
  shifts: Float64Array,
  rows: number,
): Float64Array {
  const shifted = new Float64Array(scores.length);
  for (let label = 0; label < shifts.length; label += 1) {
    const shift = shifts[label]!;
    const offset = label * rows;
    for (let row = 0; row < rows; row += 1) {
      shifted[offset + row] = scores[offset + row]! - shift;
    }
  }
  return shifted;
}

/** ml.md §3.6 steps 3–5: global Platt, then per-label fits for labels with ≥ 50 positives. */
export function fitGroupCalibrators(
  shifted: Float64Array,
  targets: readonly Uint8Array[],
  rows: number,
  options: { mask?: Uint8Array | undefined; lambdaC?: number | undefined } = {},
): GroupCalibrators {
  const parts: PlattData[] = targets.map((labelTargets, label) => ({
    scores: shifted.subarray(label * rows, (label + 1) * rows),
    targets: labelTargets,
    mask: options.mask,
  }));
  const global = fitPlatt(parts, { start: IDENTITY_PLATT });
  const strength = options.lambdaC ?? DEFAULT_LAMBDA_C;
  const perLabel = parts.map((part) => {
    let positives = 0;
    for (let row = 0; row < rows; row += 1) {
      if (part.targets[row] === 1 && (part.mask === undefined || part.mask[row] === 1)) {
        positives += 1;
      }
    }
    if (positives < PER_LABEL_MIN_POSITIVES) {
      return global;
    }
    return fitPlatt([part], { start: global, prior: { center: global, strength } });
  });
  return { global, perLabel };
}

/** Calibrated probabilities of every group label from shifted modelled scores, §3.5 applied. */
export function calibratedProbabilities(
  hierarchy: LabelHierarchy,
  modelled: Int32Array,
  shifted: Float64Array,
  calibrators: GroupCalibrators,
  rows: number,
): Float64Array {
  const probabilities = new Float64Array(hierarchy.labels.length * rows).fill(Number.NaN);
  for (let m = 0; m < modelled.length; m += 1) {
    const parameters = calibrators.perLabel[m]!;
    const from = m * rows;
    const to = modelled[m]! * rows;
    for (let row = 0; row < rows; row += 1) {
      probabilities[to + row] = applyPlatt(parameters, shifted[from + row]!);
    }
  }
  applyHierarchyConsistency(hierarchy, probabilities, rows);
  return probabilities;
}

function leafIndices(hierarchy: LabelHierarchy): number[] {
  const leaves: number[] = [];
  hierarchy.labels.forEach((_, label) => {
    if (hierarchy.hasChildren[label] === 0) {
      leaves.push(label);
    }
  });
  return leaves;
}

/** Fits the group's calibrators on all validation rows and reports cross-fitted ECE (ml.md §3.6). */
export function calibrateGroup(input: GroupCalibrationInput): GroupCalibration {
  const { hierarchy, modelled, rows, targets, halves } = input;
  const shifted = shiftScores(input.scores, input.shifts, rows);
  const modelledTargets = Array.from(modelled, (label) =>
    targets.subarray(label * rows, (label + 1) * rows),
  );
  const lambdaC = input.lambdaC;
  const calibrators = fitGroupCalibrators(shifted, modelledTargets, rows, { lambdaC });
  const probabilities = calibratedProbabilities(hierarchy, modelled, shifted, calibrators, rows);

  const labelCount = hierarchy.labels.length;
  const leaves = leafIndices(hierarchy);
  const pooled = new ReliabilityAccumulator();
  const halfEces: number[] = [];
  const topEces: number[] = [];
  for (let half = 0; half < 2; half += 1) {
    const fitMask = new Uint8Array(rows);
    let evaluated = 0;
    for (let row = 0; row < rows; row += 1) {
      fitMask[row] = halves[row] === half ? 1 : 0;
      evaluated += halves[row] === half ? 0 : 1;
    }
    if (evaluated === 0 || evaluated === rows) {
      continue;
    }
    const crossCalibrators = fitGroupCalibrators(shifted, modelledTargets, rows, {
      mask: fitMask,
      lambdaC,
    });
    const crossProbabilities = calibratedProbabilities(
      hierarchy,
      modelled,
      shifted,
      crossCalibrators,
      rows,
    );
    const accumulator = new ReliabilityAccumulator();
    const top = new ReliabilityAccumulator();
    for (let row = 0; row < rows; row += 1) {
      if (fitMask[row] === 1) {
        continue;
      }
      for (let label = 0; label < labelCount; label += 1) {
        accumulator.add(crossProbabilities[label * rows + row]!, targets[label * rows + row]!);
      }
      if (input.goldLeaf !== undefined) {
        let best = -1;
        let bestProbability = -1;
        for (const leaf of leaves) {
          const probability = crossProbabilities[leaf * rows + row]!;
          if (probability > bestProbability) {
            best = leaf;
            bestProbability = probability;
          }
        }
        if (best >= 0) {
          top.add(bestProbability, best === input.goldLeaf[row] ? 1 : 0);
        }
      }
    }
    halfEces.push(accumulator.ece());
    if (top.total > 0) {
      topEces.push(top.ece());
    }
    pooled.merge(accumulator);
  }
  const mean = (values: number[]): number | null =>
    values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    calibrators,
    probabilities,
    report: {
      ece: mean(halfEces) ?? 0,
      topLabelEce: input.goldLeaf === undefined ? null : mean(topEces),
      brier: pooled.brier(),
      reliability: pooled.table(),
    },
  };
}
