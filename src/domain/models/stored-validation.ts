import {
  datasetPrecisionMetrics,
  MIN_COMMENTS_THRESHOLD,
  type LabelValidation,
  type TrainedModel,
} from '../../ml/index.js';

import { addReviewKey, type ReviewKeys } from './review-keys.js';

// The validation of a model version as stored (ml.md §4.2: immutable, computed once by the training
// job) and the list summary. Wire views (api.md §4.9) are derived from it in validation-views.ts.

/** Per-label validation as stored; wire names. */
export type StoredLabelValidation = {
  group: string;
  train_size: number;
  test_size: number;
  reviewed_size: number;
  average_precision: number | null;
  optimal_thresholds: { high_precision: number; balanced: number; high_recall: number } | null;
  thresholds: number[];
  precisions: number[];
  recalls: number[];
  test_error_count: number;
  test_expected_count: number;
  has_model: boolean;
  health: {
    need_pinned?: number;
    need_pinned_increment?: number;
    smart: {
      score: number;
      quality: string;
      warnings: { kind: string; label: string }[];
      actions: { kind: string; label: string }[];
    };
  };
};

export type StoredValidation = {
  v: 1;
  mode: string;
  model_kind: string;
  fingerprint: string;
  trained_time: string;
  input_updated_at: string;
  training_time: number;
  reviewed_size: number;
  train_size: number;
  test_size: number;
  min_comments_threshold: number;
  mean_average_precision_safe: number | null;
  recalls: readonly number[];
  mean_precision_curve_safe: number[];
  has_uninformative: boolean;
  model_rating: {
    score: number;
    quality: string;
    needs_refinement: boolean;
    factors: {
      kind: string;
      quality: string;
      score: number;
      dataset_actions: string[];
      label_actions: { kind: string; label: string }[];
      contributors: { kind: string; value: number | null }[];
    }[];
    bins: readonly number[];
  };
  coverage: number | null;
  balance: number | null;
  bias_model_auc: number | null;
  calibration: {
    group: string;
    ece: number;
    top_label_ece: number | null;
    brier: number | null;
    reliability: unknown;
  }[];
  labels: Record<string, StoredLabelValidation>;
  /** ml.md §6.1 Check/Missed keys from out-of-sample probabilities: uid → [check, missed]. */
  review_keys: Record<string, [number | null, number | null]>;
};

/** The list summary of a version (also feeds the next versions' learning curves, ml.md §5.7). */
export type VersionSummary = {
  mode: string;
  train_size: number;
  test_size: number;
  /** label → [n_j, AP_j] for labels with AP defined. */
  label_points: Record<string, [number, number]>;
};

