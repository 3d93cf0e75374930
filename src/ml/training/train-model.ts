import {
  calibrateGroup,
  calibrationShifts,
  DEFAULT_LAMBDA_C,
  type CalibrationReport,
} from '../calibration/calibrate-group.js';
import {
  buildLabelHierarchy,
  targetsFromAssignments,
  type LabelHierarchy,
} from '../classifier/label-hierarchy.js';
import { createLinearScorer } from '../classifier/linear-scorer.js';
import type { ModelFileGroup } from '../classifier/model-file.js';
import {
  DEFAULT_C,
  fitOneVsRestAsync,
  type LabelFit,
  type LabelFitStatus,
  type OvrFit,
  type OvrTrainingInput,
  type WarmStart,
} from '../classifier/one-vs-rest.js';
import { selectRows, type FeatureMatrix } from '../embeddings/combine-channels.js';
import { averagePrecision } from '../validation/average-precision.js';
import {
  annotationSourceRatios,
  biasModelScore,
  isBiasedLabel,
  mannWhitneyAuc,
  MIN_BIAS_SAMPLE,
  type AnnotationSourceRatios,
} from '../validation/balance.js';
import {
  coverageContributors,
  findInformativeLabels,
  uninformativeShare,
  type CoverageContributors,
} from '../validation/coverage.js';
import {
  datasetPrecisionMetrics,
  type DatasetPrecisionMetrics,
} from '../validation/dataset-metrics.js';
import {
  findConfusedPairs,
  labelHealth,
  reviewCandidates,
  type LabelHealth,
} from '../validation/label-health.js';
import {
  additionalExamplesNeeded,
  fitLearningCurve,
  type LearningPoint,
} from '../validation/learning-curve.js';
import { modelRating, type ModelRating, type RatingGroup } from '../validation/model-rating.js';
import { precisionRecallCurve, type PrecisionRecallCurve } from '../validation/pr-curve.js';
import {
  chooseValidationMode,
  FOLD_COUNT,
  splitAssignments,
  type ValidationMode,
  type ValidationModeSetting,
} from '../validation/split.js';
import {
  DEFAULT_LABEL_THRESHOLD,
  pointAtThreshold,
  suggestThresholds,
  type SuggestedThresholds,
} from '../validation/thresholds.js';

import { loadModelGroup } from './score-model.js';

// ml.md §4.3 steps 3–7 as one pure computation: per label group the validation model(s), the
// production model, calibration, per-label validation and health, coverage; then the bias model and
// the Model Rating. The caller snapshots the inputs and builds the feature matrices (steps 1–2).

/** One trainable label group. */
export type TrainingGroupInput = {
  readonly name: string;
  /** Trainable labels including implied ancestors, ascending full-name order. */
  readonly labels: readonly string[];
  /** Rows (of {@link TrainingInput.features}) of the group's reviewed comments `R`, ascending. */
  readonly rows: Int32Array;
  /** Explicit assignments, label-major over `rows` (`[label · |R| + r]`). */
  readonly assigned: Uint8Array;
  /** Warm-start weights per label from the previous version (same feature spec), or null. */
  readonly warmStart?: readonly (WarmStart | null)[] | undefined;
};

