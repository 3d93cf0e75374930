import { unitHash } from '../random.js';

// ml.md §5.1: the validation split, the cross-validation folds and the choice of mode, all from the unit
// hash of the comment uid — fixed for the life of the dataset and independent of annotation order.

/** Share of comments in the validation split: `u(uid) < 0.2`. */
export const VALIDATION_FRACTION = 0.2;
/** Number of cross-validation folds; fold 0 is exactly the validation split. */
export const FOLD_COUNT = 5;
/** `auto` uses cross-validation below this many reviewed comments. */
export const CROSS_VALIDATION_BELOW = 2000;
/** Labels with fewer training positives are left out of the "safe" means (ml.md §5.1). */
export const MIN_COMMENTS_THRESHOLD = 20;

/** The dataset's `validation_mode` setting. */
export type ValidationModeSetting = 'auto' | 'holdout' | 'cross_validation';
/** The mode a model version was validated with. */
export type ValidationMode = 'holdout' | 'cross_validation';

/** ml.md §5.1 fold of a uid, `floor(5·u(uid))`. */
export function foldOf(uid: string): number {
  return Math.floor(FOLD_COUNT * unitHash(uid));
}

/** ml.md §5.1: whether a comment belongs to the validation split `V`. */
export function isValidationComment(uid: string): boolean {
  return unitHash(uid) < VALIDATION_FRACTION;
}

/** Fold and calibration half of each uid (one hash per uid). */
export function splitAssignments(uids: readonly string[]): {
  folds: Uint8Array;
  halves: Uint8Array;
} {
  const folds = new Uint8Array(uids.length);
  const halves = new Uint8Array(uids.length);
  uids.forEach((uid, index) => {
    const unit = unitHash(uid);
    folds[index] = Math.floor(FOLD_COUNT * unit);
    halves[index] = Math.floor(10 * unit) % 2;
  });
  return { folds, halves };
}

/** ml.md §5.1 mode choice: `auto` → cross-validation below 2,000 reviewed comments, else holdout. */
export function chooseValidationMode(
  setting: ValidationModeSetting,
  reviewedCount: number,
): ValidationMode {
  if (setting === 'auto') {
    return reviewedCount < CROSS_VALIDATION_BELOW ? 'cross_validation' : 'holdout';
  }
  return setting;
}
