import type { CoverageContributors } from './coverage.js';
import {
  piecewiseLinear,
  type LabelActionKind,
  type LabelHealthItem,
  type LabelQuality,
} from './label-health.js';

// ml.md §5.10 the Model Rating (published formula): four factors scored 0–100, combined with weights
// 0.4/0.2/0.2/0.2 and capped at the weakest factor + 20.

/** api.md §4.9 factor kinds. */
export type RatingFactorKind =
  'overall_label_health' | 'lowest_label_health' | 'coverage' | 'biased';

/** Score bands: poor < 50 ≤ average < 70 ≤ good < 90 ≤ excellent; `none` without any model. */
export type RatingQuality = 'none' | 'poor' | 'average' | 'good' | 'excellent';

/** One factor of the rating. */
export type RatingFactor = {
  readonly kind: RatingFactorKind;
  readonly score: number;
  readonly quality: RatingQuality;
  readonly datasetActions: string[];
  readonly labelActions: LabelHealthItem<LabelActionKind>[];
  readonly contributors: { readonly kind: string; readonly value: number | null }[];
};

/** The Model Rating (api.md `model_rating`). */
export type ModelRating = {
  readonly score: number;
  readonly quality: RatingQuality;
  readonly needsRefinement: boolean;
  readonly factors: RatingFactor[];
  readonly bins: readonly number[];
};

/** What the rating needs of one label (from §5.6). */
export type RatingLabel = {
  readonly name: string;
  readonly hasModel: boolean;
  /** `σ_j` (0 for a label without a model). */
  readonly score: number;
  readonly quality: LabelQuality;
  readonly reviewedPositives: number;
  readonly averagePrecision: number | null;
  readonly hasVeryLowWarning: boolean;
  readonly actions: readonly LabelHealthItem<LabelActionKind>[];
};

/** One trainable label group. */
export type RatingGroup = {
  /** `|R|`, the group's reviewed comments (the weight of its factors). */
  readonly reviewedCount: number;
  readonly labels: readonly RatingLabel[];
  readonly coverage: CoverageContributors;
  readonly meanAp: number | null;
  readonly weightedMap: number | null;
};

/** Dataset-wide balance inputs (ml.md §5.9). */
export type RatingBalance = {
  readonly biasModelScore: number | null;
  readonly shuffleRatio: number;
  readonly rebalanceRatio: number;
  readonly textSearchRatio: number;
};

/** Band boundaries of the rating. */
export const RATING_BINS: readonly number[] = [50, 70, 90];
const MAX_LABEL_ACTIONS = 10;
const COVERAGE_CURVE: readonly (readonly [number, number])[] = [
  [0.5, 0],
  [0.7, 50],
  [0.8, 70],
  [0.9, 90],
  [0.95, 100],
];

/** Band of a score (ml.md §5.10). */
export function ratingQuality(score: number): Exclude<RatingQuality, 'none'> {
  return score < 50 ? 'poor' : score < 70 ? 'average' : score < 90 ? 'good' : 'excellent';
}

/** Rounds half away from zero. */
export function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