/** Inputs of {@link trainModel}; every row order is ascending uid (ml.md §0.2). */
export type TrainingInput = {
  /** Every reviewed comment of the dataset. */
  readonly uids: readonly string[];
  readonly features: FeatureMatrix;
  readonly groups: readonly TrainingGroupInput[];
  readonly validationMode: ValidationModeSetting;
  readonly C?: number | undefined;
  readonly lambdaC?: number | undefined;
  /** The comments `D` of §5.8 (a seeded sample of ≤ 20,000), with which of them are unreviewed. */
  readonly population: { readonly features: FeatureMatrix; readonly unreviewed: Uint8Array } | null;
  /** The bias-model sample of §5.9: target 1 = reviewed. */
  readonly bias: {
    readonly features: FeatureMatrix;
    readonly uids: readonly string[];
    readonly reviewed: Uint8Array;
  } | null;
  /** The previous version's bias model mapped to these features (§3.4 warm start), or null. */
  readonly biasWarmStart?: WarmStart | null | undefined;
  /** Retrieval method of each reviewed comment's first annotation (§5.9). */
  readonly retrievalMethods: readonly string[];
  /** Earlier versions' `(n_j, AP_j)` per label (§5.7), oldest first. */
  readonly history?: ReadonlyMap<string, readonly LearningPoint[]> | undefined;
  readonly signal?: AbortSignal | undefined;
  /** @default in-process, one label batch after another */
  readonly fit?: OvrFitter | undefined;
};

/** Validation of one label (api.md LabelMetrics + the summary's per-label fields). */
export type LabelValidation = {
  readonly name: string;
  readonly hasModel: boolean;
  readonly trainSize: number;
  readonly testSize: number;
  readonly reviewedSize: number;
  readonly averagePrecision: number | null;
  readonly thresholds: SuggestedThresholds | null;
  readonly curve: PrecisionRecallCurve | null;
  readonly testErrorCount: number;
  readonly testExpectedCount: number;
  readonly health: LabelHealth;
};

/** Out-of-sample probabilities of the group's scored reviewed comments, for Check and Missed (§6.1). */
export type ValidationScores = {
  /** Rows (of the training input) that were scored out of sample. */
  readonly rows: Int32Array;
  /** Label-major probabilities over those rows (NaN for labels without a model). */
  readonly probabilities: Float64Array;
  /** Label-major targets over those rows. */
  readonly targets: Uint8Array;
  /** Label-major explicit assignments over those rows. */
  readonly assigned: Uint8Array;
};

/** Result of one trained group. */
export type TrainedGroup = {
  readonly name: string;
  readonly labels: readonly string[];
  readonly hierarchy: LabelHierarchy;
  readonly file: ModelFileGroup;
  readonly mode: ValidationMode;
  readonly reviewedSize: number;
  readonly trainSize: number;
  readonly testSize: number;
  readonly labelValidations: readonly LabelValidation[];
  readonly precision: DatasetPrecisionMetrics;
  readonly calibration: CalibrationReport | null;
  readonly coverage: CoverageContributors;
  readonly hasUninformative: boolean;
  readonly validationScores: ValidationScores;
  readonly trainingLog: readonly { label: string; iterations: number; status: LabelFitStatus }[];
};

/** Result of {@link trainModel}. */
export type TrainedModel = {
  readonly groups: readonly TrainedGroup[];
  readonly rating: ModelRating;
  readonly biasAuc: number | null;
  readonly biasModelScore: number | null;
  /** `P(unreviewed | x)` per row of the bias sample (the Rebalance key, §6.1), or null. */
  readonly biasScores: Float64Array | null;
  /**
   * The bias model fitted on the whole sample as a one-label group (`reviewed`, identity calibration), so
   * that the prediction job can score every unreviewed comment for Rebalance (§5.9); null when not fitted.
   */
  readonly biasGroup: ModelFileGroup | null;
  readonly ratios: AnnotationSourceRatios;
};

const BIAS_C = 1;
/** Name of the bias model's pseudo-group in a model file; never a label group name (`#` is not allowed). */
export const BIAS_GROUP = '#bias';
const EMPTY_COVERAGE: CoverageContributors = {
  coverage: 0,
  labelOnlyCoverage: 0,
  pAnyLabel: 0,
  expectedNumLabels: 0,
  pUninformative: 0,
  ratio: 0,
};

function labelTargets(
  targets: Uint8Array,
  label: number,
  rows: number,
  pick: Int32Array,
): Uint8Array {
  const out = new Uint8Array(pick.length);
  const offset = label * rows;
  for (let index = 0; index < pick.length; index += 1) {
    out[index] = targets[offset + pick[index]!]!;
  }
  return out;
}

