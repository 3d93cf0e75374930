import { describe, expect, it } from 'vitest';

import { chooseValidationMode, foldOf, isValidationComment, splitAssignments } from './split.js';

describe('split', () => {
  it('derives folds and halves from u(uid) (ml.md §5.1, §3.6)', () => {
    // u = 0.4568… → fold floor(2.28) = 2, half floor(4.57) mod 2 = 0; u = 0.7296… → fold 3, half 1.
    expect(foldOf('0123456789abcdef.comment-1')).toBe(2);
    expect(isValidationComment('0123456789abcdef.comment-1')).toBe(false);
    const { folds, halves } = splitAssignments([
      '0123456789abcdef.comment-1',
      '0123456789abcdef.a/b.c',
    ]);
    expect(Array.from(folds)).toEqual([2, 3]);
    expect(Array.from(halves)).toEqual([0, 1]);
  });

  it('makes fold 0 exactly the validation split', () => {
    const uids = Array.from({ length: 300 }, (_, index) => `src.c${index}`);
    const { folds } = splitAssignments(uids);
    uids.forEach((uid, index) => expect(folds[index] === 0).toBe(isValidationComment(uid)));
    const share = Array.from(folds).filter((fold) => fold === 0).length / uids.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.3);
  });

  it('chooses cross-validation below 2,000 reviewed comments in auto mode', () => {
    expect(chooseValidationMode('auto', 1999)).toBe('cross_validation');
    expect(chooseValidationMode('auto', 2000)).toBe('holdout');
    expect(chooseValidationMode('holdout', 10)).toBe('holdout');
    expect(chooseValidationMode('cross_validation', 10_000)).toBe('cross_validation');
  });
});
