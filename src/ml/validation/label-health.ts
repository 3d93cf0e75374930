import { isAncestor, type LabelHierarchy } from '../classifier/label-hierarchy.js';

// ml.md §5.6 label health: warnings, the health score σ_j, quality, actions and how many more examples.

/** api.md §4.9 warning kinds. */
export type LabelWarningKind =
  | 'confused'
  | 'biased'
  | 'low_average_precision'
  | 'very_low_average_precision'
  | 'low_reviewed_comments'
  | 'very_low_reviewed_comments'
  | 'poor_coverage';

/** api.md §4.9 action kinds. */
export type LabelActionKind =
  | 'merge'
  | 'deconfuse'
  | 'confirm_top_predicted'
  | 'correct_label'
  | 'missing_label'
  | 'teach_unreviewed'
  | 'search_for_examples';

/** A warning or action; `label` names the label concerned (the other label for confusion). */
export type LabelHealthItem<K extends string> = { readonly kind: K; readonly label: string };

/** Label quality bands (ml.md §5.6). */
export type LabelQuality = 'poor' | 'average' | 'good';

/** A confusion between two labels (ml.md §5.6). */
export type ConfusedPair = {
  readonly first: number;
  readonly second: number;
  readonly errors: number;
  readonly rate: number;
  readonly action: 'merge' | 'deconfuse';
};

/** What §5.6 needs of one label. */
export type LabelHealthInput = {
  readonly name: string;
  /** `n_j`, reviewed positives. */
  readonly reviewedPositives: number;
  readonly hasModel: boolean;
  readonly averagePrecision: number | null;
  /** Recall at the `balanced` threshold; null without thresholds. */
  readonly recallAtBalanced: number | null;
  readonly biased: boolean;
  /** Other labels this one is confused with. */
  readonly confusedWith: readonly {
    readonly label: string;
    readonly action: 'merge' | 'deconfuse';
  }[];
  /** Reviewed positives with validation `p < τ` exist. */
  readonly hasCheckCandidates: boolean;
  /** Reviewed negatives with validation `p ≥ τ` exist. */
  readonly hasMissedCandidates: boolean;
  /** Additional positives to reach AP 0.75 / 0.5 from the learning curve (§5.7), null when unknown. */
  readonly neededForAp075?: number | null | undefined;
  readonly neededForAp050?: number | null | undefined;
};

/** ml.md §5.6 health of one label (api.md `health`). */
export type LabelHealth = {
  readonly score: number;
  readonly quality: LabelQuality;
  readonly warnings: LabelHealthItem<LabelWarningKind>[];
  readonly actions: LabelHealthItem<LabelActionKind>[];
  readonly needPinned: number | null;
  readonly needPinnedIncrement: number | null;
};

const MAX_ACTIONS = 3;
const HEALTH_CURVE: readonly (readonly [number, number])[] = [
  [0, 0],
  [0.5, 50],
  [0.75, 70],
  [0.9, 90],
  [1, 100],
];

