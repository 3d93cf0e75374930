import type { TrainModeId } from '../../train/lib/train-modes';
import type { Action, Health } from '../hooks/use-validation';

// Issue 15 item 8: the Validation page in words a user can act on. Names follow ml.md §5.6–§5.10.

/** A contributor of a Model Rating factor: its name in words, and whether it is a share (shown in %). */
const CONTRIBUTORS: Record<string, { words: string; share: boolean }> = {
  mean_ap: { words: 'Mean average precision over the labels', share: true },
  weighted_map: { words: 'Mean average precision weighted by examples', share: true },
  num_poor_labels: { words: 'Labels in poor health', share: false },
  num_average_labels: { words: 'Labels in average health', share: false },
  lowest_labels_map: { words: 'Mean average precision of the weakest labels', share: true },
  lowest_labels_poor_ratio: { words: 'Weakest labels in poor health', share: true },
  lowest_labels_average_ratio: { words: 'Weakest labels in average health', share: true },
  coverage: { words: 'Comments with a confident informative label', share: true },
  label_only_coverage: { words: 'Comments with any confident label', share: true },
  p_any_label: { words: 'Chance that a comment has some label', share: true },
  expected_num_labels: { words: 'Expected labels per comment', share: false },
  p_uninformative: { words: 'Reviewed comments without an informative label', share: true },
  bias_model_score: { words: 'How alike reviewed and unreviewed comments are', share: true },
  shuffle_ratio: { words: 'Reviews found with Shuffle', share: true },
  rebalance_ratio: { words: 'Reviews found with Rebalance', share: true },
  text_search_ratio: { words: 'Reviews found by keyword search', share: true },
};

/** "Reviews found with Shuffle: 12 %", "Labels in poor health: 3", "…: not measured yet". */
export function describeContributor(kind: string, value: number | null): string {
  const known = CONTRIBUTORS[kind];
  const words = known?.words ?? kind.replace(/_/g, ' ');
  if (value === null) {
    return `${words}: not measured yet`;
  }
  const shown =
    known?.share === true ? `${Math.round(value * 100)} %` : String(Number(value.toFixed(2)));
  return `${words}: ${shown}`;
}

const WARNINGS: Record<string, string> = {
  very_low_reviewed_comments: 'too few examples to judge it (fewer than 10)',
  low_reviewed_comments: 'few examples (fewer than 25), so its figures are not yet reliable',
  very_low_average_precision: 'the model is often wrong on it (average precision under 50 %)',
  low_average_precision: 'the model is sometimes wrong on it (average precision under 75 %)',
  poor_coverage: 'the model misses most of its comments',
  biased:
    'its share among the reviewed comments differs from its share in the data (biased sampling)',
  confused: 'it is mixed up with another label',
};

export function describeWarning(warning: { kind: string; label?: string }): string {
  const words = WARNINGS[warning.kind] ?? warning.kind.replace(/_/g, ' ');
  return warning.kind === 'confused' && warning.label !== undefined
    ? `it is mixed up with “${warning.label}”`
    : words;
}

/**
 * One sentence per label: what to do and why, consistent with the health colour next to it (a label at
 * 100 % average precision is still red with 6 examples, and the sentence says so).
 */
export function labelAdvice(health: Health, reviewed: number): string {
  const warnings = health.smart?.warnings ?? [];
  const count = health.need_pinned_increment ?? health.need_pinned ?? null;
  const reasons = warnings.map(describeWarning);
  if (warnings.length === 0 && (count === null || count <= 0)) {
    return 'Healthy: nothing to do.';
  }
  const add =
    count !== null && count > 0
      ? `Add ${count} more example${count === 1 ? '' : 's'} (it has ${reviewed})`
      : 'Review its examples';
  return reasons.length === 0 ? `${add}.` : `${add}: ${reasons.join('; ')}.`;
}

/** Where an action is done: a Train mode (with the label), or nowhere when it is advice only. */
const ACTION_MODES: Record<string, { mode: TrainModeId | 'discover'; words: string }> = {
  teach_unreviewed: { mode: 'teach', words: 'Teach it on unreviewed comments' },
  search_for_examples: { mode: 'shuffle', words: 'Find examples in Shuffle' },
  correct_label: { mode: 'check', words: 'Check its annotations for mistakes' },
  missing_label: { mode: 'missed', words: 'Find comments where it is missing' },
  confirm_top_predicted: { mode: 'teach', words: 'Confirm its top predictions in Teach' },
  low_confidence: { mode: 'low_confidence', words: 'Label low-confidence comments' },
  discover: { mode: 'discover', words: 'Label clusters in Discover' },
  bias: { mode: 'rebalance', words: 'Rebalance the reviewed set' },
  shuffle: { mode: 'shuffle', words: 'Review comments in Shuffle' },
};

export type ActionLink = { words: string; href: string | null };

/** An action as words and, when it is done in Train, the link that opens that mode on the label. */
export function actionLink(base: string, action: Action): ActionLink {
  const kind = typeof action === 'string' ? action : action.kind;
  const label = typeof action === 'string' ? undefined : action.label;
  const known = ACTION_MODES[kind];
  if (known === undefined) {
    const words =
      kind === 'merge' || kind === 'deconfuse'
        ? `${kind === 'merge' ? 'Merge' : 'Tell apart'} the labels it is mixed up with`
        : kind.replace(/_/g, ' ');
    return { words: label === undefined ? words : `${label}: ${words}`, href: null };
  }
  const params = new URLSearchParams({ mode: known.mode });
  if (label !== undefined) {
    params.set('label', label);
  }
  return {
    words:
      label === undefined
        ? known.words
        : `${label}: ${known.words.replace(/^./, (c) => c.toLowerCase())}`,
    href: `${base}/train?${params.toString()}`,
  };
}

/** The dataset's mean AP as shown: the safe figure, else the mean over labels that have one. */
export function datasetMeanAp(
  safe: number | null,
  labels: readonly { average_precision: number | null }[],
): { value: number | null; note: string | null } {
  if (safe !== null) {
    return { value: safe, note: null };
  }
  const known = labels
    .map((entry) => entry.average_precision)
    .filter((value): value is number => value !== null);
  if (known.length === 0) {
    return { value: null, note: 'no label has enough examples for a figure yet' };
  }
  return {
    value: known.reduce((sum, value) => sum + value, 0) / known.length,
    note: `over the ${known.length} label${known.length === 1 ? '' : 's'} with a model`,
  };
}