function rowsWhere(count: number, keep: (row: number) => boolean): Int32Array {
  const rows: number[] = [];
  for (let row = 0; row < count; row += 1) {
    if (keep(row)) {
      rows.push(row);
    }
  }
  return Int32Array.from(rows);
}

type ScoredFit = { fits: readonly (LabelFit | null)[] };

/** Warm starts from an earlier fit of the same features, falling back to the version's start. */
function chainStart(
  previous: ScoredFit | null,
  fallback: readonly (WarmStart | null)[] | undefined,
  labelCount: number,
): (WarmStart | null)[] {
  return Array.from({ length: labelCount }, (_, label) => {
    const fit = previous?.fits[label];
    return fit === null || fit === undefined
      ? (fallback?.[label] ?? null)
      : { weights: fit.weights, intercept: fit.intercept };
  });
}

/** Fits one-vs-rest models; the worker may supply one that spreads labels over threads. */
export type OvrFitter = (input: OvrTrainingInput, signal?: AbortSignal) => Promise<OvrFit>;

const fitInProcess: OvrFitter = (input, signal) => fitOneVsRestAsync(input, { signal });

async function fitRows(
  fitter: OvrFitter,
  features: FeatureMatrix,
  targets: Uint8Array,
  labelCount: number,
  rows: number,
  trainRows: Int32Array,
  C: number,
  warmStart: readonly (WarmStart | null)[] | undefined,
  signal: AbortSignal | undefined,
): Promise<ScoredFit> {
  const perLabel = Array.from({ length: labelCount }, (_, label) =>
    labelTargets(targets, label, rows, trainRows),
  );
  const fit = await fitter(
    { features: selectRows(features, trainRows), targets: perLabel, C, warmStart },
    signal,
  );
  const shifts = calibrationShifts(fit.labels);
  return {
    fits: fit.labels.map((label, index) =>
      label === null ? null : { ...label, shift: shifts[index]! },
    ),
  };
}

/**
 * Shift-corrected out-of-sample scores `s' = s − ln(N⁻/N⁺)` of `scoreRows` under one fit, written into
 * `into` (label-major over `total` rows at `positions`). A label the fit could not model scores below
 * every scored row of that label, so it ranks last without distorting the calibrator much.
 */
function scoreShifted(
  features: FeatureMatrix,
  fit: ScoredFit,
  scoreRows: Int32Array,
  positions: Int32Array,
  into: Float64Array,
  total: number,
  missing: Uint8Array,
): void {
  const modelled: number[] = [];
  fit.fits.forEach((label, index) => {
    if (label !== null) {
      modelled.push(index);
    }
  });
  const width = features.sparseDimensions + features.denseDimensions;
  if (modelled.length > 0 && scoreRows.length > 0) {
    const weights = new Float32Array(modelled.length * width);
    const intercepts = new Float64Array(modelled.length);
    modelled.forEach((label, m) => {
      const labelFit = fit.fits[label]!;
      weights.set(labelFit.weights, m * width);
      intercepts[m] = labelFit.intercept;
    });
    const scorer = createLinearScorer({
      sparseDimensions: features.sparseDimensions,
      denseDimensions: features.denseDimensions,
      labelCount: modelled.length,
      weights,
      intercepts,
    });
    const scores = scorer.score(selectRows(features, scoreRows)).values;
    modelled.forEach((label, m) => {
      const shift = fit.fits[label]!.shift;
      for (let index = 0; index < scoreRows.length; index += 1) {
        into[label * total + positions[index]!] = scores[m * scoreRows.length + index]! - shift;
      }
    });
  }
  fit.fits.forEach((label, index) => {
    if (label === null) {
      for (let position = 0; position < positions.length; position += 1) {
        missing[index * total + positions[position]!] = 1;
      }
    }
  });
}