function byScoreThenName(a: RatingLabel, b: RatingLabel): number {
  return a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function labelActionsWorstFirst(
  labels: readonly RatingLabel[],
): LabelHealthItem<LabelActionKind>[] {
  return [...labels]
    .sort(byScoreThenName)
    .flatMap((label) => label.actions)
    .slice(0, MAX_LABEL_ACTIONS);
}

type GroupFactors = {
  all: number;
  low: number;
  coverage: number;
  allContributors: Record<string, number | null>;
  lowContributors: Record<string, number | null>;
  lowestLabels: RatingLabel[];
};

/** Factors 1–3 of one group (ml.md §5.10). */
function groupFactors(group: RatingGroup): GroupFactors {
  const labels = group.labels;
  const count = labels.length;
  let sum = 0;
  let weighted = 0;
  let weights = 0;
  for (const label of labels) {
    sum += label.score;
    weighted += label.reviewedPositives * label.score;
    weights += label.reviewedPositives;
  }
  const all = count === 0 ? 0 : 0.5 * (sum / count) + 0.5 * (weights > 0 ? weighted / weights : 0);
  const lowestCount = Math.max(1, Math.ceil(0.1 * count));
  const lowestLabels = [...labels].sort(byScoreThenName).slice(0, lowestCount);
  const low =
    lowestLabels.length === 0
      ? 0
      : lowestLabels.reduce((total, label) => total + label.score, 0) / lowestLabels.length;
  const share = (quality: LabelQuality): number =>
    lowestLabels.length === 0
      ? 0
      : lowestLabels.filter((label) => label.quality === quality).length / lowestLabels.length;
  return {
    all,
    low,
    coverage: piecewiseLinear(group.coverage.ratio, COVERAGE_CURVE),
    allContributors: {
      mean_ap: group.meanAp,
      weighted_map: group.weightedMap,
      num_poor_labels: labels.filter((label) => label.quality === 'poor').length,
      num_average_labels: labels.filter((label) => label.quality === 'average').length,
    },
    lowContributors: {
      lowest_labels_map:
        lowestLabels.length === 0
          ? null
          : lowestLabels.reduce((total, label) => total + (label.averagePrecision ?? 0), 0) /
            lowestLabels.length,
      lowest_labels_poor_ratio: share('poor'),
      lowest_labels_average_ratio: share('average'),
    },
    lowestLabels,
  };
}

/** ml.md §5.10 balance factor `S_bal = 100·(0.60·sim + 0.25·rand + 0.15·srch)`. */
export function balanceScore(balance: RatingBalance): number {
  const similarity = balance.biasModelScore ?? 0.5;
  const random = Math.min(1, (balance.shuffleRatio + 0.5 * balance.rebalanceRatio) / 0.2);
  const search = 1 - Math.min(1, Math.max(0, balance.textSearchRatio - 0.1) / 0.4);
  return 100 * (0.6 * similarity + 0.25 * random + 0.15 * search);
}

function weightedMean(
  values: readonly (number | null)[],
  weights: readonly number[],
): number | null {
  let sum = 0;
  let total = 0;
  values.forEach((value, index) => {
    if (value !== null) {
      sum += value * weights[index]!;
      total += weights[index]!;
    }
  });
  return total > 0 ? sum / total : null;
}

function contributorsOf(
  records: readonly Record<string, number | null>[],
  weights: readonly number[],
  summed: ReadonlySet<string>,
): { kind: string; value: number | null }[] {
  const keys = Object.keys(records[0] ?? {});
  return keys.map((kind) => {
    const values = records.map((record) => record[kind] ?? null);
    const value = summed.has(kind)
      ? values.reduce<number>((total, item) => total + (item ?? 0), 0)
      : weightedMean(values, weights);
    return { kind, value };
  });
}

/**
 * ml.md §5.10 Model Rating of a dataset: per-group factors 1–3 averaged with weights `|R|`, the
 * dataset-wide balance factor, the capped combination, bands, actions and `needs_refinement`.
 */
export function modelRating(input: {
  readonly groups: readonly RatingGroup[];
  readonly balance: RatingBalance;
}): ModelRating {
  const groups = input.groups;
  const anyModel = groups.some((group) => group.labels.some((label) => label.hasModel));
  const perGroup = groups.map(groupFactors);
  const weights = groups.map((group) => group.reviewedCount);
  const totalWeight = weights.reduce((total, weight) => total + weight, 0);
  const combine = (pick: (factors: GroupFactors) => number): number => {
    if (perGroup.length === 0) {
      return 0;
    }
    if (totalWeight === 0) {
      return perGroup.reduce((total, factors) => total + pick(factors), 0) / perGroup.length;
    }
    return (
      perGroup.reduce((total, factors, index) => total + pick(factors) * weights[index]!, 0) /
      totalWeight
    );
  };
  const sAll = combine((factors) => factors.all);
  const sLow = combine((factors) => factors.low);
  const sCov = combine((factors) => factors.coverage);
  const sBal = balanceScore(input.balance);
  const rho = weightedMean(
    groups.map((group) => group.coverage.ratio),
    weights.map((weight) => (totalWeight === 0 ? 1 : weight)),
  );

  const coverageActions: string[] = [];
  if (sCov < 70) {
    coverageActions.push('low_confidence');
    if (rho !== null && rho < 0.7) {
      coverageActions.push('discover');
    }
  }
  const balanceActions: string[] = [];
  if (input.balance.biasModelScore !== null && input.balance.biasModelScore < 0.8) {
    balanceActions.push('bias');
  }
  if (input.balance.shuffleRatio < 0.2) {
    balanceActions.push('shuffle');
  }
  const allLabels = groups.flatMap((group) => group.labels);
  const lowestLabels = perGroup.flatMap((factors) => factors.lowestLabels);
  const coverageRecords = groups.map((group) => ({
    coverage: group.coverage.coverage,
    label_only_coverage: group.coverage.labelOnlyCoverage,
    p_any_label: group.coverage.pAnyLabel,
    expected_num_labels: group.coverage.expectedNumLabels,
    p_uninformative: group.coverage.pUninformative,
  }));
  const summedCounts = new Set(['num_poor_labels', 'num_average_labels']);
  const noSums = new Set<string>();
  const factor = (
    kind: RatingFactorKind,
    score: number,
    datasetActions: string[],
    labelActions: LabelHealthItem<LabelActionKind>[],
    contributors: { kind: string; value: number | null }[],
  ): RatingFactor => ({
    kind,
    score,
    quality: ratingQuality(score),
    datasetActions,
    labelActions,
    contributors,
  });
  const factors: RatingFactor[] = [
    factor(
      'overall_label_health',
      sAll,
      [],
      labelActionsWorstFirst(allLabels),
      contributorsOf(
        perGroup.map((factors) => factors.allContributors),
        weights,
        summedCounts,
      ),
    ),
    factor(
      'lowest_label_health',
      sLow,
      [],
      labelActionsWorstFirst(lowestLabels),
      contributorsOf(
        perGroup.map((factors) => factors.lowContributors),
        weights,
        noSums,
      ),
    ),
    factor('coverage', sCov, coverageActions, [], contributorsOf(coverageRecords, weights, noSums)),
    factor(
      'biased',
      sBal,
      balanceActions,
      [],
      [
        { kind: 'bias_model_score', value: input.balance.biasModelScore },
        { kind: 'shuffle_ratio', value: input.balance.shuffleRatio },
        { kind: 'rebalance_ratio', value: input.balance.rebalanceRatio },
        { kind: 'text_search_ratio', value: input.balance.textSearchRatio },
      ],
    ),
  ];
  const combined = 0.4 * sAll + 0.2 * sLow + 0.2 * sCov + 0.2 * sBal;
  const cap = 20 + Math.min(sAll, sLow, sCov, sBal);
  const score = anyModel ? roundHalfAwayFromZero(Math.min(combined, cap)) : 0;
  const needsRefinement =
    factors.some((item) => item.score < 70) || allLabels.some((label) => label.hasVeryLowWarning);
  return {
    score,
    quality: anyModel ? ratingQuality(score) : 'none',
    needsRefinement,
    factors,
    bins: RATING_BINS,
  };
}