/** `PL(x; points)`: linear interpolation between points, constant beyond the ends (ml.md §5.10). */
export function piecewiseLinear(x: number, points: readonly (readonly [number, number])[]): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (x <= first[0]) {
    return first[1];
  }
  if (x >= last[0]) {
    return last[1];
  }
  for (let index = 1; index < points.length; index += 1) {
    const [x1, y1] = points[index]!;
    if (x <= x1) {
      const [x0, y0] = points[index - 1]!;
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return last[1];
}

/** `h(AP)` of ml.md §5.6, through (0,0), (0.5,50), (0.75,70), (0.9,90), (1,100). */
export function healthOfAveragePrecision(averagePrecision: number): number {
  return piecewiseLinear(averagePrecision, HEALTH_CURVE);
}

/** Quality band of a health score: poor < 50 ≤ average < 70 ≤ good. */
export function labelQuality(score: number): LabelQuality {
  return score < 50 ? 'poor' : score < 70 ? 'average' : 'good';
}

/**
 * ml.md §5.6 confused pairs on the validation comments: `e_jk` cross-errors at balanced thresholds `τ`,
 * `rate = e_jk / (N⁺_j + N⁺_k)`; a pair is confused when `e ≥ 3` and `rate ≥ 0.2` (`merge` from 0.5).
 * Labels in an ancestor relation, and labels without probabilities (NaN), are skipped.
 */
export function findConfusedPairs(input: {
  readonly hierarchy: LabelHierarchy;
  readonly probabilities: Float64Array;
  readonly targets: Uint8Array;
  readonly rows: number;
  readonly thresholds: ArrayLike<number>;
}): ConfusedPair[] {
  const { hierarchy, probabilities, targets, rows, thresholds } = input;
  const labelCount = hierarchy.labels.length;
  const positives = new Int32Array(labelCount);
  const modelled = new Uint8Array(labelCount);
  for (let label = 0; label < labelCount; label += 1) {
    modelled[label] = Number.isNaN(probabilities[label * rows]) ? 0 : 1;
    for (let row = 0; row < rows; row += 1) {
      positives[label] = positives[label]! + targets[label * rows + row]!;
    }
  }
  const pairs: ConfusedPair[] = [];
  for (let first = 0; first < labelCount; first += 1) {
    for (let second = first + 1; second < labelCount; second += 1) {
      if (
        modelled[first] === 0 ||
        modelled[second] === 0 ||
        isAncestor(hierarchy, first, second) ||
        isAncestor(hierarchy, second, first)
      ) {
        continue;
      }
      const total = positives[first]! + positives[second]!;
      if (total === 0) {
        continue;
      }
      let errors = 0;
      const a = first * rows;
      const b = second * rows;
      const thresholdA = thresholds[first]!;
      const thresholdB = thresholds[second]!;
      for (let row = 0; row < rows; row += 1) {
        const yA = targets[a + row];
        const yB = targets[b + row];
        if (yB === 1 && yA === 0 && probabilities[a + row]! >= thresholdA) {
          errors += 1;
        }
        if (yA === 1 && yB === 0 && probabilities[b + row]! >= thresholdB) {
          errors += 1;
        }
      }
      const rate = errors / total;
      if (errors >= 3 && rate >= 0.2) {
        pairs.push({ first, second, errors, rate, action: rate >= 0.5 ? 'merge' : 'deconfuse' });
      }
    }
  }
  return pairs;
}

/** Check (positives below `τ`) and Missed (negatives at or above `τ`) candidate counts of one label. */
export function reviewCandidates(
  probabilities: ArrayLike<number>,
  targets: ArrayLike<number>,
  threshold: number,
): { check: number; missed: number } {
  let check = 0;
  let missed = 0;
  for (let row = 0; row < probabilities.length; row += 1) {
    const probability = probabilities[row]!;
    if (Number.isNaN(probability)) {
      continue;
    }
    if (targets[row] === 1 && probability < threshold) {
      check += 1;
    } else if (targets[row] !== 1 && probability >= threshold) {
      missed += 1;
    }
  }
  return { check, missed };
}

/** ml.md §5.6 warnings, score, quality, actions (priority order, at most three) and example needs. */
export function labelHealth(input: LabelHealthInput): LabelHealth {
  const { name, reviewedPositives: n, averagePrecision: ap } = input;
  const warnings: LabelHealthItem<LabelWarningKind>[] = [];
  const veryLowCount = n < 10 || !input.hasModel;
  const lowCount = !veryLowCount && n < 25;
  if (veryLowCount) {
    warnings.push({ kind: 'very_low_reviewed_comments', label: name });
  } else if (lowCount) {
    warnings.push({ kind: 'low_reviewed_comments', label: name });
  }
  const precisionKnown = n >= 10 && ap !== null;
  const veryLowAp = precisionKnown && ap < 0.5;
  const lowAp = precisionKnown && ap >= 0.5 && ap < 0.75;
  if (veryLowAp) {
    warnings.push({ kind: 'very_low_average_precision', label: name });
  } else if (lowAp) {
    warnings.push({ kind: 'low_average_precision', label: name });
  }
  const poorCoverage = input.recallAtBalanced !== null && input.recallAtBalanced < 0.5;
  if (poorCoverage) {
    warnings.push({ kind: 'poor_coverage', label: name });
  }
  if (input.biased) {
    warnings.push({ kind: 'biased', label: name });
  }
  for (const other of input.confusedWith) {
    warnings.push({ kind: 'confused', label: other.label });
  }

  let score = ap === null || !input.hasModel ? 0 : healthOfAveragePrecision(ap);
  if (n < 10) {
    score = Math.min(score, 49);
  } else if (n < 25 || input.confusedWith.length > 0) {
    score = Math.min(score, 69);
  }

  const actions: LabelHealthItem<LabelActionKind>[] = [];
  const addAction = (kind: LabelActionKind, label: string): void => {
    if (!actions.some((action) => action.kind === kind && action.label === label)) {
      actions.push({ kind, label });
    }
  };
  if (veryLowCount || lowCount) {
    addAction('teach_unreviewed', name);
    if (n < 5) {
      addAction('search_for_examples', name);
    }
  }
  if (veryLowAp || lowAp) {
    if (input.hasCheckCandidates) {
      addAction('correct_label', name);
    } else if (input.hasMissedCandidates) {
      addAction('missing_label', name);
    } else {
      addAction('teach_unreviewed', name);
    }
  }
  if (poorCoverage) {
    addAction('confirm_top_predicted', name);
  }
  if (input.biased) {
    addAction('teach_unreviewed', name);
  }
  for (const other of input.confusedWith) {
    addAction(other.action, other.label);
  }

  const needs: number[] = [];
  if (veryLowCount || lowCount) {
    needs.push(Math.max(0, 25 - n));
  }
  const curveNeed = veryLowAp ? input.neededForAp050 : lowAp ? input.neededForAp075 : undefined;
  if (curveNeed !== undefined && curveNeed !== null) {
    needs.push(curveNeed);
  }
  const needPinned = needs.length === 0 ? null : Math.max(...needs);
  const needPinnedIncrement =
    needPinned === null ? null : Math.min(needPinned, Math.max(5, Math.ceil(0.2 * n)));
  return {
    score,
    quality: labelQuality(score),
    warnings,
    actions: actions.slice(0, MAX_ACTIONS),
    needPinned,
    needPinnedIncrement,
  };
}
