/**
 * ml.md §6.1 ranking keys of reviewed comments, shared by validation (out-of-sample probabilities) and
 * dataset prediction (production probabilities) so that Check and Missed rank the same way whichever
 * model scored a comment: Check is the lowest probability among the comment's leaf-most assigned labels,
 * Missed the highest among labels that are not positive for it.
 */
export type ReviewKeys = { check: number | null; missed: number | null };

export function emptyReviewKeys(): ReviewKeys {
  return { check: null, missed: null };
}

/** Folds one label's probability for a reviewed comment into its keys. */
export function addReviewKey(
  keys: ReviewKeys,
  probability: number,
  label: { leafMostAssigned: boolean; positive: boolean },
): void {
  if (Number.isNaN(probability)) {
    return;
  }
  if (label.leafMostAssigned) {
    keys.check = keys.check === null ? probability : Math.min(keys.check, probability);
  }
  if (!label.positive) {
    keys.missed = keys.missed === null ? probability : Math.max(keys.missed, probability);
  }
}