function fillMissingScores(
  scores: Float64Array,
  missing: Uint8Array,
  labelCount: number,
  rows: number,
): void {
  for (let label = 0; label < labelCount; label += 1) {
    let minimum = Number.POSITIVE_INFINITY;
    for (let row = 0; row < rows; row += 1) {
      if (missing[label * rows + row] === 0) {
        minimum = Math.min(minimum, scores[label * rows + row]!);
      }
    }
    const floor = Number.isFinite(minimum) ? minimum - 1 : -20;
    for (let row = 0; row < rows; row += 1) {
      if (missing[label * rows + row] === 1) {
        scores[label * rows + row] = floor;
      }
    }
  }
}

async function trainGroup(
  input: TrainingInput,
  group: TrainingGroupInput,
  populationProbabilities: (file: ModelFileGroup) => Float64Array | null,
): Promise<TrainedGroup> {
  const C = input.C ?? DEFAULT_C;
  const fitter = input.fit ?? fitInProcess;
  const labels = group.labels;
  const labelCount = labels.length;
  const hierarchy = buildLabelHierarchy(labels);
  const rowCount = group.rows.length;
  const features = selectRows(input.features, group.rows);
  const uids = Array.from(group.rows, (row) => input.uids[row]!);
  const targets = targetsFromAssignments(hierarchy, group.assigned, rowCount);
  const { folds, halves } = splitAssignments(uids);
  const mode = chooseValidationMode(input.validationMode, rowCount);
  const all = Int32Array.from({ length: rowCount }, (_, row) => row);

  // Validation scores (§5.1): holdout → one model on T scored on V; cross-validation → out-of-fold.
  const scoredRows = mode === 'holdout' ? rowsWhere(rowCount, (row) => folds[row] === 0) : all;
  const scoredCount = scoredRows.length;
  const position = new Int32Array(rowCount).fill(-1);
  scoredRows.forEach((row, index) => {
    position[row] = index;
  });
  const shifted = new Float64Array(labelCount * scoredCount);
  const missing = new Uint8Array(labelCount * scoredCount);
  const foldList = mode === 'holdout' ? [0] : Array.from({ length: FOLD_COUNT }, (_, fold) => fold);
  let lastValidationFit: ScoredFit | null = null;
  for (const fold of foldList) {
    const train = rowsWhere(rowCount, (row) => folds[row] !== fold);
    const held = rowsWhere(rowCount, (row) => folds[row] === fold);
    if (held.length === 0) {
      continue;
    }
    // Each fold starts from the previous fold's solution (80 % of its rows are shared): the optimum
    // is unique (§3.3), so this only saves iterations, and the chain is fixed, so it stays deterministic.
    const fit = await fitRows(
      fitter,
      features,
      targets,
      labelCount,
      rowCount,
      train,
      C,
      chainStart(lastValidationFit, group.warmStart, labelCount),
      input.signal,
    );
    scoreShifted(
      features,
      fit,
      held,
      Int32Array.from(held, (row) => position[row]!),
      shifted,
      scoredCount,
      missing,
    );
    lastValidationFit = fit;
  }
  fillMissingScores(shifted, missing, labelCount, scoredCount);
  // §4.3 step 5: the production model starts from the validation model (same features, most rows), which
  // cuts its iterations several-fold; labels the validation model could not fit keep the version's start.
  const productionStart = chainStart(lastValidationFit, group.warmStart, labelCount);

  // The production model on all of R (§4.3 step 5).
  const production = await fitRows(
    fitter,
    features,
    targets,
    labelCount,
    rowCount,
    all,
    C,
    productionStart,
    input.signal,
  );
  const modelledList: number[] = [];
  production.fits.forEach((fit, label) => {
    if (fit !== null) {
      modelledList.push(label);
    }
  });
  const modelled = Int32Array.from(modelledList);

  const scoredTargets = new Uint8Array(labelCount * scoredCount);
  const scoredAssigned = new Uint8Array(labelCount * scoredCount);
  for (let label = 0; label < labelCount; label += 1) {
    for (let index = 0; index < scoredCount; index += 1) {
      scoredTargets[label * scoredCount + index] = targets[label * rowCount + scoredRows[index]!]!;
      scoredAssigned[label * scoredCount + index] =
        group.assigned[label * rowCount + scoredRows[index]!]!;
    }
  }
  const modelledScores = new Float64Array(modelled.length * scoredCount);
  modelledList.forEach((label, m) => {
    modelledScores.set(
      shifted.subarray(label * scoredCount, (label + 1) * scoredCount),
      m * scoredCount,
    );
  });
  const goldLeaf = singleLeafGold(hierarchy, scoredAssigned, scoredCount);
  const calibration =
    modelled.length > 0 && scoredCount > 0
      ? calibrateGroup({
          hierarchy,
          modelled,
          scores: modelledScores,
          shifts: new Float64Array(modelled.length),
          targets: scoredTargets,
          rows: scoredCount,
          halves: Uint8Array.from(scoredRows, (row) => halves[row]!),
          goldLeaf,
          lambdaC: input.lambdaC ?? DEFAULT_LAMBDA_C,
        })
      : null;
  const probabilities =
    calibration?.probabilities ?? new Float64Array(labelCount * scoredCount).fill(Number.NaN);

  // Per-label curves and thresholds (§5.2–§5.5).
  const curves: (PrecisionRecallCurve | null)[] = [];
  const suggested: (SuggestedThresholds | null)[] = [];
  for (let label = 0; label < labelCount; label += 1) {
    if (production.fits[label] === null || production.fits[label] === undefined) {
      curves.push(null);
      suggested.push(null);
      continue;
    }
    const curve = precisionRecallCurve(
      probabilities.subarray(label * scoredCount, (label + 1) * scoredCount),
      scoredTargets.subarray(label * scoredCount, (label + 1) * scoredCount),
    );
    curves.push(curve);
    suggested.push(suggestThresholds(curve));
  }
  const balanced = Float64Array.from(
    suggested,
    (item) => item?.balanced ?? DEFAULT_LABEL_THRESHOLD,
  );

  const calibrators = calibration?.calibrators;
  const thresholdsBlock = new Float64Array(3 * modelled.length).fill(Number.NaN);
  const calibratorsBlock = new Float64Array(2 * modelled.length);
  const width = features.sparseDimensions + features.denseDimensions;
  const weights = new Float32Array(modelled.length * width);
  const intercepts = new Float64Array(modelled.length);
  const shifts = new Float64Array(modelled.length);
  modelledList.forEach((label, m) => {
    const fit = production.fits[label]!;
    weights.set(fit.weights, m * width);
    intercepts[m] = fit.intercept;
    shifts[m] = fit.shift;
    const platt = calibrators?.perLabel[m] ?? { slope: 1, intercept: 0 };
    calibratorsBlock[2 * m] = platt.slope;
    calibratorsBlock[2 * m + 1] = platt.intercept;
    const thresholds = suggested[label];
    if (thresholds !== null && thresholds !== undefined) {
      thresholdsBlock[3 * m] = thresholds.highRecall;
      thresholdsBlock[3 * m + 1] = thresholds.balanced;
      thresholdsBlock[3 * m + 2] = thresholds.highPrecision;
    }
  });
  const file: ModelFileGroup = {
    name: group.name,
    labels: [...labels],
    hasModel: production.fits.map((fit) => fit !== null),
    calibrationGlobal: calibrators?.global ?? { slope: 1, intercept: 0 },
    weights,
    intercepts,
    shifts,
    calibrators: calibratorsBlock,
    thresholds: thresholdsBlock,
  };

  // Coverage (§5.8) on the population D with the production model and balanced thresholds.
  const informative = findInformativeLabels({
    hierarchy,
    assigned: group.assigned,
    targets,
    rows: rowCount,
  });
  const pUninformative = uninformativeShare(targets, informative.informative, rowCount);
  const population = populationProbabilities(file);
  const populationRows = input.population?.features.rows ?? 0;
  const coverage =
    population === null || populationRows === 0
      ? { ...EMPTY_COVERAGE, pUninformative }
      : coverageContributors({
          hierarchy,
          probabilities: population,
          rows: populationRows,
          thresholds: balanced,
          informative: informative.informative,
          pUninformative,
        });

  // Health (§5.6) and learning curves (§5.7).
  const confused = findConfusedPairs({
    hierarchy,
    probabilities,
    targets: scoredTargets,
    rows: scoredCount,
    thresholds: balanced,
  });
  const trainRowsOfLabel =
    mode === 'holdout' ? rowsWhere(rowCount, (row) => folds[row] !== 0) : all;
  const labelValidations: LabelValidation[] = labels.map((name, label) => {
    let reviewedPositives = 0;
    for (let row = 0; row < rowCount; row += 1) {
      reviewedPositives += targets[label * rowCount + row]!;
    }
    let trainPositives = 0;
    for (const row of trainRowsOfLabel) {
      trainPositives += targets[label * rowCount + row]!;
    }
    const curve = curves[label] ?? null;
    const thresholds = suggested[label] ?? null;
    const hasModel = production.fits[label] !== null && production.fits[label] !== undefined;
    const ap = curve === null ? null : averagePrecision(curve);
    const atBalanced =
      curve !== null && thresholds !== null ? pointAtThreshold(curve, thresholds.balanced) : null;
    let unreviewedShare = 0;
    if (population !== null && input.population !== null) {
      let sum = 0;
      let count = 0;
      for (let row = 0; row < populationRows; row += 1) {
        if (input.population.unreviewed[row] === 1) {
          const p = population[label * populationRows + row]!;
          sum += Number.isNaN(p) ? 0 : p;
          count += 1;
        }
      }
      unreviewedShare = count === 0 ? 0 : sum / count;
    }
    const candidates = reviewCandidates(
      probabilities.subarray(label * scoredCount, (label + 1) * scoredCount),
      scoredTargets.subarray(label * scoredCount, (label + 1) * scoredCount),
      balanced[label]!,
    );
    const points = [...(input.history?.get(name) ?? [])];
    if (ap !== null) {
      points.push({ reviewedPositives, averagePrecision: ap });
    }
    const learning = fitLearningCurve(points.slice(-11));
    const health = labelHealth({
      name,
      reviewedPositives,
      hasModel,
      averagePrecision: ap,
      recallAtBalanced: atBalanced?.recall ?? null,
      biased:
        hasModel && rowCount > 0 && isBiasedLabel(reviewedPositives / rowCount, unreviewedShare),
      confusedWith: confused.flatMap((pair) =>
        pair.first === label
          ? [{ label: labels[pair.second]!, action: pair.action }]
          : pair.second === label
            ? [{ label: labels[pair.first]!, action: pair.action }]
            : [],
      ),
      hasCheckCandidates: candidates.check > 0,
      hasMissedCandidates: candidates.missed > 0,
      neededForAp075: additionalExamplesNeeded(learning, reviewedPositives, 0.75),
      neededForAp050: additionalExamplesNeeded(learning, reviewedPositives, 0.5),
    });
    return {
      name,
      hasModel,
      trainSize: trainPositives,
      testSize: curve?.positives ?? countPositives(scoredTargets, label, scoredCount),
      reviewedSize: reviewedPositives,
      averagePrecision: ap,
      thresholds,
      curve,
      testErrorCount:
        atBalanced === null ? 0 : atBalanced.falsePositives + atBalanced.falseNegatives,
      testExpectedCount: curve?.positives ?? countPositives(scoredTargets, label, scoredCount),
      health,
    };
  });
  const precision = datasetPrecisionMetrics(
    labelValidations.map((item) => ({
      averagePrecision: item.averagePrecision,
      reviewedPositives: item.reviewedSize,
      trainPositives: item.trainSize,
      curve: item.curve,
    })),
  );
  const trainingLog = labels.flatMap((label, index) => {
    const fit = production.fits[index];
    return fit === null || fit === undefined
      ? []
      : [{ label, iterations: fit.iterations, status: fit.status }];
  });
  return {
    name: group.name,
    labels,
    hierarchy,
    file,
    mode,
    reviewedSize: rowCount,
    trainSize: mode === 'holdout' ? rowCount - scoredCount : rowCount,
    testSize: scoredCount,
    labelValidations,
    precision,
    calibration: calibration?.report ?? null,
    coverage,
    hasUninformative: informative.hasUninformative,
    validationScores: {
      rows: Int32Array.from(scoredRows, (row) => group.rows[row]!),
      probabilities,
      targets: scoredTargets,
      assigned: scoredAssigned,
    },
    trainingLog,
  };
}