function healthOf(label: LabelValidation): StoredLabelValidation['health'] {
  const health = label.health;
  return {
    ...(health.needPinned === null ? {} : { need_pinned: health.needPinned }),
    ...(health.needPinnedIncrement === null
      ? {}
      : { need_pinned_increment: health.needPinnedIncrement }),
    smart: {
      score: health.score,
      quality: health.quality,
      warnings: health.warnings.map((item) => ({ kind: item.kind, label: item.label })),
      actions: health.actions.map((item) => ({ kind: item.kind, label: item.label })),
    },
  };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Builds the stored validation, the summary and `reviewed_counts` of a trained model. */
export function toStoredValidation(input: {
  trained: TrainedModel;
  reviewedUids: readonly string[];
  modelKind: string;
  fingerprint: string;
  trainedTime: string;
  inputUpdatedAt: string;
  trainingDuration: number;
}): {
  validation: StoredValidation;
  summary: VersionSummary;
  reviewedCounts: Record<string, number>;
} {
  const { trained } = input;
  const labels: Record<string, StoredLabelValidation> = {};
  const reviewedCounts: Record<string, number> = {};
  const labelPoints: Record<string, [number, number]> = {};
  const reviewKeys: Record<string, [number | null, number | null]> = {};
  for (const group of trained.groups) {
    for (const label of group.labelValidations) {
      const curve = label.curve;
      labels[label.name] = {
        group: group.name,
        train_size: label.trainSize,
        test_size: label.testSize,
        reviewed_size: label.reviewedSize,
        average_precision: label.averagePrecision,
        optimal_thresholds:
          label.thresholds === null
            ? null
            : {
                high_precision: label.thresholds.highPrecision,
                balanced: label.thresholds.balanced,
                high_recall: label.thresholds.highRecall,
              },
        thresholds: curve?.thresholds ?? [],
        precisions: curve?.precisions ?? [],
        recalls: curve?.recalls ?? [],
        test_error_count: label.testErrorCount,
        test_expected_count: label.testExpectedCount,
        has_model: label.hasModel,
        health: healthOf(label),
      };
      reviewedCounts[label.name] = label.reviewedSize;
      if (label.averagePrecision !== null) {
        labelPoints[label.name] = [label.reviewedSize, label.averagePrecision];
      }
    }
    // Check/Missed keys from out-of-sample probabilities, folded across groups (ml.md §6.1).
    const scores = group.validationScores;
    const rows = scores.rows.length;
    const labelCount = group.labels.length;
    for (let index = 0; index < rows; index += 1) {
      const uid = input.reviewedUids[scores.rows[index]!]!;
      const previous = reviewKeys[uid];
      const keys: ReviewKeys = { check: previous?.[0] ?? null, missed: previous?.[1] ?? null };
      for (let label = 0; label < labelCount; label += 1) {
        addReviewKey(keys, scores.probabilities[label * rows + index]!, {
          leafMostAssigned:
            scores.assigned[label * rows + index] === 1 &&
            !hasAssignedDescendant(group.hierarchy.parent, scores.assigned, label, index, rows),
          positive: scores.targets[label * rows + index] === 1,
        });
      }
      reviewKeys[uid] = [keys.check, keys.missed];
    }
  }
  const allLabels = trained.groups.flatMap((group) => group.labelValidations);
  const precision = datasetPrecisionMetrics(
    allLabels.map((label) => ({
      averagePrecision: label.averagePrecision,
      reviewedPositives: label.reviewedSize,
      trainPositives: label.trainSize,
      curve: label.curve,
    })),
  );
  const first = trained.groups[0];
  const reviewedSize = trained.groups.reduce(
    (largest, group) => Math.max(largest, group.reviewedSize),
    0,
  );
  const coverageFactor = trained.rating.factors.find((factor) => factor.kind === 'coverage');
  const balanceFactor = trained.rating.factors.find((factor) => factor.kind === 'biased');
  const validation: StoredValidation = {
    v: 1,
    mode: first?.mode ?? 'cross_validation',
    model_kind: input.modelKind,
    fingerprint: input.fingerprint,
    trained_time: input.trainedTime,
    input_updated_at: input.inputUpdatedAt,
    training_time: round(input.trainingDuration),
    reviewed_size: reviewedSize,
    train_size: first?.trainSize ?? 0,
    test_size: first?.testSize ?? 0,
    min_comments_threshold: MIN_COMMENTS_THRESHOLD,
    mean_average_precision_safe: precision.meanAveragePrecisionSafe,
    recalls: precision.recalls,
    mean_precision_curve_safe: precision.meanPrecisionCurveSafe,
    has_uninformative: trained.groups.some((group) => group.hasUninformative),
    model_rating: {
      score: trained.rating.score,
      quality: trained.rating.quality,
      needs_refinement: trained.rating.needsRefinement,
      factors: trained.rating.factors.map((factor) => ({
        kind: factor.kind,
        quality: factor.quality,
        score: round(factor.score),
        dataset_actions: factor.datasetActions,
        label_actions: factor.labelActions.map((item) => ({ kind: item.kind, label: item.label })),
        contributors: factor.contributors.map((item) => ({
          kind: item.kind,
          value: item.value === null ? null : round(item.value),
        })),
      })),
      bins: trained.rating.bins,
    },
    coverage: coverageFactor?.contributors.find((item) => item.kind === 'coverage')?.value ?? null,
    balance: balanceFactor === undefined ? null : round(balanceFactor.score / 100),
    bias_model_auc: trained.biasAuc,
    calibration: trained.groups.flatMap((group) =>
      group.calibration === null
        ? []
        : [
            {
              group: group.name,
              ece: group.calibration.ece,
              top_label_ece: group.calibration.topLabelEce,
              brier: group.calibration.brier,
              reliability: group.calibration.reliability,
            },
          ],
    ),
    labels,
    review_keys: reviewKeys,
  };
  return {
    validation,
    summary: {
      mode: validation.mode,
      train_size: validation.train_size,
      test_size: validation.test_size,
      label_points: labelPoints,
    },
    reviewedCounts,
  };
}

function hasAssignedDescendant(
  parent: Int32Array,
  assigned: Uint8Array,
  label: number,
  row: number,
  rows: number,
): boolean {
  for (let other = 0; other < parent.length; other += 1) {
    if (other === label || assigned[other * rows + row] !== 1) {
      continue;
    }
    for (let up = parent[other]!; up >= 0; up = parent[up]!) {
      if (up === label) {
        return true;
      }
    }
  }
  return false;
}