function countPositives(targets: Uint8Array, label: number, rows: number): number {
  let count = 0;
  for (let row = 0; row < rows; row += 1) {
    count += targets[label * rows + row]!;
  }
  return count;
}

/** Group label index of each row's single leaf-most assignment, −1 when a row has none or several. */
function singleLeafGold(hierarchy: LabelHierarchy, assigned: Uint8Array, rows: number): Int32Array {
  const gold = new Int32Array(rows).fill(-1);
  const count = new Int32Array(rows);
  for (let label = 0; label < hierarchy.labels.length; label += 1) {
    if (hierarchy.hasChildren[label] === 1) {
      continue;
    }
    for (let row = 0; row < rows; row += 1) {
      if (assigned[label * rows + row] === 1) {
        count[row] = count[row]! + 1;
        gold[row] = label;
      }
    }
  }
  for (let row = 0; row < rows; row += 1) {
    if (count[row] !== 1) {
      gold[row] = -1;
    }
  }
  return gold;
}

/** ml.md §5.9 bias model: 5-fold out-of-fold AUC of reviewed vs. unreviewed, and `P(unreviewed | x)`. */
async function fitBiasModel(
  fitter: OvrFitter,
  bias: NonNullable<TrainingInput['bias']>,
  warmStart: WarmStart | null | undefined,
  signal: AbortSignal | undefined,
): Promise<{
  auc: number | null;
  score: number | null;
  unreviewedProbability: Float64Array | null;
  group: ModelFileGroup | null;
}> {
  const rows = bias.features.rows;
  let reviewedCount = 0;
  for (let row = 0; row < rows; row += 1) {
    reviewedCount += bias.reviewed[row]!;
  }
  const unreviewedCount = rows - reviewedCount;
  if (reviewedCount < MIN_BIAS_SAMPLE || unreviewedCount < MIN_BIAS_SAMPLE) {
    return { auc: null, score: null, unreviewedProbability: null, group: null };
  }
  const { folds } = splitAssignments(bias.uids);
  const outOfFold = new Float64Array(rows);
  let previousFold: ScoredFit | null = null;
  const versionStart = warmStart === null || warmStart === undefined ? undefined : [warmStart];
  const all = Int32Array.from({ length: rows }, (_, row) => row);
  for (let fold = 0; fold < FOLD_COUNT; fold += 1) {
    const train = rowsWhere(rows, (row) => folds[row] !== fold);
    const held = rowsWhere(rows, (row) => folds[row] === fold);
    if (held.length === 0) {
      continue;
    }
    const fit = await fitRows(
      fitter,
      bias.features,
      bias.reviewed,
      1,
      rows,
      train,
      BIAS_C,
      chainStart(previousFold, versionStart, 1),
      signal,
    );
    previousFold = fit;
    const scores = new Float64Array(held.length);
    const missing = new Uint8Array(held.length);
    scoreShifted(
      bias.features,
      fit,
      held,
      Int32Array.from(held, (_, index) => index),
      scores,
      held.length,
      missing,
    );
    held.forEach((row, index) => {
      outOfFold[row] = missing[index] === 1 ? 0 : scores[index]!;
    });
  }
  const auc = mannWhitneyAuc(outOfFold, bias.reviewed);
  const full = await fitRows(
    fitter,
    bias.features,
    bias.reviewed,
    1,
    rows,
    all,
    BIAS_C,
    chainStart(previousFold, undefined, 1),
    signal,
  );
  const scores = new Float64Array(rows);
  scoreShifted(bias.features, full, all, all, scores, rows, new Uint8Array(rows));
  // The shift-corrected score is the log-odds of "reviewed" under balanced classes; 1 − σ of it is the
  // Rebalance key: how unlike the reviewed set a comment is.
  const unreviewedProbability = Float64Array.from(scores, (score) => 1 / (1 + Math.exp(score)));
  const fit = full.fits[0];
  const group: ModelFileGroup | null =
    fit === null || fit === undefined
      ? null
      : {
          name: BIAS_GROUP,
          labels: ['reviewed'],
          hasModel: [true],
          calibrationGlobal: { slope: 1, intercept: 0 },
          weights: fit.weights,
          intercepts: Float64Array.of(fit.intercept),
          shifts: Float64Array.of(fit.shift),
          calibrators: Float64Array.of(1, 0),
          thresholds: Float64Array.of(Number.NaN, Number.NaN, Number.NaN),
        };
  return {
    auc,
    score: biasModelScore(auc, reviewedCount, unreviewedCount),
    unreviewedProbability,
    group,
  };
}

/** ml.md §4.3 steps 3–7 over a snapshot of a dataset's training inputs. */
export async function trainModel(input: TrainingInput): Promise<TrainedModel> {
  const groups: TrainedGroup[] = [];
  for (const group of input.groups) {
    const populationProbabilities = (file: ModelFileGroup): Float64Array | null => {
      if (input.population === null || input.population.features.rows === 0) {
        return null;
      }
      return loadModelGroup(
        file,
        input.features.sparseDimensions,
        input.features.denseDimensions,
      ).score(input.population.features);
    };
    groups.push(await trainGroup(input, group, populationProbabilities));
  }
  const bias =
    input.bias === null
      ? { auc: null, score: null, unreviewedProbability: null, group: null }
      : await fitBiasModel(
          input.fit ?? fitInProcess,
          input.bias,
          input.biasWarmStart,
          input.signal,
        );
  const ratios = annotationSourceRatios(input.retrievalMethods);
  const ratingGroups: RatingGroup[] = groups.map((group) => ({
    reviewedCount: group.reviewedSize,
    labels: group.labelValidations.map((label) => ({
      name: label.name,
      hasModel: label.hasModel,
      score: label.health.score,
      quality: label.health.quality,
      reviewedPositives: label.reviewedSize,
      averagePrecision: label.averagePrecision,
      hasVeryLowWarning: label.health.warnings.some((warning) =>
        warning.kind.startsWith('very_low'),
      ),
      actions: label.health.actions,
    })),
    coverage: group.coverage,
    meanAp: group.precision.meanAp,
    weightedMap: group.precision.weightedMap,
  }));
  const rating = modelRating({
    groups: ratingGroups,
    balance: {
      biasModelScore: bias.score,
      shuffleRatio: ratios.shuffleRatio,
      rebalanceRatio: ratios.rebalanceRatio,
      textSearchRatio: ratios.textSearchRatio,
    },
  });
  return {
    groups,
    rating,
    biasAuc: bias.auc,
    biasModelScore: bias.score,
    biasScores: bias.unreviewedProbability,
    biasGroup: bias.group,
    ratios,
  };
}
